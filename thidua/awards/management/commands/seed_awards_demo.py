"""`manage.py seed_awards_demo [--seed N]`: demo inputs of awards (`thidua.awards.demo`)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.awards.demo import DEFAULT_SEED, install_demo_awards


class Command(BaseCommand):
    help = (
        "Chỉ dùng cho bản demo: xếp loại hằng năm, danh hiệu đã đạt (có một khen thưởng theo "
        "chuyên đề, một khen thưởng bị hủy bỏ), một kỷ luật, một trường hợp đang thanh tra."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
        started = time.perf_counter()
        summary = install_demo_awards(options["seed"])
        if options["verbosity"] < 1:
            return
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        ratings, awards = (f"{n:,}".replace(",", ".") for n in (summary.ratings, summary.awards))
        self.stdout.write(
            f"Khen thưởng demo: {ratings} xếp loại, {awards} danh hiệu ({seconds} giây)."
        )
