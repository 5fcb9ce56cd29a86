# Shared by backup.sh and restore.sh (sourced, not run): sets database_url and media_root
# as the site's settings read them (environment or .env), and stops unless the database
# is PostgreSQL. Needs root, py and the caller's name in label.

read -r database_url media_root < <(
    cd "$root" && "$py" -c 'import os
from config.settings import base
print(os.environ.get("DATABASE_URL", ""), base.MEDIA_ROOT)'
)
case "$database_url" in
postgres://* | postgresql://*) ;;
*)
    echo "$label: DATABASE_URL must name a PostgreSQL database (SQLite: see scripts/backup.sh)" >&2
    exit 2
    ;;
esac
