"""Settings for the school governance records app.

Every deploy-specific value comes from the environment (see .env.example); the defaults are safe for a
developer's machine: DEBUG on, SQLite in the project folder, a throwaway secret key.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def envbool(name: str, default: str) -> bool:
    # Anything but these spellings (an empty value included) stops the start-up: a typo such as
    # DJANGO_SECURE_COOKIES=ture must not quietly mean "off".
    value = os.getenv(name, default)
    spelling = value.strip().lower()
    if spelling in _TRUE:
        return True
    if spelling in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {', '.join(_TRUE)} or {', '.join(_FALSE)} (any case), not {value!r}."
    )


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = envbool("DJANGO_DEBUG", "1")

SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG=0 the app refuses to start without a "
            'secret key: generate one with `python -c "import secrets; print(secrets.token_urlsafe(50))"` '
            "and put it in the environment."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.getenv("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.getenv("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "school_gov",
    "methodology",
    "parliament",
    "notifications",
    "school_gov.apps.SchoolAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

# Background work (e-mail) is queued in the database and run by `manage.py db_worker` (make run starts
# one; production runs it as a service, README). More workers on more machines share the same queue;
# the RQ backend (django-tasks-rq, Redis) is the other way out, by this setting alone.
TASKS = {"default": {"BACKEND": os.getenv("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):  # pragma: no cover — needs Redis
    # pip install django-tasks-rq; run `manage.py rqworker --job-class django_tasks_rq.Job`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]  # type: ignore[assignment]
    RQ_QUEUES = {"default": {"URL": os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below) on every response.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL byte in the address or a form: 400 with a translated page, before anything queries with it.
    "school_gov.middleware.NulByteMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "school_gov.people.PersonMiddleware",
    "school_gov.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "school_gov.refusals.RefusalMiddleware",
]

ROOT_URLCONF = "school_gov.urls"
WSGI_APPLICATION = "school_gov.wsgi.application"

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
                "school_gov.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# An empty DATABASE_URL (an env file's `DATABASE_URL=`) means the SQLite default, as an unset one does.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "school_gov.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-ins while an account is locked out.
    "axes.backends.AxesStandaloneBackend",
    "school_gov.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# A password reset link works once (it dies with the old password) and for three days at most.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Five failed sign-ins for one username from one address lock that pair out for an hour; fifty from one
# address, whatever the usernames, lock the address out (school_gov.signin_limits). The address is the
# client's: behind DJANGO_TRUSTED_PROXIES proxies of one's own, read from X-Forwarded-For
# (school_gov.addresses).
TRUSTED_PROXIES = envint("DJANGO_TRUSTED_PROXIES", "0")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", "50")
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "school_gov.signin_limits.Handler"
# Ten wrong vote codes or invitation codes within a quarter of an hour from one address (or by one
# account) make it wait until the oldest of them is a quarter of an hour old (school_gov.guesses).
GUESS_LIMIT = envint("DJANGO_GUESS_LIMIT", "10")
GUESS_WINDOW_MINUTES = 15
AXES_CLIENT_IP_CALLABLE = "school_gov.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "ky"
LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["school_gov.formats"]  # dates as each language writes them
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files (school_gov.files): never served from MEDIA_URL, only through views that check the
# record's permissions. On the file system under MEDIA_ROOT unless DJANGO_S3_BUCKET names a private bucket
# of S3-compatible object storage (credentials in the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
S3_BUCKET = os.getenv("DJANGO_S3_BUCKET", "")
if S3_BUCKET:
    FILE_STORAGE: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.getenv("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("DJANGO_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    # Django's, except that a write that fails (a full disk) leaves no half-written file behind.
    FILE_STORAGE = {"BACKEND": "school_gov.storage.CleanFileSystemStorage"}
# The largest file one upload may be (MB-4.5 documents, certificates), in megabytes.
UPLOAD_MAX_MB = envint("DJANGO_UPLOAD_MAX_MB", "20")
# Whether the nightly clean-up removes the files no record points to, or only lists them (the default).
DELETE_ORPHAN_FILES = envbool("DJANGO_DELETE_ORPHAN_FILES", "0")
# MB-4.2: a qualification category is held for this many years; the next attestation falls due then.
ATTESTATION_YEARS = envint("DJANGO_ATTESTATION_YEARS", "5")
# MB-5.3: a year-end report can be submitted from this many days before the school year ends.
REPORT_OPENS_DAYS = envint("DJANGO_REPORT_OPENS_DAYS", "14")
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.getenv(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
# Seconds the worker waits for the mail server before the try counts as failed (and is retried).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the app at: links in e-mails and calendar feeds (sent with no request at hand).
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set. With DJANGO_DEBUG=0 the app needs the address people open it at "
        "(https://school.example.kg) for the links in its e-mails and calendar feeds."
    )

# The Content-Security-Policy (issue 16), enforced: scripts, styles, fonts and images from the app's own
# static files only: no inline script, <style> or style="" and no event-handler attribute in a template
# (tests/security/test_csp.py scans them), no eval. The one nonce: a print page's @page margins, which name
# the record's school (methodology.printing). E-mails are not pages and are not under it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws its check marks, select arrows and the menu button as data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", "1")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's probe speaks plain HTTP to the app server.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("DJANGO_LOG_LEVEL", "WARNING")},
}
