"""`manage.py seed_movement_demo [--seed N]`

Demo only: fills the default movement with registrations of 2026, targets, pledges of the 2026
clusters and opens the next year's round today (`thidua.movements.demo`). The demo seed
(`seed_demo`) runs it after `create_default_movement`; a production install never does, and the
command refuses the production settings. Run again, it changes nothing.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.core.errors import DomainError
from thidua.movements import defaults
from thidua.movements.demo import DEFAULT_SEED, DEMO_YEAR, install_demo_registrations
from thidua.movements.models import Movement, UnitRegistration


def _number(value: int) -> str:
    """1234 → "1.234" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Chỉ dùng cho bản demo: tạo đăng ký thi đua năm 2026, chỉ tiêu, giao ước của các cụm, "
        "khối và mở đợt đăng ký năm sau cho phong trào mặc định."
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
        if UnitRegistration.objects.filter(
            round__movement=movement, round__year=DEMO_YEAR
        ).exists():
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"Đợt đăng ký năm {DEMO_YEAR} đã có dữ liệu: giữ nguyên, không tạo thêm."
                )
            return
        try:
            result = install_demo_registrations(
                movement, today=timezone.localdate(), seed=options["seed"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] < 1:
            return
        opened = (
            f" Đã mở đợt đăng ký năm {result.next_round_year}." if result.next_round_year else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu demo năm {DEMO_YEAR}: {_number(result.unit_registrations)} đăng ký của "
                f"đơn vị, {_number(result.personal_registrations)} đăng ký cá nhân, "
                f"{_number(result.targets)} chỉ tiêu riêng, {_number(result.pledges)} giao ước."
                f"{opened}"
            )
        )
