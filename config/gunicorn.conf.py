"""gunicorn settings for Wardcase (`gunicorn --config config/gunicorn.conf.py`).

Used by scripts/serve.sh (`make serve`) and deploy/wardcase-web.service. Values come from
the environment (or the `.env` file, read by config.env):

    WARDCASE_BIND                    address to listen on (default 127.0.0.1:8000); keep it
                                     on the loopback behind the reverse proxy
    WARDCASE_WEB_WORKERS             worker processes (default 2; about 2 per CPU core)
    WARDCASE_WEB_TIMEOUT             seconds a request may take before its worker is
                                     restarted (default 60; reports and PDFs take a while)
    WARDCASE_FORWARDED_ALLOW_IPS     proxies whose X-Forwarded-* headers are trusted
                                     (default 127.0.0.1, the proxy on the same machine)
"""

import importlib
import os

# Loads .env into the environment, as the settings do. (Not `import config.env`: a name
# `config` here would be taken for gunicorn's own `config` setting.)
importlib.import_module("config.env")

wsgi_app = "config.wsgi:application"
bind = os.environ.get("WARDCASE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WARDCASE_WEB_WORKERS", "2"))
timeout = int(os.environ.get("WARDCASE_WEB_TIMEOUT", "60"))
# On SIGTERM, requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Workers' heartbeat files in memory, not on a disk that may stall (gunicorn makes them
# with mkstemp and unlinks them at once).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
forwarded_allow_ips = os.environ.get("WARDCASE_FORWARDED_ALLOW_IPS", "127.0.0.1")

# No access log: the app logs one JSON line per request (wardcase.core.request_log), with
# its request id and user. gunicorn's own messages go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("WARDCASE_GUNICORN_LOG_LEVEL", "info")
# Start each worker with its own copy of the app: a deploy's new code is loaded on restart.
preload_app = False
# No runtime control socket (gunicorn 25+): systemd and signals manage the server, and a
# shared default socket path would clash between two installations on one machine.
control_socket_disable = True

# gunicorn's own messages as JSON lines too, like the app's (WARDCASE_LOG_FORMAT=text: plain).
if os.environ.get("WARDCASE_LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "wardcase.core.logs.JsonFormatter"}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}
        },
        "root": {"level": "INFO", "handlers": []},
    }
