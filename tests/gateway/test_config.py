"""Configuration: every mistake names its key path; the process exits non-zero."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.adapter import ConfigError
from gateway.config import load_config, parse_config
from gateway.runtime import resolve_accounts
from tests.support.gateway import key_hash, registry_with_reference

FLASHAI_ACCOUNT = {
    "vendor": "flashai",
    "base_urls": {"default": "https://dev.flashcall.ai/api/v1/thirdApi"},
    "credentials": {"client_id": {"env": "FA_ID"}, "client_secret": {"env": "FA_SECRET"}},
    "options": {"user_id": 1001, "notify_url": "https://gw.example.com/notify"},
}
ENV = {"FA_ID": "CLIENT0001", "FA_SECRET": "s3cret"}


def valid_config() -> dict[str, Any]:
    return {
        "server": {"port": 8080},
        "accounts": {"flashai-cn": copy.deepcopy(FLASHAI_ACCOUNT)},
        "callers": {
            "crm": {"key_sha256": [key_hash("k")], "accounts": ["flashai-cn"], "default_account": "flashai-cn"}
        },
    }


def validate(raw: dict[str, Any], env: dict[str, str] | None = None) -> None:
    config = parse_config(raw, ENV if env is None else env)
    resolve_accounts(config, registry_with_reference())


def test_valid_config_passes() -> None:
    validate(valid_config())


def _set(path: str, value: Any) -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = raw
        for key in parents:
            node = node[key]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return mutate


_DELETE = object()

MISTAKES = [
    ("unknown top-level key", _set("tracing", {}), "tracing", "unknown key"),
    ("missing callers", _set("callers", _DELETE), "callers", "required"),
    ("unknown vendor", _set("accounts.flashai-cn.vendor", "avaya"), "accounts.flashai-cn.vendor", "no adapter named"),
    ("typo in account key", _set("accounts.flashai-cn.base_url", "x"), "accounts.flashai-cn.base_url", "unknown key"),
    (
        "bad base URL",
        _set("accounts.flashai-cn.base_urls.default", "ftp://x"),
        "accounts.flashai-cn.base_urls.default",
        "not an http(s) URL",
    ),
    (
        "unknown base-URL family",
        _set("accounts.flashai-cn.base_urls.cms", "https://x"),
        "accounts.flashai-cn.base_urls.cms",
        "unknown interface family",
    ),
    (
        "missing vendor option",
        _set("accounts.flashai-cn.options.user_id", _DELETE),
        "accounts.flashai-cn.options.user_id",
        "required",
    ),
    (
        "wrong option type",
        _set("accounts.flashai-cn.options.user_id", "abc"),
        "accounts.flashai-cn.options.user_id",
        "Expected `int`",
    ),
    (
        "unset secret env var",
        _set("accounts.flashai-cn.credentials.client_secret", {"env": "NOPE"}),
        "accounts.flashai-cn.credentials.client_secret",
        "NOPE is not set",
    ),
    (
        "secret with env and file",
        _set("accounts.flashai-cn.credentials.client_secret", {"env": "FA_SECRET", "file": "/x"}),
        "accounts.flashai-cn.credentials.client_secret",
        "exactly one",
    ),
    (
        "missing secret file",
        _set("accounts.flashai-cn.credentials.client_secret", {"file": "/nonexistent/secret"}),
        "accounts.flashai-cn.credentials.client_secret",
        "cannot read secret file",
    ),
    (
        "negative timeout",
        _set("accounts.flashai-cn.timeouts", {"read": -1}),
        "accounts.flashai-cn.timeouts.read",
        "positive",
    ),
    ("port out of range", _set("server.port", 70000), "server.port", "<= 65535"),
    ("bad account name", _set("accounts.Flash AI", copy.deepcopy(FLASHAI_ACCOUNT)), "accounts.Flash AI", "lower-case"),
    (
        "caller uses unknown account",
        _set("callers.crm.accounts", ["flashai-cn", "ghost"]),
        "callers.crm.accounts.1",
        "no account named 'ghost'",
    ),
    (
        "default account not allowed",
        _set("callers.crm.default_account", "other"),
        "callers.crm.default_account",
        "not among",
    ),
    (
        "plain key instead of hash",
        _set("callers.crm.key_sha256", ["my-api-key"]),
        "callers.crm.key_sha256.0",
        "matching regex",
    ),
    ("no accounts", _set("accounts", {}), "accounts", "at least one"),
]


@pytest.mark.parametrize(("mutate", "path", "reason"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_mistakes_name_the_key_path(mutate: Any, path: str, reason: str) -> None:
    raw = valid_config()
    mutate(raw)
    with pytest.raises(ConfigError) as caught:
        validate(raw)
    assert caught.value.path == path
    assert reason in caught.value.reason


def test_same_key_for_two_callers_is_refused() -> None:
    raw = valid_config()
    raw["callers"]["other"] = dict(raw["callers"]["crm"])
    with pytest.raises(ConfigError, match="already configured"):
        validate(raw)


def test_env_overrides_set_nested_keys_case_insensitively() -> None:
    env = ENV | {"SWITCHBOARD__SERVER__PORT": "9090", "SWITCHBOARD__ACCOUNTS__FLASHAI_CN__OPTIONS__USER_ID": "42"}
    config = parse_config(valid_config(), env)
    assert config.server.port == 9090
    assert config.accounts["flashai-cn"].options["user_id"] == 42


def test_secrets_come_from_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    raw = valid_config()
    raw["accounts"]["flashai-cn"]["credentials"]["client_secret"] = {"file": str(secret)}
    config = parse_config(raw, ENV)
    assert config.accounts["flashai-cn"].credentials["client_secret"] == "from-a-file"


def test_yaml_file_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("accounts: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(broken, ENV)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml", ENV)


def test_serve_fails_fast_with_the_key_path(tmp_path: Path) -> None:
    raw = valid_config()
    raw["accounts"]["flashai-cn"]["options"]["user_id"] = "not-a-number"
    path = tmp_path / "switchboard.yaml"
    path.write_text(yaml.safe_dump(raw))
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"FA_ID": ENV["FA_ID"], "FA_SECRET": ENV["FA_SECRET"], "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "accounts.flashai-cn.options.user_id" in result.stderr
    assert "Traceback" not in result.stderr
