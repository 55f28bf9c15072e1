"""`manage.py seed_initiatives_demo [--seed N]`

Demo only: initiatives of the units written, submitted and screened; a council at Bệnh viện Xanh
Pôn and the department's council, each with a round decided and a round under way; adoptions of
the recognised initiatives (`thidua.initiatives.demo`). The demo seed (`seed_demo`) runs it after
the reports; a production install never does, and the command refuses the production settings.
Run again, it changes nothing.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.core.errors import DomainError
from thidua.initiatives.demo import DEFAULT_SEED, install_demo_initiatives
from thidua.initiatives.models import Initiative


class Command(BaseCommand):
    help = (
        "Chỉ dùng cho bản demo: tạo sáng kiến của các đơn vị, hội đồng sáng kiến với đợt chấm, "
        "phiếu chấm, biểu quyết, quyết định công nhận và nhân rộng."
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
        if Initiative.objects.exists():
            if options["verbosity"] >= 1:
                self.stdout.write("Đã có sáng kiến: giữ nguyên, không tạo thêm.")
            return
        try:
            result = install_demo_initiatives(seed=options["seed"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Dữ liệu demo sáng kiến: {result.initiatives} sáng kiến, "
                    f"{result.councils} hội đồng, {result.decided} quyết định, "
                    f"{result.adoptions} lượt nhân rộng."
                )
            )
