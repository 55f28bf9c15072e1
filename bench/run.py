"""`python -m bench.run` (`make bench`): the benchmarks at the `hanoi` scale, with their budgets.

1. Creates `var/bench.sqlite3` (migrate + the demo generator at `hanoi` scale) and times it.
2. Diacritic-free people search (the selector the list page and the API use), median of 50 runs.
3. The people list page and the people API list against a trivial view, in-process with Django's
   test client, logged in as the dept officer, median of 30 requests each.
4. The 40.000-row Excel import (bench/import_people.py), when present — last, as it adds people.

Prints one line per figure with its budget and PASS/FAIL; exits 1 if any figure fails.
Options: --reuse (keep an existing bench database), --skip-import, --scale small (a quick run).
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.scale import BENCH_DB, generate, setup_django

SEED_BUDGET_SECONDS = 60.0
SEARCH_BUDGET_MS = 50.0
SEARCH_RUNS = 50
SEARCH_QUERIES = ("nguyen van an", "duc giang", "tran thi", "hoang minh", "hn0399")
PAGE_RUNS = 30
PAGE_WARMUP = 3
PAGE_RATIO_BUDGET = 3.0
IMPORT_ROWS = 40_000
IMPORT_BUDGET_SECONDS = 30.0
BENCH_USERNAME = "thuongtruc"  # dept officer on the root: sees all 40.000 people


def vn(value: float, decimals: int = 0) -> str:
    """Vietnamese number format: 40000 → "40.000", 12.5 → "12,5"."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    budget: float | None  # None: for information
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.budget is None or self.value <= self.budget

    def line(self) -> str:
        value = f"{vn(self.value, 1)} {self.unit}"
        budget = f"≤ {vn(self.budget, 1)} {self.unit}" if self.budget is not None else "—"
        verdict = "" if self.budget is None else ("PASS" if self.ok else "FAIL")
        note = f"  {self.note}" if self.note else ""
        return f"{self.name:<46} {value:>14} {budget:>16}  {verdict:<4}{note}"


def median_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bench_search() -> list[Figure]:
    """What the list page does for a search: the count and the first page of 50, scoped."""
    from thidua.accounts.models import User
    from thidua.organizations.scoping import forget_grants
    from thidua.organizations.selectors.people import PeopleFilter, search_people

    user = User.objects.get(username=BENCH_USERNAME)
    figures = []
    for query in SEARCH_QUERIES:
        found = 0

        def search(query: str = query) -> None:
            nonlocal found
            forget_grants(user)  # a request loads the user's grants once
            people = search_people(user, PeopleFilter(query=query))
            found = people.count()
            list(people[:50])

        ms = median_ms(search, SEARCH_RUNS)
        figures.append(
            Figure(f"Tìm kiếm “{query}”", ms, "ms", SEARCH_BUDGET_MS, f"{vn(found)} kết quả")
        )
    return figures


def bench_pages() -> list[Figure]:
    """People page and API list vs a trivial view, same middleware, same logged-in user."""
    from django.test import Client
    from django.test.utils import override_settings

    from thidua.accounts.models import User

    user = User.objects.get(username=BENCH_USERNAME)
    urls = {
        "trivial": "/bench/trivial",
        "page": "/can-bo/",
        "api": "/api/v1/people",
        "search_page": "/can-bo/?q=nguyen+van+an",
    }
    timings: dict[str, float] = {}
    statuses: dict[str, int] = {}
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        # The pages, not the static manifest, are under test (no collectstatic needed).
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF="bench.urls", STORAGES=storages):
        client = Client()
        client.force_login(user)
        for name, url in urls.items():
            statuses[name] = client.get(url).status_code
            timings[name] = median_ms(lambda url=url: client.get(url), PAGE_RUNS, PAGE_WARMUP)
    trivial = timings["trivial"]

    def note(name: str) -> str:
        status = statuses[name]
        return f"{vn(timings[name], 1)} ms / {vn(trivial, 1)} ms" + (
            "" if status == 200 else f" — HTTP {status}!"
        )

    figures = [Figure("Trang tầm thường (trivial view)", trivial, "ms", None)]
    for name, label in [
        ("page", "Trang Cán bộ /can-bo/ ÷ trivial"),
        ("api", "API /api/v1/people ÷ trivial"),
        ("search_page", "Trang tìm “nguyen van an” ÷ trivial"),
    ]:
        ratio = timings[name] / trivial
        budget = PAGE_RATIO_BUDGET if name != "search_page" else None
        if statuses[name] != 200 and budget is not None:
            ratio = float("inf")  # a page that fails is not fast
        figures.append(Figure(label, ratio, "×", budget, note(name)))
    return figures


def bench_import() -> list[Figure]:
    """bench/import_people.py (helper H3's measurement), when present."""
    try:
        from bench import import_people
    except ImportError:
        return [Figure("Nhập Excel 40.000 người", 0.0, "s", None, "bench/import_people.py chưa có")]
    from thidua.organizations.enums import ImportStatus

    workdir = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    result = import_people.measure(IMPORT_ROWS, workdir=workdir)
    figures = []
    for key, label in [("import", "lần đầu"), ("reimport", "nhập lại, không đổi")]:
        outcome = result[f"{key}_outcome"]
        succeeded = outcome[0] == ImportStatus.SUCCEEDED
        figures.append(
            Figure(
                f"Nhập Excel {vn(IMPORT_ROWS)} người ({label})",
                result[f"{key}_seconds"] if succeeded else float("inf"),
                "s",
                IMPORT_BUDGET_SECONDS,
                f"trạng thái, tạo, cập nhật, không đổi: {outcome}",
            )
        )
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--scale", default="hanoi", choices=["small", "hanoi"])
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--skip-import", action="store_true", help="skip the Excel import")
    parser.add_argument("--db", type=Path, default=BENCH_DB)
    args = parser.parse_args(argv)

    reuse = args.reuse and args.db.exists()
    setup_django(args.db, fresh=not reuse)
    figures: list[Figure] = []
    if reuse:
        print(f"Dùng lại cơ sở dữ liệu đo {args.db}")
    else:
        print(f"Tạo cơ sở dữ liệu đo {args.db} (quy mô {args.scale})…")
        summary = generate(args.scale)
        figures.append(
            Figure(
                f"Tạo dữ liệu {args.scale} (seed_demo)",
                summary.seconds,
                "s",
                SEED_BUDGET_SECONDS,
                f"{summary.units} đơn vị, {vn(summary.collectives)} khoa/phòng, "
                f"{vn(summary.people)} người",
            )
        )
    figures += bench_search()
    figures += bench_pages()
    if not args.skip_import:
        figures += bench_import()

    print()
    print(f"{'Phép đo':<46} {'Kết quả':>14} {'Ngưỡng':>16}  Đạt?")
    print("-" * 100)
    for figure in figures:
        print(figure.line())
    failed = [f for f in figures if not f.ok]
    print()
    print("Tất cả đạt ngưỡng." if not failed else f"{len(failed)} phép đo KHÔNG đạt ngưỡng.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
