#!/usr/bin/env bash
# Runs once, when the Postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
# POSTGRES_DB (concord) is created by the image itself; this adds the database that Apicurio Registry
# keeps its schemas in, owned by the same user, as tools/stack/stack.sh does for the local stack.
set -euo pipefail

registry_db="${REGISTRY_DATABASE:-registry}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=db="$registry_db" --set=owner="$POSTGRES_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL
