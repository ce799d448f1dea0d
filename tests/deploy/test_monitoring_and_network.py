"""What the chart ships for operations: the promtool-tested alert rules and the dashboard exactly
as the repository holds them, a ServiceMonitor on the metrics port, and a NetworkPolicy that lets
only DNS, the vendors and Redis out."""

from __future__ import annotations

import json

import yaml

from tests.deploy.chart import CHART, Manifest, container, of_kind, one, production_values, render

ALERTS = CHART / "files" / "alerts.yaml"
DASHBOARD = CHART / "files" / "dashboard.json"


def test_prometheus_rule_carries_exactly_the_alert_file(production_render: list[Manifest]) -> None:
    rule = one(production_render, "PrometheusRule")
    assert rule["spec"] == yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    alerts = [r["alert"] for group in rule["spec"]["groups"] for r in group["rules"]]
    assert "SwitchboardCircuitOpen" in alerts
    assert len(alerts) == len(set(alerts))
    # Prometheus, not Helm, expands the annotations' label templates.
    assert "{{ $labels.account }}" in json.dumps(rule["spec"])
    assert rule["metadata"]["labels"]["release"] == "kube-prometheus-stack"


def test_dashboard_config_map_carries_exactly_the_dashboard(default_render: list[Manifest]) -> None:
    dashboard = one(default_render, "ConfigMap", "-dashboard")
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    shipped = dashboard["data"]["switchboard.json"]
    assert shipped.rstrip("\n") == DASHBOARD.read_text(encoding="utf-8").rstrip("\n")
    assert json.loads(shipped)["uid"] == "switchboard-overview"


def test_dashboard_goes_where_grafana_looks(production_render: list[Manifest]) -> None:
    dashboard = one(production_render, "ConfigMap", "-dashboard")
    assert dashboard["metadata"]["namespace"] == "monitoring"
    assert dashboard["metadata"]["annotations"] == {"grafana_folder": "Switchboard"}


def test_monitoring_objects_only_when_asked() -> None:
    values = production_values()
    for key in ("serviceMonitor", "prometheusRule", "dashboard"):
        values[key]["enabled"] = False
    manifests = render(values)
    assert not of_kind(manifests, "ServiceMonitor")
    assert not of_kind(manifests, "PrometheusRule")
    assert [m["metadata"]["name"] for m in of_kind(manifests, "ConfigMap")] == ["switchboard"]


def test_service_monitor_scrapes_metrics(production_render: list[Manifest]) -> None:
    monitor = one(production_render, "ServiceMonitor")
    assert monitor["spec"]["endpoints"] == [
        {"port": "http", "path": "/metrics", "scheme": "http", "interval": "30s", "scrapeTimeout": "10s"}
    ]
    assert monitor["spec"]["namespaceSelector"] == {"matchNames": [monitor["metadata"]["namespace"]]}


def test_network_policy_opens_only_the_http_port(production_render: list[Manifest]) -> None:
    policy = one(production_render, "NetworkPolicy")["spec"]
    assert policy["policyTypes"] == ["Ingress", "Egress"]
    [ingress] = policy["ingress"]
    assert ingress["ports"] == [{"port": "http", "protocol": "TCP"}]
    assert ingress["from"] == production_values()["networkPolicy"]["ingress"]["from"]
    assert [port["name"] for port in container(production_render)["ports"]] == ["http"]


def test_network_policy_egress_is_dns_vendors_redis_and_collector(production_render: list[Manifest]) -> None:
    egress = one(production_render, "NetworkPolicy")["spec"]["egress"]
    ports = [sorted((p["protocol"], p["port"]) for p in rule["ports"]) for rule in egress]
    assert ports == [
        [("TCP", 53), ("UDP", 53)],
        [("TCP", 443)],
        [("TCP", 28080), ("TCP", 28090), ("TCP", 28443)],
        [("TCP", 6379)],
        [("TCP", 4318)],
    ]
    public = egress[1]["to"][0]["ipBlock"]
    assert public["cidr"] == "0.0.0.0/0"
    # Nothing private: no other pods, no node or cloud metadata addresses.
    assert {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"} <= set(public["except"])
    assert egress[2]["to"] == [{"ipBlock": {"cidr": "10.10.1.0/24"}}]
    assert egress[3]["to"] == production_values()["networkPolicy"]["egress"]["redis"]["to"]


def test_network_policy_without_redis_has_no_redis_rule() -> None:
    policy = one(render({"networkPolicy": {"enabled": True}}), "NetworkPolicy")["spec"]
    assert [rule["ports"][0]["port"] for rule in policy["egress"]] == [53, 443]
    assert "from" not in policy["ingress"][0]
