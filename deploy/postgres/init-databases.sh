#!/bin/bash
# One database per service, each owned by its own role that may connect to it alone.
# The postgres image runs this once, when it initialises an empty data directory
# (/docker-entrypoint-initdb.d); each role's password comes from <SERVICE>_DB_PASSWORD.
# Adding a database to an existing server: deploy/README.md, "PostgreSQL".
set -euo pipefail

for service in docs meetings infoscore logistics notify aggregate; do
    password_var="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    password="${!password_var:-}"
    if [ -z "$password" ]; then
        echo "init-databases: $password_var is not set" >&2
        exit 1
    fi
    # psql variables (:"name", :'password') quote what they insert.
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
        -v name="$service" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
    echo "init-databases: database and role $service created"
done
