from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from thidua.core.selectors import holds_demo_data


def refuse_unsafe_production_start() -> None:
    """Production must not serve a database seeded with demo data (and its known passwords)."""
    if not settings.THIDUA_IS_PRODUCTION:
        return
    try:
        demo = holds_demo_data()
    except DatabaseError:
        # Not migrated yet: nothing to refuse; the migrate step will run first.
        return
    if demo:
        raise ImproperlyConfigured(
            "Cơ sở dữ liệu này chứa dữ liệu demo (tài khoản mẫu với mật khẩu công khai): không "
            "được chạy ở chế độ sản xuất. This database holds demo data; production refuses it."
        )
