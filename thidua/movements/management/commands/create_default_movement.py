"""`manage.py create_default_movement [--owner CODE] [--year 2026]`

Creates the movement "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số" 2025–2030 (KH
190/KH-UBND) with its default plan, organised by the unit `--owner` (default: the root of the
unit tree, the Sở). Idempotent: run again, it changes nothing. The demo seed runs it; on a fresh
production install run it once after importing the units.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.errors import DomainError
from thidua.movements import defaults
from thidua.movements.services.defaults import install_default_movement
from thidua.organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo phong trào mặc định “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số” 2025–2030 "
        "(Kế hoạch số 190/KH-UBND) cho Sở; chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--owner",
            help="Mã đơn vị tổ chức phong trào (mặc định: đơn vị gốc của cây đơn vị, tức Sở).",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=defaults.DEFAULT_YEAR,
            help="Năm của bảng chấm điểm và đợt đăng ký thi đua (mặc định 2026).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = self._owner(options.get("owner"))
        try:
            result = install_default_movement(owner=owner, year=options["year"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        movement = result.movement
        if options["verbosity"] < 1:
            return
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo phong trào “{movement.name}” ({movement.code}) do "
                    f"{owner.name} tổ chức."
                )
            )
        else:
            self.stdout.write(
                f"Phong trào mặc định ({movement.code}) đã có sẵn: không thay đổi gì."
            )

    def _owner(self, code: str | None) -> Unit:
        if code:
            unit = Unit.objects.filter(code=code.strip().upper()).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{code}”.")
            return unit
        roots = list(Unit.objects.filter(parent__isnull=True).order_by("pk")[:2])
        if not roots:
            raise CommandError(
                "Chưa có đơn vị nào: hãy nhập danh sách đơn vị (trang “Nhập Excel”) trước."
            )
        if len(roots) > 1:
            raise CommandError("Có nhiều đơn vị gốc: hãy chỉ rõ đơn vị tổ chức bằng --owner MÃ.")
        return roots[0]
