#!/usr/bin/env bash
# PostgreSQL for the store tests (DESIGN.md §10): installs Debian's `postgresql` if missing,
# starts its cluster on loopback, creates the role `channelwatch` (password `channelwatch`)
# owning the database `channelwatch_test` (both idempotent), waits until it accepts
# connections and sets CHANNELWATCH_TEST_POSTGRES.
#
#   source .ci/postgres.sh   # exports CHANNELWATCH_TEST_POSTGRES into the calling shell
#   .ci/postgres.sh          # prints `export CHANNELWATCH_TEST_POSTGRES=…` (eval-able)
#
# Either way it ends with status 0 on success and 1 (with a message on stderr) on failure;
# when sourced it returns instead of exiting and leaves the caller's shell options alone.
# Needs root (apt-get, and `runuser -u postgres` for the admin statements).

_cw_pg_fail() {
  echo ".ci/postgres.sh: $*" >&2
  return 1
}

_cw_pg_setup() {
  local role=channelwatch password=channelwatch database=channelwatch_test
  local version port status

  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]; then
    echo ".ci/postgres.sh: installing Debian's postgresql" >&2
    apt-get update -qq >&2 || { _cw_pg_fail "apt-get update failed"; return 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
      || { _cw_pg_fail "apt-get install postgresql failed"; return 1; }
  fi

  # The newest installed server version; its cluster `main` is created if the package
  # install did not (e.g. a container image built with cluster creation disabled).
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  [ -n "$version" ] || { _cw_pg_fail "no PostgreSQL server under /usr/lib/postgresql"; return 1; }
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    pg_createcluster "$version" main --port 5432 >&2 || { _cw_pg_fail "pg_createcluster $version main failed"; return 1; }
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
  if [ "$status" != "online" ]; then
    # Debian's default listen_addresses is 'localhost': loopback only, as wanted.
    pg_ctlcluster "$version" main start >&2 || { _cw_pg_fail "pg_ctlcluster $version main start failed (see /var/log/postgresql/)"; return 1; }
  fi

  local i
  for i in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p "$port" || { _cw_pg_fail "PostgreSQL $version does not accept connections on 127.0.0.1:$port"; return 1; }

  # Role and database, idempotently (CREATE DATABASE cannot run inside DO, hence \gexec).
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p "$port" -d postgres >&2 <<SQL || { _cw_pg_fail "creating role $role / database $database failed"; return 1; }
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE $role LOGIN PASSWORD '$password';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $database OWNER $role' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database') \gexec
SQL

  CHANNELWATCH_TEST_POSTGRES="postgres://$role:$password@127.0.0.1:$port/$database"
  # The password path (scram over TCP on loopback) is what the tests use: check it.
  PGPASSWORD=$password psql -q -h 127.0.0.1 -p "$port" -U "$role" -d "$database" -c 'SELECT 1' >/dev/null \
    || { _cw_pg_fail "cannot log in as $role over 127.0.0.1:$port"; return 1; }
  export CHANNELWATCH_TEST_POSTGRES
  echo "export CHANNELWATCH_TEST_POSTGRES=$CHANNELWATCH_TEST_POSTGRES"
}

if _cw_pg_setup; then _cw_pg_status=0; else _cw_pg_status=1; fi
unset -f _cw_pg_setup _cw_pg_fail
# `return` only works when sourced; executed, fall through to `exit`.
return "$_cw_pg_status" 2>/dev/null || exit "$_cw_pg_status"
