"""`manage.py seed_reporting_demo [--seed N]`

Demo only: fills the default movement with periodic reports (every closed quarter and year, the
current quarter partly filled, khoa/phòng reports and evidence files of Bệnh viện Xanh Pôn),
then computes their scores and rankings (`thidua.reporting.demo`). The demo seed (`seed_demo`)
runs it after `seed_movement_demo`; a production install never does, and the command refuses the
production settings. Run again, it changes nothing.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.core.errors import DomainError
from thidua.movements import defaults
from thidua.movements.models import Movement
from thidua.reporting.demo import DEFAULT_SEED, install_demo_reports
from thidua.reporting.demo_documents import issue_demo_documents
from thidua.reporting.models import Report


def _number(value: int) -> str:
    """1234 → "1.234" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Chỉ dùng cho bản demo: tạo báo cáo định kỳ của các đơn vị (các kỳ đã khóa và kỳ hiện "
        "tại), minh chứng, rồi tính điểm và xếp hạng cho phong trào mặc định."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Hạt giống ngẫu nhiên (cùng hạt giống, cùng ngày → cùng dữ liệu).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError(
                "Không được tạo dữ liệu demo trong môi trường sản xuất. Demo data is refused "
                "with the production settings."
            )
        movement = Movement.objects.filter(code=defaults.MOVEMENT_CODE).first()
        if movement is None:
            raise CommandError(
                "Chưa có phong trào mặc định: chạy `manage.py create_default_movement` trước."
            )
        if Report.objects.filter(movement=movement).exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Phong trào đã có báo cáo định kỳ: giữ nguyên, không tạo thêm.")
            return
        try:
            result = install_demo_reports(
                movement, today=timezone.localdate(), seed=options["seed"]
            )
            documents = issue_demo_documents(movement, today=timezone.localdate())
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] < 1:
            return
        current = f" Kỳ {result.current_period} đang nhập liệu." if result.current_period else ""
        years = ", ".join(str(year) for year in result.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu demo báo cáo định kỳ: {_number(result.unit_reports)} báo cáo của đơn "
                f"vị, {_number(result.khoa_reports)} của khoa/phòng, {_number(result.values)} số "
                f"liệu, {_number(result.evidence)} minh chứng; điểm và xếp hạng năm {years}."
                f"{current} {documents} văn bản đã phát hành."
            )
        )
