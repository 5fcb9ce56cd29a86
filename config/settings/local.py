"""Local use (`make run`): embedded defaults, debug on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Serve static files straight from the app folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
