"""Metrics across worker processes, and the dashboard's queries against a real Prometheus."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from adapters.registry import AdapterRegistry
from tests.observability.test_dashboard_and_rules import dashboard_queries, rule_queries
from tests.support.processes import DemoProcess, demo_process, free_port, wait_until_healthy

pytestmark = pytest.mark.e2e

KEY = "observability-e2e-key"


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoProcess]:
    with demo_process(KEY) as running:
        yield running


def _scripts_requests(metrics: str) -> float:
    for family in text_string_to_metric_families(metrics):
        if family.name == "switchboard_http_requests":
            return sum(
                s.value for s in family.samples if s.name.endswith("_total") and s.labels["route"] == "/v1/scripts"
            )
    return 0.0


def test_two_workers_share_one_set_of_metrics(demo: DemoProcess, tmp_path: Path) -> None:
    kit = AdapterRegistry.from_entry_points().get("flashai").simulator()
    assert kit is not None
    config = {
        "accounts": {
            "flashai-cn": {"vendor": "flashai", **kit.account_config(base_url=demo.simulators["flashai-demo"])}
        },
        "callers": {
            "crm": {
                "key_sha256": [hashlib.sha256(KEY.encode()).hexdigest()],
                "accounts": ["flashai-cn"],
                "default_account": "flashai-cn",
                "scopes": ["read"],
            }
        },
    }
    path = tmp_path / "switchboard.yaml"
    path.write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gateway.cli",
                "serve",
                "--config",
                str(path),
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url)
        for _ in range(40):  # a fresh connection each time, so that both workers take requests
            response = httpx.get(f"{url}/v1/scripts", headers={"authorization": f"Bearer {KEY}"}, timeout=5)
            assert response.status_code == 200
        counts = {_scripts_requests(httpx.get(f"{url}/metrics", timeout=5).text) for _ in range(10)}
        assert counts == {40.0}  # every scrape, whichever worker answers it, sees all 40
        workers = {int(pid) for pid in re.findall(r'"pid":(\d+)', log.read_text()) if int(pid) != server.pid}
        assert len(workers) >= 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    assert server.returncode == 0, log.read_text()


def _prometheus() -> str:
    found = shutil.which("prometheus")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("prometheus is missing; .ci/run installs the Debian package `prometheus`")
        pytest.skip("prometheus not installed (apt-get install prometheus)")
    return found


def _query(api: str, expr: str) -> list[Any]:
    answer = httpx.get(f"{api}/api/v1/query", params={"query": expr}, timeout=10).json()
    assert answer["status"] == "success", (expr, answer)
    return list(answer["data"]["result"])


def test_dashboard_queries_evaluate_against_a_real_prometheus(demo: DemoProcess, tmp_path: Path) -> None:
    binary = _prometheus()
    target = demo.url.removeprefix("http://")
    (tmp_path / "prometheus.yml").write_text(
        yaml.safe_dump(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "scrape_configs": [{"job_name": "switchboard", "static_configs": [{"targets": [target]}]}],
            }
        )
    )
    port = free_port()
    api = f"http://127.0.0.1:{port}"
    prometheus = subprocess.Popen(
        [
            binary,
            f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"authorization": f"Bearer {KEY}"}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            # Traffic through a vendor, a refused operation and a bad request, between scrapes.
            httpx.get(f"{demo.url}/v1/scripts", headers=headers, timeout=5)
            httpx.get(f"{demo.url}/v1/agents", headers=headers, timeout=5)
            httpx.get(f"{demo.url}/v1/campaigns/nope", headers=headers, timeout=5)
            try:
                ready = _query(api, 'count_over_time(up{job="switchboard"}[1m])')
            except httpx.TransportError:
                ready = []
            if ready and float(ready[0]["value"][1]) >= 5:
                break
            time.sleep(0.5)
        else:
            pytest.fail("prometheus never scraped the gateway five times")
        for expr in dashboard_queries() + rule_queries():
            _query(api, expr.replace("$__rate_interval", "30s").replace("$account", ".*"))
        assert _query(api, 'sum by (route) (rate(switchboard_http_requests_total{route="/v1/scripts"}[30s]))')
        assert _query(api, "sum by (account, outcome) (rate(switchboard_vendor_operations_total[30s]))")
        assert _query(
            api, "histogram_quantile(0.99, sum by (le) (rate(switchboard_gateway_overhead_seconds_bucket[30s])))"
        )
    finally:
        prometheus.terminate()
        prometheus.wait(20)
