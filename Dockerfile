# syntax=docker/dockerfile:1
# The Switchboard gateway image.
#
#   docker build -t switchboard:0.1.0 .
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp \
#     -v "$PWD/switchboard.yaml:/etc/switchboard/switchboard.yaml:ro" \
#     -e FLASHAI_CLIENT_ID -e FLASHAI_CLIENT_SECRET switchboard:0.1.0
#
# The base is pinned by tag; for byte-for-byte reproducible builds pin its digest as well:
#   --build-arg PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:<index digest>
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

# ---- build: resolve nothing, install exactly the lock, build our own wheel ----------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src

# The runtime environment gets no pip or setuptools of its own (nothing installs at run time, and
# Python 3.11's bundled setuptools is old); the base image's pip installs into it with --python.
# Every runtime dependency comes from the lock, verified by hash, as a prebuilt wheel: a missing
# wheel fails the build instead of compiling from source. This layer changes only with the lock.
COPY requirements.lock ./
RUN python -m venv --without-pip /opt/switchboard \
 && python -m pip --python /opt/switchboard/bin/python install --no-cache-dir --no-deps \
        --require-hashes --only-binary=:all: -r requirements.lock

# Our package is built offline with the setuptools pinned (with hashes) in the development lock,
# in a throw-away environment, so no unpinned build backend is ever downloaded.
COPY requirements-dev.lock ./
RUN awk '/^setuptools==/ {found = 1} found {print} found && !/\\$/ {exit}' requirements-dev.lock > build.lock \
 && python -m venv /opt/build \
 && /opt/build/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: -r build.lock
COPY pyproject.toml README.md ./
COPY contracts ./contracts
COPY adapters ./adapters
COPY gateway ./gateway
RUN /opt/build/bin/pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /src/dist . \
 && python -m pip --python /opt/switchboard/bin/python install --no-cache-dir --no-deps /src/dist/switchboard-*.whl

# ---- runtime: the interpreter, the environment, an unprivileged user; no compilers, no pip ---------
FROM ${PYTHON_IMAGE}
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="switchboard" \
      org.opencontainers.image.description="Vendor-neutral contact-center REST gateway" \
      org.opencontainers.image.version="${VERSION}"

# A fixed numeric uid/gid so that Kubernetes can verify runAsNonRoot without a passwd lookup, and
# the one folder the gateway writes to besides /tmp (the events outbox's SQLite file by default).
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --no-log-init \
        --home-dir /nonexistent --shell /usr/sbin/nologin switchboard \
 && install --directory --owner=10001 --group=10001 --mode=0750 /var/lib/switchboard

COPY --from=build /opt/switchboard /opt/switchboard

# Bytecode was compiled at install time; the root filesystem is meant to be read-only at run time.
ENV PATH=/opt/switchboard/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONFAULTHANDLER=1 \
    SWITCHBOARD_CONFIG=/etc/switchboard/switchboard.yaml

USER 10001:10001
WORKDIR /tmp
EXPOSE 8080

# For plain `docker run`; Kubernetes ignores it and uses the chart's probes.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"]

# Exec form: the gateway is PID 1 and receives SIGTERM itself, which starts its graceful drain.
ENTRYPOINT ["switchboard"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
