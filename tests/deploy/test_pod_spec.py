"""The pod the chart runs: locked down, probed, drained, rolled on configuration changes."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest

from tests.deploy.chart import (
    Manifest,
    config_map,
    container,
    deployment,
    one,
    pod_annotations,
    production_values,
    render,
)

REDIS_URL = "redis://:pw@redis-master.redis:6379/0"


def _pod(manifests: list[Manifest]) -> dict[str, Any]:
    pod: dict[str, Any] = deployment(manifests)["spec"]["template"]["spec"]
    return pod


@pytest.mark.parametrize("which", ["defaults", "production"])
def test_runs_as_non_root_on_a_read_only_root(
    which: str, default_render: list[Manifest], production_render: list[Manifest]
) -> None:
    manifests = default_render if which == "defaults" else production_render
    pod = _pod(manifests)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] > 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    security = container(manifests)["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["runAsUser"] > 0
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["privileged"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}


def test_writable_places_are_empty_dirs(default_render: list[Manifest]) -> None:
    pod = _pod(default_render)
    volumes = {volume["name"]: volume for volume in pod["volumes"]}
    mounts = {mount["mountPath"]: mount for mount in container(default_render)["volumeMounts"]}
    writable = {path for path, mount in mounts.items() if not mount.get("readOnly")}
    assert writable == {"/tmp", "/run/switchboard/metrics", "/var/lib/switchboard"}  # noqa: S108 (in the pod)
    for path in writable:
        assert "sizeLimit" in volumes[mounts[path]["name"]]["emptyDir"]
    assert mounts["/etc/switchboard"]["readOnly"] is True


def test_data_folder_on_a_claim() -> None:
    manifests = render({"persistence": {"existingClaim": "switchboard-data"}})
    volumes = {volume["name"]: volume for volume in _pod(manifests)["volumes"]}
    data = next(m for m in container(manifests)["volumeMounts"] if m["mountPath"] == "/var/lib/switchboard")
    assert volumes[data["name"]] == {"name": data["name"], "persistentVolumeClaim": {"claimName": "switchboard-data"}}


def test_one_worker_keeps_metrics_in_process(default_render: list[Manifest]) -> None:
    main = container(default_render)
    assert main["args"][-2:] == ["--workers", "1"]
    assert "PROMETHEUS_MULTIPROC_DIR" not in {env["name"] for env in main["env"]}


def test_several_workers_share_metrics_through_the_empty_dir() -> None:
    main = container(render({"workers": 4}))
    assert main["args"][-2:] == ["--workers", "4"]
    env = {variable["name"]: variable.get("value") for variable in main["env"]}
    mounts = {mount["mountPath"] for mount in main["volumeMounts"]}
    assert env["PROMETHEUS_MULTIPROC_DIR"] in mounts


def test_probes_use_the_gateway_health_routes(default_render: list[Manifest]) -> None:
    main = container(default_render)
    assert main["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert main["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert main["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert main["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert main["resources"]["requests"]
    assert main["resources"]["limits"]["memory"]


@pytest.mark.parametrize(("grace", "sleep"), [(20, 5), (42.5, 0), (0, 10)])
def test_termination_grace_outlasts_the_drain(grace: float, sleep: int) -> None:
    manifests = render({"config": {"server": {"shutdown_grace_seconds": grace}}, "preStopSleepSeconds": sleep})
    pod = _pod(manifests)
    assert pod["terminationGracePeriodSeconds"] > sleep + grace
    hook = container(manifests).get("lifecycle")
    if sleep:
        assert hook == {"preStop": {"exec": {"command": ["sleep", str(sleep)]}}}
    else:
        assert hook is None
    assert pod["terminationGracePeriodSeconds"] == sleep + math.ceil(grace) + 10


def test_pods_spread_over_zones_and_nodes(default_render: list[Manifest]) -> None:
    constraints = _pod(default_render)["topologySpreadConstraints"]
    assert [c["topologyKey"] for c in constraints] == ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]
    pod_labels = deployment(default_render)["spec"]["template"]["metadata"]["labels"]
    for constraint in constraints:
        assert constraint["labelSelector"]["matchLabels"].items() <= pod_labels.items()
    assert "topologySpreadConstraints" not in _pod(render({"topologySpreadConstraints": []}))


def test_config_checksum_is_the_hash_of_the_mounted_file(default_render: list[Manifest]) -> None:
    mounted = config_map(default_render)["data"]["switchboard.yaml"]
    expected = hashlib.sha256(mounted.rstrip("\n").encode()).hexdigest()
    assert pod_annotations(default_render)["checksum/config"] == expected


def test_config_change_rolls_the_pods(default_render: list[Manifest]) -> None:
    before = pod_annotations(default_render)["checksum/config"]
    assert pod_annotations(render())["checksum/config"] == before, "the same values must hash the same"
    changed = render({"config": {"server": {"max_body_bytes": 2097152}}})
    assert pod_annotations(changed)["checksum/config"] != before
    assert pod_annotations(render({"logLevel": "DEBUG"}))["checksum/config"] == before


def test_secret_change_rolls_the_pods_without_exposing_it() -> None:
    first = pod_annotations(render({"secrets": {"data": {"FLASHAI_CLIENT_SECRET": "one"}}}))
    second = pod_annotations(render({"secrets": {"data": {"FLASHAI_CLIENT_SECRET": "two"}}}))
    assert first["checksum/secret"] != second["checksum/secret"]
    assert first["checksum/config"] == second["checksum/config"]
    assert "one" not in str(first)
    assert "two" not in str(second)


def test_inline_secrets_reach_the_pod_as_env_and_files() -> None:
    manifests = render({"secrets": {"data": {"FLASHAI_CLIENT_ID": "CLIENT0001", "FLASHAI_CLIENT_SECRET": "s3cret"}}})
    secret = one(manifests, "Secret")
    assert set(secret["data"]) == {"FLASHAI_CLIENT_ID", "FLASHAI_CLIENT_SECRET"}
    main = container(manifests)
    assert main["envFrom"] == [{"secretRef": {"name": secret["metadata"]["name"]}}]
    volumes = {volume["name"]: volume for volume in _pod(manifests)["volumes"]}
    sources = volumes["secrets"]["projected"]["sources"]
    assert sources == [{"secret": {"name": secret["metadata"]["name"]}}]
    assert volumes["secrets"]["projected"]["defaultMode"] == 0o440
    mounts = {mount["name"]: mount for mount in main["volumeMounts"]}
    assert mounts["secrets"] == {"name": "secrets", "mountPath": "/var/run/secrets/switchboard", "readOnly": True}
    for text in (str(config_map(manifests)), str(deployment(manifests))):
        assert "s3cret" not in text
        assert "CLIENT0001" not in text


def test_inline_redis_url_lives_in_the_secret_and_the_config_references_it() -> None:
    manifests = render({"replicaCount": 3, "redis": {"url": REDIS_URL}})
    secret = one(manifests, "Secret")
    assert "SWITCHBOARD_REDIS_URL" in secret["data"]
    env = {variable["name"]: variable for variable in container(manifests)["env"]}
    assert env["SWITCHBOARD_REDIS_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": secret["metadata"]["name"],
        "key": "SWITCHBOARD_REDIS_URL",
    }
    mounted = config_map(manifests)["data"]["switchboard.yaml"]
    assert REDIS_URL not in mounted
    assert "redis_url:\n    env: SWITCHBOARD_REDIS_URL" in mounted
    assert deployment(manifests)["spec"]["replicas"] == 3


def test_production_redis_url_comes_from_its_own_secret(production_render: list[Manifest]) -> None:
    env = {variable["name"]: variable for variable in container(production_render)["env"]}
    redis = production_values()["redis"]["existingSecret"]
    assert env["SWITCHBOARD_REDIS_URL"]["valueFrom"]["secretKeyRef"] == redis
    assert "envFrom" not in container(production_render), "production reads credentials from files only"


def test_production_scales_three_and_up(production_render: list[Manifest]) -> None:
    hpa = one(production_render, "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["minReplicas"] == 3
    assert hpa["spec"]["maxReplicas"] > 3
    assert one(production_render, "PodDisruptionBudget")["spec"] == {
        "minAvailable": 2,
        "selector": deployment(production_render)["spec"]["selector"],
    }


def test_image_by_digest() -> None:
    digest = "sha256:" + "ab" * 32
    main = container(render({"image": {"repository": "registry.example.com/switchboard", "digest": digest}}))
    assert main["image"] == f"registry.example.com/switchboard:0.1.0@{digest}"
