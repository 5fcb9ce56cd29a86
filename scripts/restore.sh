#!/usr/bin/env bash
# Restore a Wardcase backup made by scripts/backup.sh into an EMPTY database and an empty
# (or missing) attachments folder.
#
#   scripts/restore.sh BACKUP_FOLDER
#
# The database is DATABASE_URL and the folder WARDCASE_MEDIA_ROOT (else
# WARDCASE_VAR_DIR/media), from the environment or the .env file, as for the site. Create
# the database first (createdb -O wardcase wardcase) and stop the services; after the
# restore run `manage.py migrate` (a newer release may add migrations), then start them.
# It refuses to write over a database with tables in it or a folder with files in it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${WARDCASE_PYTHON:-$root/.venv/bin/python}"

backup="${1:?usage: $0 BACKUP_FOLDER (made by scripts/backup.sh)}"
for file in database.dump media.tar.gz SHA256SUMS; do
    if [ ! -f "$backup/$file" ]; then
        echo "restore: $backup has no $file: not a backup made by scripts/backup.sh" >&2
        exit 2
    fi
done
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || {
    echo "restore: $backup is damaged (its checksums do not match)" >&2
    exit 2
}

label=restore
# shellcheck source=scripts/backup-settings.sh
source "$root/scripts/backup-settings.sh"

tables="$(psql --no-password --no-psqlrc --tuples-only --no-align --dbname="$database_url" \
    --command="SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [ "$tables" != "0" ]; then
    echo "restore: the database has $tables tables already; restore only into an empty database" >&2
    exit 2
fi
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
    echo "restore: $media_root is not empty; restore only into an empty attachments folder" >&2
    exit 2
fi

# Owned by whoever restores (the site's database user): not the roles of the old server.
pg_restore --no-password --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$database_url" "$backup/database.dump"
mkdir -p "$media_root"
tar -C "$media_root" -xzf "$backup/media.tar.gz"
echo "restore: restored $backup; now run manage.py migrate, then start the services"
