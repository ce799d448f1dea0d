"""The chart lints clean and everything it renders is a valid Kubernetes object."""

from __future__ import annotations

import copy

import helm_python
import jsonschema
import kubernetes_validate
import pytest

from tests.deploy.chart import CHART, KUBERNETES_VERSION, NAMESPACE, Manifest, of_kind, one, production_values
from tests.deploy.crds import SCHEMAS, validate_custom_resource

WARNING = 2  # helm lint severities: 1 info, 2 warning, 3 error


@pytest.mark.parametrize("values", [None, "production"], ids=["defaults", "production"])
def test_helm_lint_is_clean(values: str | None) -> None:
    report = helm_python.lint(
        str(CHART),
        production_values() if values else None,
        strict=True,
        namespace=NAMESPACE,
        kube_version=f"v{KUBERNETES_VERSION}.0",
    )
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= WARNING] == []


def _validate(manifest: Manifest) -> None:
    if manifest["kind"] in SCHEMAS:
        validate_custom_resource(manifest)
    else:
        kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)


def test_defaults_render_valid_objects(default_render: list[Manifest]) -> None:
    kinds = sorted(manifest["kind"] for manifest in default_render)
    assert kinds == ["ConfigMap", "ConfigMap", "Deployment", "PodDisruptionBudget", "Service", "ServiceAccount"]
    for manifest in default_render:
        _validate(manifest)
        assert manifest["metadata"]["namespace"] == NAMESPACE


def test_production_renders_valid_objects(production_render: list[Manifest]) -> None:
    kinds = {manifest["kind"] for manifest in production_render}
    assert kinds == {
        "ConfigMap",
        "Deployment",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "PrometheusRule",
        "Service",
        "ServiceAccount",
        "ServiceMonitor",
    }
    for manifest in production_render:
        _validate(manifest)


def test_validation_is_not_vacuous(production_render: list[Manifest]) -> None:
    """A misspelt field fails both the Kubernetes schemas and the CRD checks."""
    deployment = copy.deepcopy(one(production_render, "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(deployment)
    for kind, field in (("ServiceMonitor", "endpoint"), ("PrometheusRule", "group")):
        resource = copy.deepcopy(one(production_render, kind))
        resource["spec"][field] = []
        with pytest.raises(jsonschema.ValidationError):
            _validate(resource)


def test_every_workload_selector_matches_the_pods(production_render: list[Manifest]) -> None:
    deployment = one(production_render, "Deployment")
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    service = one(production_render, "Service")
    selectors = [
        deployment["spec"]["selector"]["matchLabels"],
        service["spec"]["selector"],
        one(production_render, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"],
        one(production_render, "NetworkPolicy")["spec"]["podSelector"]["matchLabels"],
    ]
    for selector in selectors:
        assert selector
        assert selector.items() <= pod_labels.items()
    monitor = one(production_render, "ServiceMonitor")
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    assert [e["port"] for e in monitor["spec"]["endpoints"]] == [p["name"] for p in service["spec"]["ports"]]
    hpa = one(production_render, "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert "replicas" not in deployment["spec"], "the autoscaler owns the replica count"


def test_service_targets_the_container_port(default_render: list[Manifest]) -> None:
    container_ports = one(default_render, "Deployment")["spec"]["template"]["spec"]["containers"][0]["ports"]
    service_ports = one(default_render, "Service")["spec"]["ports"]
    assert [p["targetPort"] for p in service_ports] == [p["name"] for p in container_ports] == ["http"]


def test_no_secret_and_no_operator_kinds_by_default(default_render: list[Manifest]) -> None:
    assert of_kind(default_render, "Secret") == []
    assert not {"ServiceMonitor", "PrometheusRule", "HorizontalPodAutoscaler", "NetworkPolicy"} & {
        m["kind"] for m in default_render
    }
