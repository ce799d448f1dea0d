"""Rendering the Helm chart offline (Helm's own engine, through helm-python-sdk) and reading the result.

A render is what `helm template` / `helm install` would send to the API server: the values are
coalesced with the chart's defaults and checked against values.schema.json first.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import helm_python
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "switchboard"
PRODUCTION = CHART / "examples" / "production.yaml"
RELEASE = "switchboard"
NAMESPACE = "contact-center"
# Schemas the rendered objects are checked against: a release well inside the chart's support
# (Chart.yaml: >= 1.27) whose API versions all still serve (apps/v1, autoscaling/v2, policy/v1).
KUBERNETES_VERSION = "1.30"

Manifest = dict[str, Any]


def production_values() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load(PRODUCTION.read_text(encoding="utf-8"))
    return values


def render(values: Mapping[str, Any] | None = None, *, chart: Path = CHART) -> list[Manifest]:
    """Every object the chart renders for `values` (NOTES.txt and empty templates left out)."""
    with helm_python.Chart.load(str(chart)) as loaded:
        files = loaded.render(copy.deepcopy(dict(values or {})), name=RELEASE, namespace=NAMESPACE)
    manifests: list[Manifest] = []
    for path, text in sorted(files.items()):
        if path.endswith("NOTES.txt"):
            continue
        manifests.extend(document for document in yaml.safe_load_all(text) if document)
    return manifests


def notes(values: Mapping[str, Any] | None = None) -> str:
    with helm_python.Chart.load(str(CHART)) as loaded:
        files = loaded.render(copy.deepcopy(dict(values or {})), name=RELEASE, namespace=NAMESPACE)
    return next(text for path, text in files.items() if path.endswith("NOTES.txt"))


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [manifest for manifest in manifests if manifest["kind"] == kind]


def one(manifests: list[Manifest], kind: str, name_suffix: str = "") -> Manifest:
    found = [m for m in of_kind(manifests, kind) if m["metadata"]["name"].endswith(name_suffix)]
    assert len(found) == 1, f"expected one {kind} named *{name_suffix}, got {[m['metadata']['name'] for m in found]}"
    return found[0]


def deployment(manifests: list[Manifest]) -> Manifest:
    return one(manifests, "Deployment")


def container(manifests: list[Manifest]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = deployment(manifests)["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["switchboard"]
    return containers[0]


def config_map(manifests: list[Manifest]) -> Manifest:
    """The gateway's configuration ConfigMap (not the dashboard's)."""
    return one([m for m in of_kind(manifests, "ConfigMap") if "switchboard.yaml" in m.get("data", {})], "ConfigMap")


def rendered_config(manifests: list[Manifest]) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(config_map(manifests)["data"]["switchboard.yaml"])
    return config


def pod_annotations(manifests: list[Manifest]) -> dict[str, str]:
    annotations: dict[str, str] = deployment(manifests)["spec"]["template"]["metadata"].get("annotations", {})
    return annotations


def secret_references(node: Any) -> Iterator[dict[str, str]]:
    """Every `{env: NAME}` / `{file: PATH}` reference in a configuration, depth first."""
    if isinstance(node, dict):
        if len(node) == 1 and next(iter(node)) in ("env", "file") and isinstance(next(iter(node.values())), str):
            yield node
            return
        for value in node.values():
            yield from secret_references(value)
    elif isinstance(node, list):
        for value in node:
            yield from secret_references(value)


def secret_value(name: str) -> str:
    """A plausible value for the Secret key `name` (webhook signing secrets have a format)."""
    if "WEBHOOK" in name:
        return "whsec_" + base64.b64encode(hashlib.sha256(name.encode()).digest()).decode()
    return f"value-of-{name}"
