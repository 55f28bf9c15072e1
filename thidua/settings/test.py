"""The test suite: SQLite in memory unless DATABASE_URL points at PostgreSQL (CI runs both)."""

from thidua.settings.base import *  # noqa: F403
from thidua.settings.base import STORAGES

DEBUG = False
# Hashing with Argon2 for every factory-made user would dominate the suite's time; the
# production hasher list is pinned by a test on thidua.settings.base.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
THIDUA_DEMO_MODE = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# No collectstatic before the tests: WhiteNoise looks files up per request instead of warning
# (warnings are errors) that STATIC_ROOT does not exist.
WHITENOISE_AUTOREFRESH = True
