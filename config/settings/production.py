"""Production: PostgreSQL, SMTP, secrets and hosts from the environment, HTTPS only.

Every variable is listed, with an example, in deploy/wardcase.env.example.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import LOGGING, env

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Keep database connections open between requests; checked before reuse.
CONN_MAX_AGE = env.int("WARDCASE_DB_CONN_MAX_AGE", default=60)
for _alias in DATABASES:  # noqa: F405 - the primary, and the read replica if there is one
    DATABASES[_alias]["CONN_MAX_AGE"] = CONN_MAX_AGE  # noqa: F405
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# HTTPS is terminated by the reverse proxy (deploy/nginx-wardcase.conf), which says so in
# X-Forwarded-Proto. WARDCASE_ALLOW_HTTP=true serves plain HTTP instead, for trying the
# production set-up on one machine: only allowed when gunicorn listens on the loopback.
WARDCASE_BIND = env.str("WARDCASE_BIND", default="127.0.0.1:8000")
WARDCASE_ALLOW_HTTP = env.bool("WARDCASE_ALLOW_HTTP", default=False)
if WARDCASE_ALLOW_HTTP:
    bind_host = WARDCASE_BIND.rpartition(":")[0].strip("[]")
    if bind_host not in {"127.0.0.1", "localhost", "::1"}:
        raise ImproperlyConfigured(
            f"WARDCASE_ALLOW_HTTP=true serves plain HTTP, so it is only allowed when "
            f"WARDCASE_BIND is on 127.0.0.1 or localhost, not {WARDCASE_BIND!r}."
        )
WARDCASE_SITE_URL = env.str(
    "WARDCASE_SITE_URL",
    default=f"http://{WARDCASE_BIND}" if WARDCASE_ALLOW_HTTP else f"https://{ALLOWED_HOSTS[0]}",
)

SECURE_SSL_REDIRECT = not WARDCASE_ALLOW_HTTP and env.bool(
    "DJANGO_SECURE_SSL_REDIRECT", default=True
)
# A load balancer may check health over plain HTTP straight to gunicorn.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = (
    0 if WARDCASE_ALLOW_HTTP else env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not WARDCASE_ALLOW_HTTP
CSRF_COOKIE_SECURE = not WARDCASE_ALLOW_HTTP

# Every production sign-in needs a second factor: not configurable.
WARDCASE_REQUIRE_2FA = True

# One JSON object per line (see wardcase.core.logs); WARDCASE_LOG_FORMAT=text for plain.
LOGGING["handlers"]["console"]["formatter"] = env("WARDCASE_LOG_FORMAT", default="json")
