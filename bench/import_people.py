"""Benchmark: importing 40.000 people from one Excel file (the `hanoi` scale of DESIGN.md §6).

Budget: reading, checking and writing 40.000 rows well under 30 s on SQLite. Run alone it uses a
fresh SQLite database and media folder in a temporary directory:

    uv run --frozen python -m bench.import_people [rows]

`measure()` can also be called from a bench runner that has already set Django up on a migrated
database; it then adds its units, user and people to that database.
"""

import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

BUDGET_SECONDS = 30.0
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hồng"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Lan", "Linh"]
POSITIONS = ["Bác sĩ", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên", "Hộ lý", "Chuyên viên"]
KINDS = ["Viên chức", "Viên chức", "Viên chức", "Người lao động", "Công chức"]


def generate_people_xlsx(
    path: Path, n: int, unit_codes: Sequence[str], *, start: str = "01/01/2024"
) -> Path:
    """Write an import file of `n` people spread over `unit_codes`, streamed (write-only) as a
    large export would be, all starting in their unit on `start`. Deterministic: the same
    arguments give the same rows."""
    from thidua.organizations.importing.rows import PEOPLE_COLUMNS

    rng = random.Random(20250101)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cán bộ")
    sheet.append([spec.header for spec in PEOPLE_COLUMNS])
    for index in range(n):
        given = rng.choice(GIVEN)
        birth = dt.date(1960 + rng.randrange(40), rng.randrange(1, 13), rng.randrange(1, 29))
        sheet.append(
            [
                f"BENCH{index:06d}",
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {given}",
                "Nữ" if rng.random() < 0.6 else "Nam",
                birth.strftime("%d/%m/%Y") if index % 2 else dt.datetime.combine(birth, dt.time()),
                unit_codes[index % len(unit_codes)],
                rng.choice(POSITIONS),
                rng.choice(KINDS),
                f"bench{index}@benhvien.vn",
                f"09{rng.randrange(10**8):08d}",
                start,
            ]
        )
    workbook.save(path)
    return path


def _bench_tree(units: int) -> tuple[Any, list[str]]:
    """A system administrator on the root and the codes of `units` units to put people in
    (the units that exist, else a generated tree of hospitals with khoa)."""
    from thidua.accounts.models import User
    from thidua.accounts.roles import Role
    from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
    from thidua.organizations.models import RoleAssignment, Unit
    from thidua.organizations.services.units import create_unit

    root = Unit.objects.filter(parent__isnull=True).first()
    if root is None:
        root = create_unit(
            by=None, code="SYT", name="Sở Y tế Hà Nội", kind=UnitKind.DEPARTMENT, parent=None
        )
    codes = list(
        Unit.objects.filter(kind__in=SUB_UNIT_KINDS, is_active=True)
        .order_by("path")
        .values_list("code", flat=True)[:units]
    )
    hospital = 0
    while len(codes) < units:
        hospital += 1
        parent = create_unit(
            by=None,
            code=f"BENCH_BV{hospital:03d}",
            name=f"Bệnh viện thử nghiệm {hospital}",
            kind=UnitKind.HOSPITAL,
            parent=root,
        )
        for khoa in range(1, 6):
            codes.append(
                create_unit(
                    by=None,
                    code=f"BENCH_BV{hospital:03d}_K{khoa}",
                    name=f"Khoa {khoa} — bệnh viện {hospital}",
                    kind=UnitKind.CLINICAL_DEPARTMENT,
                    parent=parent,
                ).code
            )
    user, _ = User.objects.get_or_create(
        username="bench_import", defaults={"full_name": "Đo hiệu năng nhập Excel"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.SYSTEM_ADMIN, unit=root)
    return user, codes[:units]


def _timed_import(user: Any, path: Path) -> tuple[float, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
    from thidua.organizations.enums import ImportKind
    from thidua.organizations.services.imports import create_import_job, run_import

    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type=XLSX_CONTENT_TYPE)
    started = time.perf_counter()
    job = create_import_job(by=user, kind=ImportKind.PEOPLE, upload=upload)
    job = run_import(job, by=user)
    return time.perf_counter() - started, job


def measure(n: int = 40_000, *, workdir: Path | None = None, units: int = 150) -> dict[str, Any]:
    """Generate `n` people and import them three times: all new, then the same file again (all
    unchanged), then everyone moved to another unit (all updated, a membership closed and one
    opened each). Django must be set up on a migrated database. Returns timings in seconds
    (wall clock and CPU) and the outcomes (status, created, updated, unchanged)."""
    from thidua.organizations.enums import ImportStatus

    folder = workdir or Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    user, codes = _bench_tree(units)
    started = time.perf_counter()
    path = generate_people_xlsx(folder / f"can-bo-{n}.xlsx", n, codes)
    moved = generate_people_xlsx(
        folder / f"can-bo-{n}-chuyen.xlsx", n, [*codes[1:], codes[0]], start="01/06/2025"
    )
    result: dict[str, Any] = {
        "rows": n,
        "file_mb": round(path.stat().st_size / 1_048_576, 1),
        "generate_seconds": round(time.perf_counter() - started, 2),
        "budget_seconds": BUDGET_SECONDS,
    }
    ok = True
    for name, source in (("import", path), ("reimport", path), ("move", moved)):
        cpu = time.process_time()
        seconds, job = _timed_import(user, source)
        result[f"{name}_seconds"] = round(seconds, 2)
        result[f"{name}_cpu_seconds"] = round(time.process_time() - cpu, 2)
        result[f"{name}_outcome"] = (
            job.status,
            job.created_count,
            job.updated_count,
            job.unchanged_count,
        )
        ok = ok and job.status == ImportStatus.SUCCEEDED and seconds < BUDGET_SECONDS
    result["ok"] = ok
    return result


def main(argv: Sequence[str]) -> int:
    rows = int(argv[1]) if len(argv) > 1 else 40_000
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["THIDUA_MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    result = measure(rows, workdir=folder)
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
