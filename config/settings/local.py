"""Local use (`make run`): embedded defaults, debug on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Serve static files straight from the app folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo council's users sign in with a password only, so anyone evaluating Wardcase can
# try every role quickly; set WARDCASE_REQUIRE_2FA=true to try the authenticator-app set-up.
# Production always requires the second factor (config/settings/production.py).
WARDCASE_REQUIRE_2FA = env.bool("WARDCASE_REQUIRE_2FA", default=False)
