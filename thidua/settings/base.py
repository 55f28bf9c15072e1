"""Settings shared by every environment. Everything that differs between machines comes from
environment variables (see README: "Cấu hình môi trường sản xuất"); nothing here reads a file."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from thidua.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("THIDUA_VAR_DIR", str(BASE_DIR / "var")))

# A development default that production.py refuses (see production.py).
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-thidua-dev-only-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("THIDUA_SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("THIDUA_DEBUG", False)
ALLOWED_HOSTS = env_list("THIDUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("THIDUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "ninja",
    "thidua.core",
    "thidua.accounts",
    "thidua.organizations",
    "thidua.movements",
    "thidua.reporting",
    "thidua.initiatives",
    "thidua.documents",
    "thidua.summaries",
    "thidua.awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the interface is Vietnamese for everyone until the English catalogue
    # exists; otherwise an English browser would get Django's own messages in English beside
    # Vietnamese pages.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thidua.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "thidua.core.middleware.AuditContextMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the auth backend into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.navigation",
            ],
            "builtins": ["thidua.core.templatetags.thidua"],
        },
    },
]


def _database_from_env() -> dict[str, object]:
    default_sqlite = f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"
    config: dict[str, object] = dict(
        dj_database_url.parse(env_str("DATABASE_URL", default_sqlite), conn_max_age=0)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while the worker writes; IMMEDIATE transactions and a
        # busy timeout turn "database is locked" into a short wait instead of an error.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-64000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    else:
        config["CONN_MAX_AGE"] = env_int("THIDUA_DB_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "thidua.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Repeated failed logins lock the account (by user name, from any address) for a while.
AXES_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("THIDUA_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# axes warns when the IP address is not a lockout key. Hospitals put hundreds of staff behind one
# NAT address: locking by IP would let one mistyped password shut out a whole hospital.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor authentication (TOTP) is required for these roles; a setting, not code.
THIDUA_2FA_REQUIRED = env_bool("THIDUA_2FA_REQUIRED", True)
THIDUA_2FA_REQUIRED_ROLES = env_list(
    "THIDUA_2FA_REQUIRED_ROLES", ["system_admin", "dept_officer", "dept_leader"]
)
OTP_TOTP_ISSUER = "Thi Đua Số"

SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates dd/mm/yyyy and numbers 1.234.567 (see thidua/formats/vi). Grouping is applied explicitly
# with the |so filter, never globally: a global separator would print the year 2026 as "2.026".
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]
MEDIA_ROOT = Path(env_str("THIDUA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: checked by type, size and name in thidua.core.uploads; the hard cap is here.
THIDUA_UPLOAD_MAX_BYTES = env_int("THIDUA_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# An Excel import with more rows than this runs as a background task with a progress bar.
THIDUA_IMPORT_SYNC_MAX_ROWS = env_int("THIDUA_IMPORT_SYNC_MAX_ROWS", 300)

TASKS = {
    "default": {
        "BACKEND": env_str("THIDUA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "imports"],
    }
}
# The worker is considered alive when a heartbeat task ran this recently (see /healthz).
THIDUA_WORKER_STALE_AFTER = timedelta(seconds=env_int("THIDUA_WORKER_STALE_AFTER_SECONDS", 180))

# Email through Django 6.1's MAILERS: the console by default, SMTP when THIDUA_EMAIL_HOST is set.
if env_str("THIDUA_EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("THIDUA_EMAIL_HOST"),
                "port": env_int("THIDUA_EMAIL_PORT", 587),
                "username": env_str("THIDUA_EMAIL_USER"),
                "password": env_str("THIDUA_EMAIL_PASSWORD"),
                "use_tls": env_bool("THIDUA_EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("THIDUA_DEFAULT_FROM_EMAIL", "Thi Đua Số <no-reply@thidua.local>")
THIDUA_SITE_URL = env_str("THIDUA_SITE_URL", "http://127.0.0.1:8000")
# Official documents: the root unit's superior agency (printed above it), the place written
# before the date, and how the văn thư numbers (one series per kind, or one for all kinds).
THIDUA_ROOT_SUPERIOR = env_str("THIDUA_ROOT_SUPERIOR", "Ủy ban nhân dân thành phố Hà Nội")
THIDUA_DOCUMENT_PLACE = env_str("THIDUA_DOCUMENT_PLACE", "Hà Nội")
THIDUA_DOCUMENT_SERIES = env_str("THIDUA_DOCUMENT_SERIES", "per_kind")
if THIDUA_DOCUMENT_SERIES not in ("per_kind", "per_issuer"):
    raise ImproperlyConfigured("THIDUA_DOCUMENT_SERIES must be per_kind or per_issuer")

# Content Security Policy: no inline scripts or styles anywhere; htmx is configured by a meta tag.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

THIDUA_DEMO_MODE = False
THIDUA_IS_PRODUCTION = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("THIDUA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
