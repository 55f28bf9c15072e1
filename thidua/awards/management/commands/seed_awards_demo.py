"""`manage.py seed_awards_demo [--seed N]`: demo inputs of awards (`thidua.awards.demo`)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.awards.demo import DEFAULT_SEED, install_demo_awards, install_demo_round


class Command(BaseCommand):
    help = (
        "Chỉ dùng cho bản demo: xếp loại hằng năm, danh hiệu đã đạt (có một khen thưởng theo "
        "chuyên đề, một khen thưởng bị hủy bỏ), một kỷ luật, một trường hợp đang thanh tra; đợt "
        "xét khen thưởng năm nay với các đề nghị của bệnh viện mẫu ở từng bước thẩm định."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError("Không được tạo dữ liệu demo trong môi trường sản xuất.")
        started = time.perf_counter()
        summary = install_demo_awards(options["seed"])
        demo_round = install_demo_round()
        if options["verbosity"] < 1:
            return
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        ratings, awards = (f"{n:,}".replace(",", ".") for n in (summary.ratings, summary.awards))
        nominations = sum(demo_round.nominations.values()) if demo_round else 0
        self.stdout.write(
            f"Khen thưởng demo: {ratings} xếp loại, {awards} danh hiệu, một đợt xét với "
            f"{nominations} đề nghị ({seconds} giây)."
        )
