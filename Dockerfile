# syntax=docker/dockerfile:1
# Build: docker build -t switchboard .   Run: docker run -p 8080:8080 -v $PWD/switchboard.yaml:/etc/switchboard/config.yaml:ro switchboard
FROM python:3.11.7-slim-bookworm AS build
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
RUN python -m venv /opt/switchboard \
 && /opt/switchboard/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY contracts ./contracts
COPY adapters ./adapters
COPY gateway ./gateway
RUN /opt/switchboard/bin/pip install --no-cache-dir --no-deps .

FROM python:3.11.7-slim-bookworm
RUN useradd --system --uid 10001 --no-create-home switchboard
COPY --from=build /opt/switchboard /opt/switchboard
ENV PATH=/opt/switchboard/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    SWITCHBOARD_CONFIG=/etc/switchboard/config.yaml
USER 10001
EXPOSE 8080
ENTRYPOINT ["switchboard"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
