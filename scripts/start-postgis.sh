#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster with PostGIS and makes the test role and database
# (zonescope/zonescope, database zonescope_test). Idempotent.
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for i in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='zonescope'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role zonescope login superuser password 'zonescope'\""
su postgres -c "psql -qAtc \"select 1 from pg_database where datname='zonescope_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O zonescope zonescope_test"
su postgres -c "psql -q -d zonescope_test -c 'create extension if not exists postgis'"
echo "PostGIS ready: PG:host=127.0.0.1 dbname=zonescope_test user=zonescope password=zonescope" >&2
