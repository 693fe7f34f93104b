# One image for the six services of the suite; SERVICE chooses which one runs:
#   docker build -t office-suite .
#   docker run -e SERVICE=docs -e DOCS_DATABASE_URL=postgresql+asyncpg://... -e NATS_URL=... office-suite
# deploy/README.md says how compose and Kubernetes run it. Needs BuildKit (Docker 23+'s default).

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: uv resolves nothing, it installs what uv.lock says ---------------------------
FROM ${PYTHON_IMAGE} AS builder
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# The dependencies first, in their own layer: it is rebuilt only when uv.lock changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project
# Then the source, installed into the same venv as a regular (non-editable) package, so the
# final stage needs the venv alone (services, migrations, the sample registry, `office`).
COPY shared ./shared
COPY services ./services
COPY office ./office
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable

# --- runtime: the interpreter, the venv, an unprivileged user; no compiler, no uv, no pip --
FROM ${PYTHON_IMAGE} AS runtime
ARG APP_UID=10001
LABEL org.opencontainers.image.title="office-suite" \
      org.opencontainers.image.description="办公室: the General Office's services (docs, meetings, infoscore, logistics, notify, aggregate)"
RUN groupadd --system --gid "${APP_UID}" office \
    && useradd --system --uid "${APP_UID}" --gid office --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin office \
    && python -m pip uninstall --yes --quiet pip setuptools wheel \
    && install -d -o office -g office -m 0700 /data
COPY --from=builder /app/.venv /app/.venv
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/office-service
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OFFICE_DATA_DIR=/data
WORKDIR /app
USER ${APP_UID}:${APP_UID}
EXPOSE 8101 8102 8103 8104 8105 8106
# Alive = /healthz answers on the service's port (python: the slim image has no curl).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["office-service", "healthcheck"]
ENTRYPOINT ["office-service"]
