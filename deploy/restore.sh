#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a database, then bring its schema up to
# the code's migrations.
#
#   deploy/restore.sh BACKUP.dump TARGET_DATABASE_URL [--replace]
#
# The target must exist and be empty (createdb it first), unless --replace is given, which
# drops what the target holds before restoring (for rebuilding the live database: stop
# formsvc-web and the senders first). Run from the application directory so that the
# migrations can be applied (`flask --app formsvc db upgrade`); set SKIP_UPGRADE=1 to skip.
set -euo pipefail

die() { echo "restore: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 BACKUP.dump TARGET_DATABASE_URL [--replace]"
dump=$1
target=$2
replace=${3:-}
[ -r "$dump" ] || die "cannot read $dump"
url=$(printf '%s' "$target" | sed -E 's#^postgres(ql)?(\+[a-z0-9]+)?://#postgresql://#')
case "$url" in postgresql://*) ;; *) die "the target does not name a PostgreSQL database" ;; esac
bin=${PGBIN:+$PGBIN/}

"${bin}pg_restore" --list "$dump" >/dev/null || die "$dump is not a readable pg_dump archive"

tables=$("${bin}psql" "$url" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  [ "$replace" = "--replace" ] || die "the target already has $tables tables; use an empty database or --replace"
  "${bin}psql" "$url" -Xq -v ON_ERROR_STOP=1 -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public"
fi

# One transaction: either the whole backup is in, or nothing is.
"${bin}pg_restore" --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$url" "$dump"

if [ -z "${SKIP_UPGRADE:-}" ]; then
  # A backup from an older release gets the newer migrations, as a deploy would.
  DATABASE_URL="$target" FORMSVC_ENV="${FORMSVC_ENV:-production}" flask --app formsvc db upgrade heads
fi
"${bin}psql" "$url" -XAtc "SELECT 'restored: ' || count(*) || ' submissions, ' || (SELECT count(*) FROM outbox_message) || ' emails' FROM submission"
