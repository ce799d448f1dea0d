"""The rendered pod actually runs: `switchboard` started with the Deployment's arguments and
environment, the ConfigMap and Secret files where the mounts put them, probed like the kubelet
does, then stopped with SIGTERM like the kubelet does.

There is no container runtime here, so the mounts are mapped to temporary folders and the
gateway listens on a free loopback port (SWITCHBOARD__SERVER__* overrides the configured one).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.deploy.chart import Manifest, config_map, container, deployment, production_values, render, secret_value
from tests.support.processes import free_port
from tests.support.redis_server import redis_server

pytestmark = pytest.mark.e2e

# Tracing would try to reach the collector the production example names; nothing leaves loopback.
NOT_PASSED_ON = {"OTEL_EXPORTER_OTLP_ENDPOINT"}
# The keys examples/production.yaml expects in its credentials Secret.
CREDENTIAL_KEYS = (
    *("HUAWEI_APP_KEY", "HUAWEI_APP_SECRET", "HUAWEI_AK", "HUAWEI_SK"),
    *("FLASHAI_CLIENT_ID", "FLASHAI_CLIENT_SECRET", "SOBOT_APP_ID", "SOBOT_APP_SECRET"),
    *("CALLBACK_SECRET", "CRM_WEBHOOK_SECRET"),
)


@dataclass
class Pod:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    grace_seconds: int


def _mounts(manifests: list[Manifest], root: Path) -> dict[str, Path]:
    """Each mount path of the container -> a folder standing in for it."""
    return {mount["mountPath"]: root / mount["name"] for mount in container(manifests)["volumeMounts"]}


def _local(value: str, mounts: dict[str, Path]) -> str:
    """`value` with every path under a mount moved to the mount's folder (in one pass: the
    folders live under /tmp, itself a mount)."""
    alternatives = "|".join(re.escape(path) for path in sorted(mounts, key=len, reverse=True))
    pattern = rf"(?<![\w/.-])({alternatives})(?=/|$|\s|\"|')"
    return re.sub(pattern, lambda m: str(mounts[m.group(1)]), value, flags=re.MULTILINE)


def _environment(manifests: list[Manifest], secret: dict[str, str], mounts: dict[str, Path]) -> dict[str, str]:
    """The container's environment as the kubelet builds it (secretKeyRef, fieldRef, $(VAR))."""
    env: dict[str, str] = {}
    for variable in container(manifests)["env"]:
        if variable["name"] in NOT_PASSED_ON:
            continue
        source: dict[str, Any] = variable.get("valueFrom", {})
        if "secretKeyRef" in source:
            value = secret[source["secretKeyRef"]["key"]]
        elif "fieldRef" in source:
            value = f"emulated-{source['fieldRef']['fieldPath'].replace('.', '-')}"
        else:
            value = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), variable["value"])
        env[variable["name"]] = _local(value, mounts)
    if container(manifests).get("envFrom"):
        env |= secret
    return env


@contextmanager
def running_pod(manifests: list[Manifest], secret: dict[str, str], root: Path) -> Iterator[Pod]:
    mounts = _mounts(manifests, root)
    for folder in mounts.values():
        folder.mkdir(parents=True)
    config = config_map(manifests)["data"]["switchboard.yaml"]
    (mounts["/etc/switchboard"] / "switchboard.yaml").write_text(_local(config, mounts), encoding="utf-8")
    if "/var/run/secrets/switchboard" in mounts:
        for key, value in secret.items():
            (mounts["/var/run/secrets/switchboard"] / key).write_text(value, encoding="utf-8")
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SWITCHBOARD", "OTEL_", "PROMETHEUS_"))
    }
    env |= _environment(manifests, secret, mounts)
    env |= {"SWITCHBOARD__SERVER__HOST": "127.0.0.1", "SWITCHBOARD__SERVER__PORT": str(port)}
    args = [_local(arg, mounts) for arg in container(manifests)["args"]]
    log = root / "pod.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", *args], stdout=sink, stderr=subprocess.STDOUT, env=env
        )
    grace = deployment(manifests)["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    try:
        yield Pod(f"http://127.0.0.1:{port}", process, log, grace)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def _wait_until_alive(pod: Pod, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pod.process.poll() is not None:
            pytest.fail(f"the gateway exited with {pod.process.returncode}:\n{pod.log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{pod.url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{pod.url}/healthz did not answer:\n{pod.log.read_text(errors='replace')}")


def _stop_like_the_kubelet(pod: Pod) -> float:
    started = time.monotonic()
    pod.process.send_signal(signal.SIGTERM)
    returncode = pod.process.wait(pod.grace_seconds)
    assert returncode == 0, pod.log.read_text(errors="replace")
    return time.monotonic() - started


def test_production_pod_serves_probes_and_stops_cleanly(tmp_path: Path) -> None:
    manifests = render(production_values())
    credentials = {key: secret_value(key) for key in CREDENTIAL_KEYS}
    with redis_server() as redis_url, running_pod(manifests, credentials | {"url": redis_url}, tmp_path) as pod:
        _wait_until_alive(pod)
        assert httpx.get(f"{pod.url}/readyz", timeout=5).status_code == 200
        metrics = httpx.get(f"{pod.url}/metrics", timeout=5)
        assert metrics.status_code == 200
        assert "switchboard_" in metrics.text
        accounts = httpx.get(f"{pod.url}/v1/accounts", timeout=5)
        assert accounts.status_code == 401, "callers authenticate by key"
        assert _stop_like_the_kubelet(pod) < pod.grace_seconds
    for value in credentials.values():
        assert value not in pod.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def pod_without_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pod]:
    """The production pod while its Redis does not answer (nothing listens on the port)."""
    secret = {key: secret_value(key) for key in CREDENTIAL_KEYS} | {"url": f"redis://127.0.0.1:{free_port()}/0"}
    with running_pod(render(production_values()), secret, tmp_path_factory.mktemp("no-redis")) as pod:
        _wait_until_alive(pod)
        yield pod
        _stop_like_the_kubelet(pod)


def test_without_redis_the_pod_is_alive_but_not_ready(pod_without_redis: Pod) -> None:
    """Liveness must not restart pods for a Redis outage; readiness takes them out of the Service
    (the kubelet counts any status outside 200-399 as a failed probe)."""
    assert httpx.get(f"{pod_without_redis.url}/healthz", timeout=5).status_code == 200
    assert httpx.get(f"{pod_without_redis.url}/readyz", timeout=5).status_code >= 400


def test_without_redis_readiness_answers_503(pod_without_redis: Pod) -> None:
    assert httpx.get(f"{pod_without_redis.url}/readyz", timeout=5).status_code == 503


def test_several_workers_share_one_metrics_endpoint(tmp_path: Path) -> None:
    secret = {"FLASHAI_CLIENT_ID": "CLIENT0001", "FLASHAI_CLIENT_SECRET": "s3cret"}
    manifests = render({"workers": 2, "secrets": {"data": secret}})
    with running_pod(manifests, secret, tmp_path) as pod:
        _wait_until_alive(pod)
        # New connections, so that the kernel hands them to either worker.
        for _ in range(40):
            assert httpx.get(f"{pod.url}/healthz", timeout=5).status_code == 200
        scrape = httpx.get(f"{pod.url}/metrics", timeout=5).text
        writers = {re.sub(r"\D", "", path.stem) for path in (tmp_path / "metrics").glob("*.db")}
        assert len(writers) >= 2, "each worker writes its values to the emptyDir"
        served = sum(
            float(value)
            for labels, value in re.findall(r"^switchboard_http_requests_total\{([^}]*)\} (\S+)$", scrape, re.M)
            if 'route="/healthz"' in labels
        )
        assert served >= 40, "one scrape counts the requests of every worker"
        _stop_like_the_kubelet(pod)
