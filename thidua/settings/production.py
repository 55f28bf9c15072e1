"""Production: every secret from the environment; refuses to start on development defaults.

The demo data check happens at start-up in thidua.wsgi (it needs the database)."""

from django.core.exceptions import ImproperlyConfigured

from thidua.settings.base import *  # noqa: F403
from thidua.settings.base import INSECURE_DEFAULT_SECRET_KEY, SECRET_KEY
from thidua.settings.env import env_bool, env_int

if SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "THIDUA_SECRET_KEY phải được đặt (ít nhất 50 ký tự ngẫu nhiên) trong môi trường sản xuất. "
        "THIDUA_SECRET_KEY must be set to at least 50 random characters in production."
    )

DEBUG = False
THIDUA_DEMO_MODE = False
THIDUA_IS_PRODUCTION = True
SESSION_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("THIDUA_SECURE_COOKIES", True)
SECURE_SSL_REDIRECT = env_bool("THIDUA_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("THIDUA_HSTS_SECONDS", 0)
