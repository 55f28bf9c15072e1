"""`manage.py seed_demo [--scale small|hanoi] [--seed N] [--if-empty] [--address URL]`

Fills an empty database with the demo data set and prints the demo accounts. `make demo` runs it
with --if-empty, so that restarting the demo keeps the data (and prints the accounts again).
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.errors import DomainError
from thidua.core.selectors import holds_demo_data
from thidua.organizations.demo_data.install import (
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET_BASE32,
    DemoAccount,
    SeedSummary,
    seed_demo_data,
)
from thidua.organizations.demo_data.plan import ACCOUNTS, CLUSTER_YEARS, DEFAULT_SEED, SCALES
from thidua.organizations.models import Unit


def _number(value: int) -> str:
    """1234567 → "1.234.567" (Vietnamese grouping)."""
    return f"{value:,}".replace(",", ".")


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu demo (đơn vị, khoa/phòng, cán bộ, cụm khối, tài khoản mẫu) trong CSDL trống."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="hanoi",
            help="Quy mô: small (12 đơn vị, 600 người) hoặc hanoi (150 đơn vị, 40.000 người).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Hạt giống ngẫu nhiên (cùng hạt giống → cùng dữ liệu).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu CSDL đã có đơn vị (để chạy lại make demo giữ nguyên dữ liệu).",
        )
        parser.add_argument(
            "--address",
            default=settings.THIDUA_SITE_URL,
            help="Địa chỉ của bản demo, để in ra cuối cùng.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError(
                "Không được tạo dữ liệu demo trong môi trường sản xuất (mật khẩu demo là công "
                "khai). Demo data is refused with the production settings."
            )
        address: str = options["address"]
        if options["if_empty"] and Unit.objects.exists():
            self.stdout.write(
                "Cơ sở dữ liệu đã có dữ liệu: giữ nguyên, không tạo lại dữ liệu demo."
            )
            if holds_demo_data():
                self._print_accounts_reminder(address)
            return
        self.stdout.write(
            f"Đang tạo dữ liệu demo quy mô “{options['scale']}” (seed {options['seed']})…"
        )
        try:
            summary = seed_demo_data(options["scale"], seed=options["seed"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._print_summary(summary, address)

    def _print_summary(self, summary: SeedSummary, address: str) -> None:
        out = self.stdout
        out.write(
            self.style.SUCCESS(f"Đã tạo dữ liệu demo trong {_seconds(summary.seconds)} giây.")
        )
        out.write(f"  Nguồn danh sách đơn vị: {summary.units_source}")
        out.write(
            f"  {_number(summary.units)} đơn vị, {_number(summary.collectives)} khoa/phòng/trạm, "
            f"{_number(summary.people)} cán bộ ({_number(summary.movers)} người đã chuyển đơn vị), "
            f"{_number(summary.clusters)} cụm/khối thi đua ({', '.join(map(str, CLUSTER_YEARS))})."
        )
        self._print_accounts(summary.accounts, address)

    def _print_accounts(self, accounts: tuple[DemoAccount, ...], address: str) -> None:
        out = self.stdout
        out.write("")
        out.write(f"Địa chỉ: {address}")
        out.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            line = f"  {account.username.ljust(width)}  {account.role_label} — {account.scope}"
            if account.person_name:
                line += f" ({account.person_name})"
            if account.requires_totp:
                line += " [xác thực hai lớp]"
            out.write(line)
        self._print_totp_help()

    def _print_accounts_reminder(self, address: str) -> None:
        out = self.stdout
        out.write("")
        out.write(f"Địa chỉ: {address}")
        out.write(
            f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}): "
            + ", ".join(username for username, *_ in ACCOUNTS)
        )
        self._print_totp_help()

    def _print_totp_help(self) -> None:
        required = set(settings.THIDUA_2FA_REQUIRED_ROLES)
        usernames = [username for username, role, *_ in ACCOUNTS if role in required]
        if not usernames:
            return
        self.stdout.write(
            f"Xác thực hai lớp ({', '.join(usernames)}): thêm khóa bí mật "
            f"{DEMO_TOTP_SECRET_BASE32} vào ứng dụng xác thực, hoặc lấy mã hiện tại bằng lệnh:"
        )
        self.stdout.write(f"  uv run python manage.py demo_totp {usernames[0]}")
