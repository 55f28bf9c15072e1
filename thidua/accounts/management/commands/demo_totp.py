"""Print the current two-factor code of a demo account (for demonstrations only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP

from thidua.accounts.selectors import confirmed_totp_device, user_by_username


class Command(BaseCommand):
    help = (
        "In mã xác thực hai lớp hiện tại của một tài khoản demo "
        "(chỉ dùng cho bản demo; bị từ chối trong môi trường sản xuất)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập, ví dụ: quantri")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.THIDUA_IS_PRODUCTION:
            raise CommandError("Lệnh demo_totp không được phép chạy trong môi trường sản xuất.")
        username: str = options["username"]
        user = user_by_username(username)
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        device = confirmed_totp_device(user)
        if device is None:
            raise CommandError(f"Tài khoản “{username}” chưa bật xác thực hai lớp.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        remaining = device.step - int(totp.time - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        self.stdout.write(code)
        if options["verbosity"] > 1:
            self.stderr.write(f"Mã còn hiệu lực khoảng {remaining} giây.")
