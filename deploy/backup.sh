#!/usr/bin/env bash
# Back up formsvc's PostgreSQL database: a compressed custom-format pg_dump, checked by
# listing its contents, then old backups beyond the retention are deleted.
#
#   DATABASE_URL=postgresql://formsvc@127.0.0.1/formsvc deploy/backup.sh [BACKUP_DIR]
#
# BACKUP_DIR defaults to /var/backups/formsvc; BACKUP_KEEP_DAYS (default 30) old files are
# kept. Prints the path of the new backup. Restore with deploy/restore.sh.
# The dump holds personal data: keep BACKUP_DIR readable by the service account only and
# copy it off the server (encrypted) as DEPLOYMENT.md describes.
set -euo pipefail

die() { echo "backup: $*" >&2; exit 1; }

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (the same value formsvc uses)"
# libpq does not know SQLAlchemy's driver suffix (postgresql+psycopg://).
url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#')
case "$url" in postgresql://*) ;; *) die "DATABASE_URL does not name a PostgreSQL database" ;; esac

dir=${1:-${BACKUP_DIR:-/var/backups/formsvc}}
keep=${BACKUP_KEEP_DAYS:-30}
bin=${PGBIN:+$PGBIN/}

umask 077
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dir/formsvc-$stamp.dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

"${bin}pg_dump" --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$url"
# A dump that cannot be listed is not a backup.
"${bin}pg_restore" --list "$partial" >/dev/null || die "the new dump is unreadable: $partial"
mv "$partial" "$target"

find "$dir" -maxdepth 1 -name 'formsvc-*.dump' -type f -mtime +"$keep" -delete
echo "$target"
