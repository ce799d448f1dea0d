"""The SRE dashboard and alert rules only reference metrics the gateway exports; rules pass promtool."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.support.gateway import gateway_client, reference_config

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "helm/switchboard/files/dashboard.json"
ALERTS = ROOT / "helm/switchboard/files/alerts.yaml"
ALERT_TESTS = ROOT / "tests/observability/alerts_test.yaml"
_METRIC = re.compile(r"\bswitchboard_[a-z_]+")
_SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")


def dashboard_queries() -> list[str]:
    """The PromQL of every panel."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def variable_queries() -> list[str]:
    """Grafana template-variable queries (`label_values(...)`: Grafana's, not PromQL)."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [v["query"]["query"] for v in dashboard["templating"]["list"] if isinstance(v.get("query"), dict)]


def rule_queries() -> list[str]:
    groups = yaml.safe_load(ALERTS.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def _family(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


async def test_every_referenced_metric_is_exported() -> None:
    async with gateway_client(reference_config()) as client:
        exported = {family.name for family in text_string_to_metric_families((await client.get("/metrics")).text)}
    queries = dashboard_queries() + variable_queries() + rule_queries()
    referenced = {_family(name) for query in queries for name in _METRIC.findall(query)}
    assert referenced
    assert referenced <= exported, referenced - exported


def test_dashboard_is_well_formed() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    titles = {panel["title"] for panel in dashboard["panels"] if panel["type"] == "row"}
    assert {"Traffic, errors and latency per route", "Vendor accounts", "Resilience"} <= titles


def _promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is missing; .ci/run installs the Debian package `prometheus`")
        pytest.skip("promtool not installed (apt-get install prometheus)")
    return found


def test_rules_pass_promtool_check_and_unit_tests() -> None:
    promtool = _promtool()
    for command in (["check", "rules", str(ALERTS)], ["test", "rules", str(ALERT_TESTS)]):
        result = subprocess.run([promtool, *command], capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
