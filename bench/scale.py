"""The scale data generator for benchmarks: the demo data set, on a database of its own.

    from bench.scale import setup_django, generate
    setup_django(Path("var/bench.sqlite3"), fresh=True)   # before importing Django models
    summary = generate("hanoi")                            # 150 units, 2.500 khoa/phòng, 40.000 people

`generate` reuses the demo generator (thidua.organizations.demo_data), so the benchmarks measure
the same data a demo shows, deterministic from the seed.
"""

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thidua.organizations.demo_data.install import SeedSummary

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = PROJECT_DIR / "var" / "bench.sqlite3"


def setup_django(db_path: Path = BENCH_DB, *, fresh: bool = True) -> None:
    """Point Django at a SQLite file of its own (deleted first when `fresh`), set it up and
    migrate. Two-factor sign-in is off and the test client's host is allowed: the bench logs in
    with `force_login`."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
    os.environ["THIDUA_2FA_REQUIRED"] = "false"
    os.environ["THIDUA_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("THIDUA_MEDIA_ROOT", tempfile.mkdtemp(prefix="thidua-bench-media-"))
    os.environ.setdefault("THIDUA_LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def generate(scale: str = "hanoi", *, seed: int | None = None) -> "SeedSummary":
    """Seed the (empty, migrated) database at `scale` with the demo generator."""
    from thidua.organizations.demo_data.install import seed_demo_data
    from thidua.organizations.demo_data.plan import DEFAULT_SEED

    return seed_demo_data(scale, seed=DEFAULT_SEED if seed is None else seed)
