#!/usr/bin/env bash
# Back up Wardcase: the PostgreSQL database and the attachments folder.
#
#   scripts/backup.sh [FOLDER]
#
# Writes FOLDER/wardcase-YYYYMMDD-HHMMSS/ (FOLDER: WARDCASE_BACKUP_DIR, else var/backups)
# holding database.dump (pg_dump's custom format), media.tar.gz (WARDCASE_MEDIA_ROOT) and
# SHA256SUMS. The folder appears only once the backup is complete. The database is read
# with DATABASE_URL and the attachments found as the settings find them, from the
# environment or the .env file. The site can stay up: pg_dump reads one consistent
# snapshot, and the attachments are copied after it, so every file the dumped database
# names is in the copy (files uploaded meanwhile come along unnamed, harmlessly).
# Restore with scripts/restore.sh. SQLite (local use only) is copied with
# `sqlite3 var/wardcase.sqlite3 ".backup backup.sqlite3"` instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${WARDCASE_PYTHON:-$root/.venv/bin/python}"

label=backup
# shellcheck source=scripts/backup-settings.sh
source "$root/scripts/backup-settings.sh"

dest="${1:-${WARDCASE_BACKUP_DIR:-$root/var/backups}}"
name="wardcase-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$dest"
work="$(mktemp -d "$dest/.$name.XXXXXX")"
trap 'rm -rf "$work"' EXIT

pg_dump --format=custom --no-password --file="$work/database.dump" --dbname="$database_url"
if [ -d "$media_root" ]; then
    tar -C "$media_root" -czf "$work/media.tar.gz" .
else
    tar -czf "$work/media.tar.gz" --files-from /dev/null
fi
(cd "$work" && sha256sum database.dump media.tar.gz >SHA256SUMS)

chmod 700 "$work"
mv "$work" "$dest/$name"
trap - EXIT
echo "$dest/$name"
