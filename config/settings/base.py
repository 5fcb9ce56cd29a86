"""Settings shared by every environment. Values that differ come from the environment."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env

VAR_DIR = Path(env.str("WARDCASE_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "wardcase.core",
    "wardcase.accounts",
    "wardcase.places",
    "wardcase.directory",
    "wardcase.constituents",
    "wardcase.cases",
    "wardcase.charter",
    "wardcase.permissions",
    "wardcase.search",
    "wardcase.reports",
    "wardcase.audit",
    "wardcase.mail",
    "wardcase.letters",
    "wardcase.privacy",
    "wardcase.moving",
    "wardcase.council",
    "wardcase.demo",
]

MIDDLEWARE = [
    # First: the request id is set before anything else logs, and the time taken is whole.
    "wardcase.core.request_log.RequestLogMiddleware",
    # Reads pinned to the primary during and just after a user's write (docs/scaling.md).
    "wardcase.core.dbrouters.ReplicaPinMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wardcase.core.middleware.SessionTimeoutMiddleware",
    "wardcase.accounts.middleware.SecondFactorMiddleware",
    "wardcase.core.middleware.NoStoreForPersonalDataMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Bench mode (bench/run.py): the floor views under /bench/ answer, and every response
# says how many queries it ran. Never on a server people use (wardcase.core.bench).
WARDCASE_BENCH = env.bool("WARDCASE_BENCH", default=False)
if WARDCASE_BENCH:
    MIDDLEWARE.insert(0, "wardcase.core.bench.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wardcase" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wardcase.directory.context_processors.council",
            ],
        },
    },
]

# SQLite (with WAL, see wardcase.core.apps) unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'wardcase.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# A read replica (PostgreSQL streaming replication): reports, exports and search read from
# it; everything else, and a user's reads for WARDCASE_REPLICA_PIN_SECONDS after they
# write, from the primary. Migrations run on the primary only. See docs/scaling.md.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
DATABASE_ROUTERS = ["wardcase.core.dbrouters.ReplicaRouter"]
# Covering indexes (INCLUDE) serve PostgreSQL's index-only reads at scale; on the embedded
# SQLite they are plain indexes, which is all it needs, so its warning is noise.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# PostgreSQL parallel workers per query: none for pages and sweeps (wardcase.core.apps),
# some for the reports' long aggregates (wardcase.reports.queries).
WARDCASE_DB_PARALLEL_WORKERS = env.int("WARDCASE_DB_PARALLEL_WORKERS", default=0)
WARDCASE_REPORT_PARALLEL_WORKERS = env.int("WARDCASE_REPORT_PARALLEL_WORKERS", default=2)
WARDCASE_REPLICA_PIN_SECONDS = env.int("WARDCASE_REPLICA_PIN_SECONDS", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username + address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with the council's account (OpenID Connect); inert while the issuer is unset.
    "wardcase.accounts.oidc_backend.CouncilAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 first: new and changed passwords are hashed with it; older hashes still verify
# and are upgraded on the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("WARDCASE_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "wardcase" / "static"]
MEDIA_ROOT = env.str("WARDCASE_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Attachments are served through a permission-checked view, never from MEDIA_URL.
MEDIA_URL = "/media-not-served/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files (attachments, letter templates, imports) in S3-compatible object storage
# instead (WARDCASE_STORAGE=s3; needs requirements-scale.lock). The bucket stays private:
# files are still served only through the permission-checked views, never by bucket URL.
WARDCASE_STORAGE = env.str("WARDCASE_STORAGE", default="local")
if WARDCASE_STORAGE == "s3":
    if not env.str("WARDCASE_S3_BUCKET", default=""):
        raise ImproperlyConfigured("WARDCASE_STORAGE=s3 needs WARDCASE_S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("WARDCASE_S3_BUCKET"),
            # Empty: Amazon S3 itself; else the S3-compatible service's address.
            "endpoint_url": env.str("WARDCASE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("WARDCASE_S3_REGION", default="") or None,
            # Empty: boto3 finds credentials itself (instance role, AWS_* variables).
            "access_key": env.str("WARDCASE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("WARDCASE_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("WARDCASE_S3_PREFIX", default=""),
            "addressing_style": env.str("WARDCASE_S3_ADDRESSING_STYLE", default="") or None,
            "default_acl": None,  # the bucket's own: private
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif WARDCASE_STORAGE != "local":
    raise ImproperlyConfigured(
        f"WARDCASE_STORAGE must be 'local' or 's3', not {WARDCASE_STORAGE!r}."
    )

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = env.str("WARDCASE_MAIL_DIR", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Wardcase <casework@localhost>")
# Every notification about a case ends with a link to it under this address.
WARDCASE_SITE_URL = env.str("WARDCASE_SITE_URL", default="http://127.0.0.1:8000")
# Replies to notifications go to <local>+<signed token>@<domain> (see wardcase.mail.addresses).
WARDCASE_REPLY_ADDRESS = env("WARDCASE_REPLY_ADDRESS", default="casework@localhost")

# The task queue: in the database (django-tasks-db, workers `manage.py db_worker`) unless
# WARDCASE_TASK_BROKER=rq puts it on Redis at WARDCASE_REDIS_URL (django-tasks-rq, from
# requirements-scale.lock; workers `manage.py rqworker --job-class django_tasks_rq.Job`).
# The task code is the same either way. See docs/scaling.md.
WARDCASE_TASK_BROKER = env.str("WARDCASE_TASK_BROKER", default="database")
WARDCASE_REDIS_URL = env.str("WARDCASE_REDIS_URL", default="redis://127.0.0.1:6379/0")
if WARDCASE_TASK_BROKER == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": WARDCASE_REDIS_URL}}
    _task_backend_default = "django_tasks_rq.RQBackend"
elif WARDCASE_TASK_BROKER == "database":
    _task_backend_default = "django_tasks_db.DatabaseBackend"
else:
    raise ImproperlyConfigured(
        f"WARDCASE_TASK_BROKER must be 'database' or 'rq', not {WARDCASE_TASK_BROKER!r}."
    )
TASKS = {
    "default": {
        "BACKEND": env("WARDCASE_TASK_BACKEND", default=_task_backend_default),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "wardcase.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "wardcase.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_PARSER_CLASSES": [
        "wardcase.core.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# The API's JSON bodies (uploads and the mail webhook have their own limits).
WARDCASE_API_MAX_JSON_BYTES = env.int("WARDCASE_API_MAX_JSON_BYTES", default=1024 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Wardcase API",
    "DESCRIPTION": "Casework for councillors: log, route, answer and close cases.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wardcase.core.api.schema.document_error_responses",
    ],
}

# Uploads: checked by content, not by name (see wardcase.cases.uploads).
WARDCASE_MAX_UPLOAD_BYTES = env.int("WARDCASE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
WARDCASE_MAX_UPLOADS_PER_REQUEST = env.int("WARDCASE_MAX_UPLOADS_PER_REQUEST", default=5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Plain text here; production logs JSON lines (WARDCASE_LOG_FORMAT, see wardcase.core.logs).
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "wardcase.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "wardcase.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("WARDCASE_LOG_FORMAT", default="text"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each step of every PDF at INFO; only its warnings are worth reading.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Sweeps that `manage.py run_periodic` runs (started by `make run`): (command, seconds).
WARDCASE_PERIODIC_COMMANDS = []

# The service charter: its sweep, and the council's working hours for reminders.
WARDCASE_PERIODIC_COMMANDS.append(("sla_sweep", env.int("WARDCASE_SLA_SWEEP_SECONDS", default=900)))
# The deadline tally behind the coordinator's and head's home-page summaries
# (wardcase.reports.tally): taken this often, and shown while no older than the max age
# (then counted live on each visit).
WARDCASE_PERIODIC_COMMANDS.append(
    ("dashboard_refresh", env.int("WARDCASE_DASHBOARD_REFRESH_SECONDS", default=300))
)
WARDCASE_DASHBOARD_MAX_AGE_SECONDS = env.int("WARDCASE_DASHBOARD_MAX_AGE_SECONDS", default=900)
WARDCASE_WORKING_HOURS = (
    env.int("WARDCASE_WORKING_HOURS_START", default=9),
    env.int("WARDCASE_WORKING_HOURS_END", default=17),
)

# Outbound mail (see wardcase.mail.services): Message-IDs are <...@WARDCASE_MAIL_DOMAIN>;
# a sender claims a batch for WARDCASE_OUTBOX_CLAIM_SECONDS (longer than a batch takes to
# send), and retries a failure after WARDCASE_OUTBOX_RETRY_SECONDS, doubling each time.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
WARDCASE_MAIL_DOMAIN = env(
    "WARDCASE_MAIL_DOMAIN", default=WARDCASE_REPLY_ADDRESS.rpartition("@")[2] or "localhost"
)
WARDCASE_OUTBOX_BATCH_SIZE = env.int("WARDCASE_OUTBOX_BATCH_SIZE", default=50)
WARDCASE_OUTBOX_CLAIM_SECONDS = env.int("WARDCASE_OUTBOX_CLAIM_SECONDS", default=600)
WARDCASE_OUTBOX_RETRY_SECONDS = env.int("WARDCASE_OUTBOX_RETRY_SECONDS", default=60)
# Daily digests go out on working days from this hour, council time (TIME_ZONE).
WARDCASE_DIGEST_HOUR = env.int("WARDCASE_DIGEST_HOUR", default=8)
WARDCASE_PERIODIC_COMMANDS += [("send_outbox", 60), ("send_digests", 3600)]

# Mail coming in (see wardcase.mail.inbound). Forwarded constituents' emails make draft cases.
WARDCASE_INTAKE_ADDRESS = env("WARDCASE_INTAKE_ADDRESS", default="intake@localhost")
WARDCASE_INBOUND_MAX_BYTES = env.int("WARDCASE_INBOUND_MAX_BYTES", default=30 * 1024 * 1024)
# The mail provider's webhook (POST /api/v1/mail/inbound/) is off unless a secret is set.
WARDCASE_INBOUND_WEBHOOK_SECRET = env("WARDCASE_INBOUND_WEBHOOK_SECRET", default="")
WARDCASE_IMAP_HOST = env("WARDCASE_IMAP_HOST", default="")
WARDCASE_IMAP_PORT = env.int("WARDCASE_IMAP_PORT", default=993)
WARDCASE_IMAP_USER = env("WARDCASE_IMAP_USER", default="")
WARDCASE_IMAP_PASSWORD = env("WARDCASE_IMAP_PASSWORD", default="")
WARDCASE_IMAP_MAILBOX = env("WARDCASE_IMAP_MAILBOX", default="INBOX")
WARDCASE_IMAP_SSL = env.bool("WARDCASE_IMAP_SSL", default=True)
# Microsoft 365 through Microsoft Graph (see docs/microsoft-365.md): the app registration's
# tenant and client, the casework mailbox, and a client secret or a certificate. Intake
# reads that mailbox when WARDCASE_MAIL_INTAKE is "graph"; sending goes through it with
# DJANGO_EMAIL_BACKEND=wardcase.mail.backends.graph.GraphEmailBackend.
WARDCASE_MAIL_INTAKE = env("WARDCASE_MAIL_INTAKE", default="imap")
WARDCASE_M365_TENANT_ID = env("WARDCASE_M365_TENANT_ID", default="")
WARDCASE_M365_CLIENT_ID = env("WARDCASE_M365_CLIENT_ID", default="")
WARDCASE_M365_MAILBOX = env("WARDCASE_M365_MAILBOX", default="")
WARDCASE_M365_CLIENT_SECRET = env("WARDCASE_M365_CLIENT_SECRET", default="")
WARDCASE_M365_CERTIFICATE_PATH = env("WARDCASE_M365_CERTIFICATE_PATH", default="")
WARDCASE_M365_CERTIFICATE_THUMBPRINT = env("WARDCASE_M365_CERTIFICATE_THUMBPRINT", default="")
WARDCASE_M365_PROCESSED_FOLDER = env("WARDCASE_M365_PROCESSED_FOLDER", default="Wardcase processed")
WARDCASE_M365_AUTHORITY_HOST = env(
    "WARDCASE_M365_AUTHORITY_HOST", default="https://login.microsoftonline.com"
)
WARDCASE_M365_GRAPH_URL = env("WARDCASE_M365_GRAPH_URL", default="https://graph.microsoft.com/v1.0")
if WARDCASE_IMAP_HOST or WARDCASE_MAIL_INTAKE == "graph":
    WARDCASE_PERIODIC_COMMANDS.append(("fetch_mail", 60))
WARDCASE_PERIODIC_COMMANDS.append(("process_mail", 300))
# Possible duplicates: the same issue raised in the ward within this many days.
WARDCASE_DUPLICATE_WINDOW_DAYS = env.int("WARDCASE_DUPLICATE_WINDOW_DAYS", default=60)
WARDCASE_PERIODIC_COMMANDS += [("retention_sweep", 86400)]
# The reports' roll-up: the days changed since the last run counted again (reports count
# those live meanwhile, so this only bounds how many they count live).
WARDCASE_PERIODIC_COMMANDS += [("reports_rollup_refresh", 60)]
# --- Security (see docs/security.md) ---------------------------------------------------
# Two-factor sign-in (TOTP app + single-use recovery codes) for every signed-in page.
WARDCASE_REQUIRE_2FA = env.bool("WARDCASE_REQUIRE_2FA", default=True)
WARDCASE_RECOVERY_CODE_COUNT = 10
OTP_TOTP_ISSUER = env("WARDCASE_OTP_ISSUER", default="Wardcase")
# Signed out after this long without a request, and this long after signing in, whatever.
WARDCASE_SESSION_IDLE_SECONDS = env.int("WARDCASE_SESSION_IDLE_SECONDS", default=30 * 60)
WARDCASE_SESSION_ABSOLUTE_SECONDS = env.int(
    "WARDCASE_SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60
)
SESSION_COOKIE_AGE = WARDCASE_SESSION_ABSOLUTE_SECONDS

# Sign-in throttling: locked out after AXES_FAILURE_LIMIT failures for one username from
# one address, for AXES_COOLOFF_TIME hours; administrators unlock in the admin.
AXES_FAILURE_LIMIT = env.int("WARDCASE_SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("WARDCASE_SIGN_IN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wardcase.accounts.views.sign_in.locked_out"
AXES_VERBOSE = False

# Sign-in with the council's account through OpenID Connect (Microsoft Entra ID first; see
# docs/microsoft-365.md). Off while the issuer is unset. The endpoints are discovered from
# {issuer}/.well-known/openid-configuration and cached; mozilla-django-oidc runs the flow.
WARDCASE_OIDC_ISSUER = env("WARDCASE_OIDC_ISSUER", default="").rstrip("/")
WARDCASE_OIDC_CLIENT_ID = env("WARDCASE_OIDC_CLIENT_ID", default="")
WARDCASE_OIDC_CLIENT_SECRET = env("WARDCASE_OIDC_CLIENT_SECRET", default="")
# The council account is the only way in: no password form, reset or invitation password.
WARDCASE_OIDC_ONLY = env.bool("WARDCASE_OIDC_ONLY", default=False)
# Off: the provider's own second factor counts. On: Wardcase's app code is asked as well.
WARDCASE_OIDC_REQUIRE_LOCAL_2FA = env.bool("WARDCASE_OIDC_REQUIRE_LOCAL_2FA", default=False)
WARDCASE_OIDC_DISCOVERY_CACHE_SECONDS = 3600
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's sign-out (id_token_hint)
OIDC_CREATE_USER = False  # roles stay in Wardcase: an unknown account is refused
OIDC_TIMEOUT = 10
# A refused council account is a signed token, not a guessed password: no lockout counts it.
AXES_WHITELIST_CALLABLE = "wardcase.accounts.oidc.is_council_account_attempt"

# Content Security Policy (django-csp 4): nothing inline, nothing from elsewhere, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if WARDCASE_OIDC_ISSUER:  # signing out (a form) goes on to the provider's end-session page
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "/".join(WARDCASE_OIDC_ISSUER.split("/")[:3])
    )

# ClamAV: with a clamd unix socket path or host:port, every upload is scanned before it is
# stored, and an infected file is refused. Empty: no scanning.
WARDCASE_CLAMD_SOCKET = env("WARDCASE_CLAMD_SOCKET", default="")
WARDCASE_CLAMD_TIMEOUT_SECONDS = env.float("WARDCASE_CLAMD_TIMEOUT_SECONDS", default=30)

# Reports: roles besides the councillor themself that may see figures per councillor
# (comma-separated role names, e.g. "coordinator"); by default nobody else may.
WARDCASE_REPORTS_PER_COUNCILLOR_ROLES = env.list(
    "WARDCASE_REPORTS_PER_COUNCILLOR_ROLES", default=[]
)

# Health check (GET /healthz/, see wardcase.core.health): how old the oldest waiting task,
# the oldest due email and the last charter sweep may be, and how many emails may be due.
WARDCASE_HEALTH_TASK_MAX_AGE_SECONDS = env.int("WARDCASE_HEALTH_TASK_MAX_AGE_SECONDS", default=300)
WARDCASE_HEALTH_OUTBOX_MAX_AGE_SECONDS = env.int(
    "WARDCASE_HEALTH_OUTBOX_MAX_AGE_SECONDS", default=900
)
WARDCASE_HEALTH_OUTBOX_MAX_DUE = env.int("WARDCASE_HEALTH_OUTBOX_MAX_DUE", default=500)
WARDCASE_HEALTH_SWEEP_MAX_AGE_SECONDS = env.int(
    "WARDCASE_HEALTH_SWEEP_MAX_AGE_SECONDS", default=3600
)
