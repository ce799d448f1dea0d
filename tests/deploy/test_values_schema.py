"""values.schema.json refuses the mistakes that would deploy a broken or unsafe gateway, and the
templates refuse them again when the schema is skipped (`helm install --skip-schema-validation`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import helm_python
import pytest

from tests.deploy.chart import CHART, production_values, render

REDIS = {"url": "redis://:pw@redis-master.redis:6379/0"}


def _rejected(values: dict[str, Any]) -> str:
    with pytest.raises(helm_python.HelmValuesError) as caught:
        render(values)
    return str(caught.value)


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"replicaCount": 3}, "/redis"),
        ({"autoscaling": {"enabled": True, "maxReplicas": 4}}, "/redis"),
        ({"config": {"server": {"port": 70000}}}, "/config/server/port"),
        ({"config": {"server": {"port": 0}}}, "/config/server/port"),
        ({"config": {"server": {"port": "8080"}}}, "/config/server/port"),
        ({"service": {"port": 65536}}, "/service/port"),
        ({"replicas": 3}, "additional properties 'replicas'"),
        ({"config": {"server": {"host": "127.0.0.1"}}}, "/config/server/host"),
        (
            {"config": {"accounts": {"FlashAI": {"vendor": "flashai", "base_urls": {"default": "https://x"}}}}},
            "FlashAI",
        ),
        (
            {"exampleAccounts": {"flashai-cn": {"credentials": {"client_secret": "s3cret-in-a-configmap"}}}},
            "/exampleAccounts/flashai-cn/credentials/client_secret",
        ),
        ({"config": {"state": {"redis_url": "redis://:pw@redis:6379/0"}}}, "/config/state/redis_url"),
        (
            {"config": {"callers": {"crm": {"webhooks": [{"url": "https://crm", "secret": "whsec_c2VjcmV0"}]}}}},
            "/config/callers/crm/webhooks/0/secret",
        ),
        ({"config": {"events": {"callback_secret": "plain"}}}, "/config/events/callback_secret"),
        (
            {"config": {"callers": {"crm": {"key_sha256": ["k"], "accounts": ["a"], "default_account": "a"}}}},
            "/config/callers/crm/key_sha256/0",
        ),
        ({"redis": {"url": "http://redis:6379"}}, "/redis/url"),
        ({"workers": 0}, "/workers"),
        ({"logLevel": "verbose"}, "/logLevel"),
        ({"image": {"digest": "latest"}}, "/image/digest"),
        ({"podSecurityContext": {"runAsNonRoot": False}}, "/podSecurityContext/runAsNonRoot"),
        ({"podSecurityContext": {"runAsUser": 0}}, "/podSecurityContext/runAsUser"),
        ({"securityContext": {"readOnlyRootFilesystem": False}}, "/securityContext/readOnlyRootFilesystem"),
        ({"securityContext": {"allowPrivilegeEscalation": True}}, "/securityContext/allowPrivilegeEscalation"),
        ({"securityContext": {"capabilities": {"drop": ["NET_RAW"]}}}, "/securityContext/capabilities/drop"),
        ({"securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}, "/securityContext/capabilities/add"),
        ({"networkPolicy": {"egress": {"vendors": [{"cidr": "vendor.example.com", "ports": [443]}]}}}, "cidr"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_schema_rejects(values: dict[str, Any], where: str) -> None:
    assert where in _rejected(values)


@pytest.mark.parametrize(
    "values",
    [
        {"replicaCount": 3, "redis": REDIS},
        {"replicaCount": 3, "redis": {"existingSecret": {"name": "switchboard-redis", "key": "url"}}},
        {"replicaCount": 3, "config": {"state": {"redis_url": {"env": "REDIS_URL"}}}},
        {"autoscaling": {"enabled": True, "minReplicas": 1, "maxReplicas": 1}},
        {"replicaCount": 0},
        {"config": {"server": {"port": 9090, "host": "::"}}, "service": {"port": 443}},
        {"workers": 4, "logLevel": "DEBUG"},
    ],
    ids=["redis-url", "redis-secret", "config-redis", "hpa-of-one", "scaled-to-zero", "ipv6-port", "workers"],
)
def test_schema_accepts(values: dict[str, Any]) -> None:
    assert render(values)


def test_production_example_passes_the_schema() -> None:
    assert render(production_values())


@pytest.fixture(scope="module")
def chart_without_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("chart") / "switchboard"
    shutil.copytree(CHART, copy, ignore=shutil.ignore_patterns("values.schema.json"))
    return copy


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"replicaCount": 2}, "more than one pod needs shared state"),
        ({"autoscaling": {"enabled": True}}, "more than one pod needs shared state"),
        (
            {"redis": REDIS, "config": {"state": {"redis_url": {"env": "REDIS_URL"}}}},
            "config.state.redis_url and redis.* both name the Redis",
        ),
        ({"redis": {**REDIS, "existingSecret": {"name": "r", "key": "url"}}}, "redis.url and redis.existingSecret"),
        (
            {"autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 3}, "redis": REDIS},
            "minReplicas must not exceed",
        ),
        ({"terminationGracePeriodSeconds": 10}, "terminationGracePeriodSeconds must be at least"),
    ],
    ids=["replicas", "autoscaling", "two-redis-urls", "two-redis-sources", "hpa-bounds", "grace"],
)
def test_templates_refuse_what_the_schema_would(
    chart_without_schema: Path, values: dict[str, Any], message: str
) -> None:
    with pytest.raises(helm_python.HelmRenderError) as caught:
        render(values, chart=chart_without_schema)
    assert message in str(caught.value)
