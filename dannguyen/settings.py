"""Settings for Dân Nguyện: one module, configured from the environment.

Development needs no environment at all (SQLite, debug on, throw-away keys). With
DANNGUYEN_DEBUG off the process refuses to start unless a real secret key and a real
field-encryption key are given, so a production box can never run on the dev defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envsecret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "").strip()


DEBUG = envbool("DANNGUYEN_DEBUG", True)

# Development-only values: long enough to satisfy Django's checks, useless anywhere else
# because production refuses to start with them (see below).
_DEV_SECRET_KEY = "dev-insecure-dannguyen-" + "x" * 50
_DEV_FIELD_KEY = "ZGV2LWluc2VjdXJlLWZpZWxkLWtleS0xMjM0NTY3OCE="  # base64 of 32 dev bytes

SECRET_KEY = envsecret("DANNGUYEN_SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
# Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).
FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in (envsecret("DANNGUYEN_FIELD_KEY") or _DEV_FIELD_KEY).split(",") if k.strip()
]

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DANNGUYEN_SECRET_KEY must be set to a random value of 50+ characters "
            "when DANNGUYEN_DEBUG is off."
        )
    if _DEV_FIELD_KEY in FIELD_ENCRYPTION_KEYS or not envsecret("DANNGUYEN_FIELD_KEY"):
        raise ImproperlyConfigured(
            "DANNGUYEN_FIELD_KEY must be set to a Fernet key (dannguyen generate_field_key) "
            "when DANNGUYEN_DEBUG is off."
        )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "DANNGUYEN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else ""
    ).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DANNGUYEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "dannguyen.accounts",
    "dannguyen.core",
    "dannguyen.matching",
    "dannguyen.legal",
    "dannguyen.petitions",
    "dannguyen.reception",
    "dannguyen.reports",
    "dannguyen.correspondence",
    "dannguyen.supervision",
    "dannguyen.voters",
    "dannguyen.outreach",
    "dannguyen.research",
    "dannguyen.events",
    "dannguyen.deputies",
    "dannguyen.news",
    "dannguyen.briefs",
    "dannguyen.submissions",
    "dannguyen.portal",
    "dannguyen.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dannguyen.core.middleware.RejectNullBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "dannguyen.core.audit.AuditActorMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dannguyen.urls"
WSGI_APPLICATION = "dannguyen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dannguyen.navigation.navigation",
                "dannguyen.portal.navigation.portal_navigation",
            ],
            "builtins": [
                "dannguyen.core.templatetags.permissions",
                "dannguyen.core.templatetags.ui",
                "template_partials.templatetags.partials",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------
# SQLite by default (zero set-up); PostgreSQL in production through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DANNGUYEN_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE avoids the
                # "database is locked" upgrade deadlock under concurrent writes.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failed attempts for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = envint("DANNGUYEN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("DANNGUYEN_PROXY_COUNT", 0)
# Whatever is typed as a username is recorded; keep it within the log's column.
AXES_USERNAME_CALLABLE = "dannguyen.accounts.lockout.attempted_username"

# Sessions end after 2 hours without activity, and when the browser closes.
SESSION_COOKIE_AGE = envint("DANNGUYEN_SESSION_SECONDS", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Language, time, formats -----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dannguyen.formats"]

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DANNGUYEN_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DANNGUYEN_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DANNGUYEN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("DANNGUYEN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("DANNGUYEN_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every script and style comes from our own origin; no inline scripts anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Email -----------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DANNGUYEN_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DANNGUYEN_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DANNGUYEN_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DANNGUYEN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = envsecret("DANNGUYEN_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("DANNGUYEN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DANNGUYEN_EMAIL_FROM", "dannguyen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work --------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Logging: errors to stderr; the audit trail lives in the database, not in logs -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANNGUYEN_LOG_LEVEL", "WARNING")},
}

# --- Office identity (printed on generated documents) -------------------------------------
OFFICE_PROVINCE_CODE = envint("DANNGUYEN_PROVINCE_CODE", 37)  # 37 = tỉnh Ninh Bình
OFFICE_PLACE_NAME = os.environ.get("DANNGUYEN_PLACE_NAME", "Ninh Bình")
OFFICE_NAME = os.environ.get("DANNGUYEN_OFFICE_NAME", "Phòng Thông tin và Công tác Dân nguyện")
OFFICE_PARENT_NAME = os.environ.get(
    "DANNGUYEN_OFFICE_PARENT_NAME", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Ninh Bình"
)
CSRF_FAILURE_VIEW = "dannguyen.core.errors.csrf_failure"
