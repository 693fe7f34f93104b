#!/bin/sh
# The image's entrypoint (/usr/local/bin/office-service): runs one service of the suite.
#
#   SERVICE       docs | meetings | infoscore | logistics | notify | aggregate  (required)
#   SERVICE_PORT  where it listens; default <SERVICE>_PORT (e.g. DOCS_PORT), else its usual port
#   SERVICE_HOST  default 0.0.0.0
#
#   office-service              runs uvicorn for $SERVICE (exec: uvicorn is PID 1 and gets SIGTERM)
#   office-service healthcheck  exits 0 when the running service answers /healthz (the HEALTHCHECK)
#   office-service CMD ARGS...  runs that command instead, e.g. `office-service office replay ...`
#
# Other uvicorn settings by its own environment: FORWARDED_ALLOW_IPS (proxies whose
# X-Forwarded-* headers are trusted; uvicorn's default 127.0.0.1), UVICORN_* options.
set -eu
# What a service writes (an SQLite file under /data, say) is for its own user only.
umask 077

if [ "$#" -gt 0 ] && [ "$1" != "healthcheck" ]; then
    exec "$@"
fi

case "${SERVICE:-}" in
    docs) usual_port=8101 ;;
    meetings) usual_port=8102 ;;
    infoscore) usual_port=8103 ;;
    logistics) usual_port=8104 ;;
    notify) usual_port=8105 ;;
    aggregate) usual_port=8106 ;;
    *)
        echo "office-service: set SERVICE to one of docs, meetings, infoscore, logistics," \
            "notify, aggregate (it is '${SERVICE:-}')" >&2
        exit 64
        ;;
esac

# <SERVICE>_PORT is the variable the service's own settings read (DOCS_PORT, ...).
prefixed_port_var="$(printf '%s_PORT' "$SERVICE" | tr '[:lower:]' '[:upper:]')"
eval "prefixed_port=\${${prefixed_port_var}:-}"
port="${SERVICE_PORT:-${prefixed_port:-$usual_port}}"

if [ "${1:-}" = "healthcheck" ]; then
    exec python -c '
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)
' "http://127.0.0.1:${port}/healthz"
fi

exec python -m uvicorn --factory "services.${SERVICE}.app:create_app" \
    --host "${SERVICE_HOST:-0.0.0.0}" --port "$port" \
    --proxy-headers --no-server-header --loop asyncio \
    --timeout-graceful-shutdown "${SERVICE_GRACEFUL_SHUTDOWN_S:-20}"
