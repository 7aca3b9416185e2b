#!/bin/sh
# Run once by the postgres image when its data volume is new
# (docker-entrypoint-initdb.d): the application's own login role. The
# schema's owner (POSTGRES_USER) runs `kaizen migrate`, which grants
# kaizen_app what the application needs; the application signs in as
# kaizen_web, a member of kaizen_app that owns no table and cannot become
# the owner, so the database alone keeps signed protocols and the audit
# trail unchanged.
set -eu
: "${KAIZEN_WEB_PASSWORD:?set KAIZEN_WEB_PASSWORD for the application's login role}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
	-v web_password="$KAIZEN_WEB_PASSWORD" <<'SQL'
CREATE ROLE kaizen_app NOLOGIN;
CREATE ROLE kaizen_web LOGIN PASSWORD :'web_password' IN ROLE kaizen_app;
SQL
