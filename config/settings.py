"""Settings for the 公益创投 platform: one file, every deployment value from the environment.

Defaults are safe for a developer's machine: SQLite under ``var/``, DEBUG off unless
``DJANGO_DEBUG=1``. The README's configuration table lists every variable read here.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DJANGO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "accounts",
    "grants",
    "community",
    "experts",
    "reviews",
    "reports",
    "operations",
    "notifications",
]

MIDDLEWARE = [
    # First, so every line logged for a request carries its id (operations/request_id.py).
    "operations.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the password, the second factor: a session that owes a code reaches nothing else.
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseRefusalMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Widgets render with Jinja2, the admin's with their own templates (config/form_renderer.py).
FORM_RENDERER = "config.form_renderer.WidgetRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
    # The shared layout, its partials and the busiest pages (config/jinja2.py).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
                "config.jinja2.csrf_once",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default so `make run` needs no server; PostgreSQL when DATABASE_URL is set.
_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{_SQLITE_PATH}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction begins, so two writers queue
    # instead of failing halfway; WAL lets readers carry on meanwhile.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
elif not DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after GONGYI_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked for GONGYI_LOGIN_LOCKOUT_MINUTES; other
# users and other addresses are unaffected. Both login forms (ours and the admin's) go
# through the same backend. Administrators see and clear lockouts in the admin.
# accounts.backends.UserBackend is Django's ModelBackend reading the signed-in user's
# roles, authenticator and unread count with the account, in one query a request.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserBackend",
]
AXES_FAILURE_LIMIT = env_int("GONGYI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GONGYI_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The visitor's address, from nginx's X-Forwarded-For behind the proxy (accounts/throttle.py).
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"

# Public forms (issue 12): attempts per address per hour at organisation registration and
# at the password reset; a reset sends at most PASSWORD_RESET_EMAILS_PER_HOUR mails to one
# address. Beyond the limit registration answers 429; the reset page answers as usual
# (never revealing whether an account exists) but sends nothing.
REGISTRATION_ATTEMPTS_PER_HOUR = env_int("GONGYI_REGISTRATION_ATTEMPTS_PER_HOUR", 10)
PASSWORD_RESET_ATTEMPTS_PER_HOUR = env_int("GONGYI_PASSWORD_RESET_ATTEMPTS_PER_HOUR", 10)
PASSWORD_RESET_EMAILS_PER_HOUR = env_int("GONGYI_PASSWORD_RESET_EMAILS_PER_HOUR", 3)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

# Two-factor authentication (django-otp): after the password, users holding one of these
# roles enter a code from an authenticator app (TOTP) or a one-time recovery code, and are
# sent to set one up at their first login; everyone else may turn it on from 账户安全.
# Empty: nobody is forced, setting it up stays open to all. `make run` empties it for the
# demo accounts. Wrong codes wait 1, 2, 4, 8 … seconds (django-otp's throttling).
TWO_FACTOR_ROLES = frozenset(env_list("GONGYI_TWO_FACTOR_ROLES", ["admin", "officer", "finance"]))
OTP_TOTP_ISSUER = "公益创投管理平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key or QR code

SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Audit trail ----------------------------------------------------------------------
# django-auditlog keeps who changed which field, when, from what to what, for money,
# scores, roles, policies, organisations and community plans (the project's states have
# their own append-only transition log). Read-only; administrators search it in the
# admin (auditlog → Log entries) by object and by user.
_MONEY_AND_SCORES = [
    "requested_amount",
    "matching_funds",
    "approved_amount",
    "paid_amount",
    "panel_score",
    "midterm_score",
    "final_panel_score",
    "satisfaction",
    "final_score",
    "grade",
]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "grants.project", "include_fields": _MONEY_AND_SCORES},
    "grants.budgetline",
    "grants.tranche",
    "grants.payment",
    "grants.programme",
    "grants.budgetcap",
    "grants.trancherule",
    "reviews.score",
    "reviews.scoresheet",
    "reviews.satisfactionsurvey",
    {"model": "accounts.user", "include_fields": ["is_active", "is_staff", "is_superuser"]},
    "accounts.userrole",
    "accounts.socialorganisation",
    "accounts.organisationmembership",
    "community.policy",
    "community.fundplan",
    "community.allocation",
    "community.spaceregistry",
    "community.room",
)

# --- Security -------------------------------------------------------------------------
# Behind HTTPS (the default outside DEBUG) cookies are secure and HSTS is sent. An
# intranet served over plain HTTP sets DJANGO_HTTPS=0 and accepts the deploy warnings.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# A load balancer asks for the health endpoints over plain HTTP on the server's own port.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): our own origin only. No inline script or style
# attribute anywhere (a test reads every template), no eval (htmx is configured without it),
# no frames, forms posting only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]  # each named in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
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
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GRANTS_MAX_UPLOAD_BYTES = env_int("GRANTS_MAX_UPLOAD_MB", 20) * 1024 * 1024
# Delivery records (issue 15): photos per service record and their size, and how many
# days the organisation may correct a record or a spending before it locks.
GRANTS_MAX_RECORD_PHOTOS = env_int("GRANTS_MAX_RECORD_PHOTOS", 6)
GRANTS_MAX_PHOTO_BYTES = env_int("GRANTS_MAX_PHOTO_MB", 10) * 1024 * 1024
GRANTS_RECORD_EDIT_DAYS = env_int("GRANTS_RECORD_EDIT_DAYS", 7)

# --- Background work ------------------------------------------------------------------
# Long exports run as tasks. The database queue needs no other server (`make run` starts
# its worker); deployments with several app servers may choose Redis:
# GONGYI_TASKS_BACKEND=django_tasks_rq.RQBackend and GONGYI_REDIS_URL.
# `python manage.py run_worker` runs the worker of whichever queue is configured.
TASKS_BACKEND = env_str("GONGYI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
REDIS_URL = env_str("GONGYI_REDIS_URL", "redis://127.0.0.1:6379/0")
# django-tasks-rq enqueues through django-rq, whose app holds the queues and `rqworker`.
# A job may run an hour (RQ's own default is 3 minutes, too short for a city's ledger).
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
if TASKS_BACKEND.startswith("django_tasks_rq"):
    INSTALLED_APPS.append("django_rq")
# Exports with more rows than this become background jobs with a progress bar.
REPORTS_BACKGROUND_ROWS = env_int("GONGYI_REPORTS_BACKGROUND_ROWS", 20_000)
# A compliance report (PDF) of more communities than this is made in the background.
REPORTS_BACKGROUND_COMMUNITIES = env_int("GONGYI_REPORTS_BACKGROUND_COMMUNITIES", 300)

# --- Documents ------------------------------------------------------------------------
BUREAU_NAME = env_str("GONGYI_BUREAU_NAME", "南京市雨花台区民政局")
NOTICE_PREFIX = env_str("GONGYI_NOTICE_PREFIX", "雨民创")
# Whom applicants ask about a call (office, phone, hours), printed on the public 申报指南
# of every open call; empty: the bureau's name alone.
BUREAU_CONTACT = env_str("GONGYI_BUREAU_CONTACT", "")

# --- Email ----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "gongyi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it: a notification's email links to its page there.
SITE_URL = env_str("GONGYI_SITE_URL", "").rstrip("/")

# --- Cache ---------------------------------------------------------------------------
# Files under the var directory by default, shared by the processes of one server; with
# several app servers, Redis (GONGYI_CACHE_URL=redis://127.0.0.1:6379/1), so they share
# it. It keeps results under generations (accounts.generations) and the health checks'
# probe; sessions stay in the database either way.
CACHE_URL = env_str("GONGYI_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "gongyi",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Operations -----------------------------------------------------------------------
# `manage.py backup` writes here and keeps the newest GONGYI_BACKUP_KEEP backups.
BACKUP_DIR = Path(env_str("GONGYI_BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("GONGYI_BACKUP_KEEP", 14)

# --- Logging --------------------------------------------------------------------------
# One JSON object a line outside debug (time, level, logger, message, request_id, process),
# so a log collector reads it without a pattern; `DJANGO_LOG_FORMAT=text` for people.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.request_id.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every render at INFO; keep their warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes tells every login at INFO; lockouts come at WARNING and are kept.
        "axes": {"level": "WARNING"},
    },
}
