"""The switchboard.yaml the chart mounts is one the gateway accepts, and every secret it names
reaches the pod from the Secret: as an environment variable or as a file under the mount."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adapters.registry import AdapterRegistry
from contracts.adapter import ConfigError
from gateway.config import GatewayConfig, parse_config
from gateway.runtime import resolve_accounts
from tests.deploy.chart import (
    Manifest,
    container,
    deployment,
    of_kind,
    production_values,
    render,
    rendered_config,
    secret_references,
    secret_value,
)

SECRET_MOUNT = "/var/run/secrets/switchboard"


def _gateway_accepts(config: dict[str, Any], tmp_path: Path) -> GatewayConfig:
    """Validate as `switchboard serve` does at start-up: each `{env}` gets a value, and each
    `{file}` under the Secret's mount is a file of the same name in `tmp_path`."""
    env: dict[str, str] = {}
    for reference in secret_references(config):
        if "env" in reference:
            env[reference["env"]] = secret_value(reference["env"])
        else:
            path = Path(reference["file"])
            assert path.parent == Path(SECRET_MOUNT), f"{path} is not in the mounted Secret"
            (tmp_path / path.name).write_text(secret_value(path.name) + "\n", encoding="utf-8")
            reference["file"] = str(tmp_path / path.name)
    parsed = parse_config(config, env)
    resolve_accounts(parsed, AdapterRegistry.from_entry_points())
    return parsed


def test_default_configuration_is_valid(default_render: list[Manifest], tmp_path: Path) -> None:
    parsed = _gateway_accepts(rendered_config(default_render), tmp_path)
    assert set(parsed.accounts) == {"flashai-cn"}
    assert parsed.server.host == "0.0.0.0"  # noqa: S104 (a pod listens on its own IP)
    assert parsed.server.port == 8080
    assert parsed.redis_url is None


def test_production_configuration_is_valid(production_render: list[Manifest], tmp_path: Path) -> None:
    parsed = _gateway_accepts(rendered_config(production_render), tmp_path)
    assert {account.vendor for account in parsed.accounts.values()} == {"huawei_cec", "flashai", "sobot"}
    assert parsed.redis_url == "value-of-SWITCHBOARD_REDIS_URL"
    assert parsed.accounts["huawei-cn"].credentials["secret_key"] == "value-of-HUAWEI_SK"


def test_production_configuration_is_exactly_the_example(production_render: list[Manifest]) -> None:
    """Nothing of the chart's defaults leaks into the accounts and callers (Helm merges maps)."""
    config = rendered_config(production_render)
    example = production_values()["config"]
    assert config["accounts"] == example["accounts"]
    assert config["callers"] == example["callers"]
    assert config["state"] == {"redis_url": {"env": "SWITCHBOARD_REDIS_URL"}}


def test_the_gateway_rejects_what_it_should(production_render: list[Manifest], tmp_path: Path) -> None:
    """The check above is the gateway's own: a wrong vendor option fails it, naming the key."""
    config = rendered_config(production_render)
    config["accounts"]["sobot-sg"]["options"]["import_chunk_size"] = 5000
    with pytest.raises(ConfigError) as caught:
        _gateway_accepts(config, tmp_path)
    assert caught.value.path.startswith("accounts.sobot-sg.options")


def _provided_env(manifests: list[Manifest]) -> set[str]:
    """Names the container's environment is sure to carry (explicit, or keys of a chart Secret)."""
    main = container(manifests)
    names = {variable["name"] for variable in main.get("env", [])}
    secrets = {secret["metadata"]["name"]: secret for secret in of_kind(manifests, "Secret")}
    for source in main.get("envFrom", []):
        names |= set(secrets[source["secretRef"]["name"]]["data"])
    return names


def test_every_env_reference_is_provided_by_the_pod() -> None:
    manifests = render({"secrets": {"data": {"FLASHAI_CLIENT_ID": "CLIENT0001", "FLASHAI_CLIENT_SECRET": "s3cret"}}})
    wanted = {ref["env"] for ref in secret_references(rendered_config(manifests)) if "env" in ref}
    assert wanted == {"FLASHAI_CLIENT_ID", "FLASHAI_CLIENT_SECRET"}
    assert wanted <= _provided_env(manifests)


def test_every_file_reference_is_in_a_mounted_secret(production_render: list[Manifest]) -> None:
    config = rendered_config(production_render)
    mounts = {mount["name"]: mount["mountPath"] for mount in container(production_render)["volumeMounts"]}
    volumes = {v["name"]: v for v in deployment(production_render)["spec"]["template"]["spec"]["volumes"]}
    assert mounts["secrets"] == SECRET_MOUNT
    assert volumes["secrets"]["projected"]["sources"] == [
        {"secret": {"name": production_values()["secrets"]["existingSecret"]}}
    ]
    files = [ref["file"] for ref in secret_references(config) if "file" in ref]
    assert len(files) == 10
    assert all(Path(file).parent == Path(SECRET_MOUNT) for file in files)
    env_refs = {ref["env"] for ref in secret_references(config) if "env" in ref}
    assert env_refs == {"SWITCHBOARD_REDIS_URL"} <= _provided_env(production_render)
