"""The `events:` section and `callers.<name>.webhooks`: validated at start-up, errors naming the key,
secrets resolved and never printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.registry import AdapterRegistry
from contracts.adapter import ConfigError
from gateway.config import parse_config, redacted
from gateway.events.settings import derived_callback_secret
from gateway.runtime import resolve_accounts
from tests.events.support import MASTER_SECRET, WEBHOOK_SECRET, key_hash

FLASHAI = AdapterRegistry.from_entry_points().get("flashai").simulator()
HUAWEI = AdapterRegistry.from_entry_points().get("huawei_cec").simulator()


def raw(events: dict[str, Any] | None = None, webhooks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    assert FLASHAI is not None
    assert HUAWEI is not None
    config: dict[str, Any] = {
        "accounts": {
            "fa": {"vendor": "flashai", **FLASHAI.account_config(base_url="https://flashai.example")},
            "hw": {"vendor": "huawei_cec", **HUAWEI.account_config(base_url="https://huawei.example")},
        },
        "callers": {
            "crm": {
                "key_sha256": [key_hash("k")],
                "accounts": ["fa"],
                "default_account": "fa",
                "webhooks": webhooks or [],
            }
        },
    }
    if events is not None:
        config["events"] = events
    return config


def test_accounts_get_an_unguessable_callback_url_that_is_stable_across_restarts() -> None:
    events = {"public_base_url": "https://switchboard.example.com/", "callback_secret": {"env": "CALLBACKS"}}
    first = parse_config(raw(events), {"CALLBACKS": MASTER_SECRET})
    second = parse_config(raw(events), {"CALLBACKS": MASTER_SECRET})
    url = first.accounts["fa"].callback_url
    assert url == f"https://switchboard.example.com/callbacks/fa/{derived_callback_secret(MASTER_SECRET, 'fa')}"
    assert url == second.accounts["fa"].callback_url
    assert first.accounts["hw"].callback_url != url
    assert len(url.rsplit("/", 1)[1]) == 32
    assert parse_config(raw(events), {"CALLBACKS": MASTER_SECRET + "x"}).accounts["fa"].callback_url != url


def test_a_per_account_secret_replaces_the_derived_one() -> None:
    events = {"public_base_url": "https://sb.example", "account_secrets": {"hw": "a-configured-secret-0001"}}
    config = parse_config(raw(events), {})
    assert config.accounts["hw"].callback_url == "https://sb.example/callbacks/hw/a-configured-secret-0001"
    assert config.accounts["fa"].callback_url is None  # no secret for it: no callback route


def test_without_an_events_section_nothing_changes() -> None:
    config = parse_config(raw(), {})
    assert config.events is None
    assert all(account.callback_url is None for account in config.accounts.values())


def test_adapters_need_their_own_url_options_only_without_a_gateway_url() -> None:
    registry = AdapterRegistry.from_entry_points()
    bare = raw()
    for account in bare["accounts"].values():
        account["options"].pop("notify_url", None)
        account["options"]["campaigns"] = {
            k: v for k, v in account["options"].get("campaigns", {}).items() if k != "result_callback_url"
        }
    bare["accounts"]["fa"]["options"].pop("campaigns")
    with pytest.raises(ConfigError) as caught:
        resolve_accounts(parse_config(bare, {}), registry)
    assert caught.value.path == "accounts.fa.options.notify_url"
    bare["accounts"].pop("fa")
    bare["callers"]["crm"] |= {"accounts": ["hw"], "default_account": "hw"}
    with pytest.raises(ConfigError) as caught:
        resolve_accounts(parse_config(bare, {}), registry)
    assert caught.value.path == "accounts.hw.options.campaigns.result_callback_url"
    bare["events"] = {"public_base_url": "https://sb.example", "callback_secret": MASTER_SECRET}
    resolve_accounts(parse_config(bare, {}), registry)  # the gateway's URL is enough


@pytest.mark.parametrize(
    ("events", "webhooks", "path", "reason"),
    [
        ({"public_base_url": "https://sb.example"}, None, "events.callback_secret", "required"),
        (
            {"public_base_url": "ftp://sb.example", "callback_secret": MASTER_SECRET},
            None,
            "events.public_base_url",
            "http",
        ),
        ({"callback_secret": "short"}, None, "events.callback_secret", "16 characters"),
        (
            {"account_secrets": {"nobody": "a-configured-secret-0001"}},
            None,
            "events.account_secrets.nobody",
            "no account",
        ),
        ({"account_secrets": {"fa": "has/a/slash-0123456789"}}, None, "events.account_secrets.fa", "letters"),
        ({"outbox": {"backend": "redis"}}, None, "events.outbox.backend", "state.redis_url"),
        ({"delivery": {"max_age_hours": 200}}, None, "events.retention_hours", "max_age_hours"),
        ({"delivery": {"backoff_seconds": []}}, None, "events.delivery.backoff_seconds", "length"),
        ({"colour": "blue"}, None, "events.colour", "unknown"),
        ({}, [{"url": "http://crm.example/hook", "secret": WEBHOOK_SECRET}], "callers.crm.webhooks.0.url", "https"),
        ({}, [{"url": "https://crm.example/hook", "secret": "plain"}], "callers.crm.webhooks.0.secret", "whsec_"),
        (
            {},
            [{"url": "https://u:p@crm.example/", "secret": WEBHOOK_SECRET}],
            "callers.crm.webhooks.0.url",
            "credentials",
        ),
        (
            {},
            [{"url": "https://crm.example/", "secret": WEBHOOK_SECRET, "types": ["x"]}],
            "callers.crm.webhooks.0.types.0",
            "Invalid",
        ),
        (
            {},
            [{"url": "https://a.example/", "secret": WEBHOOK_SECRET, "name": "h"}] * 2,
            "callers.crm.webhooks.1.name",
            "another webhook",
        ),
        (None, [{"url": "https://crm.example/", "secret": WEBHOOK_SECRET}], "callers.crm.webhooks", "events"),
    ],
)
def test_mistakes_name_their_key(
    events: dict[str, Any] | None, webhooks: list[dict[str, Any]] | None, path: str, reason: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(raw(events, webhooks), {})
    assert caught.value.path == path
    assert reason in caught.value.reason


def test_loopback_subscribers_may_use_plain_http() -> None:
    for url in ("http://127.0.0.1:8081/hook", "http://localhost/hook", "http://[::1]:9/hook"):
        config = parse_config(
            raw({}, [{"url": url, "secret": WEBHOOK_SECRET, "types": ["switchboard.call.completed"]}]), {}
        )
        assert config.events is not None
        [subscriber] = config.events.subscribers
        assert (subscriber.url, subscriber.caller, subscriber.accounts) == (url, "crm", frozenset({"fa"}))


def test_secrets_are_redacted_from_the_printed_configuration(tmp_path: Path) -> None:
    events = {
        "public_base_url": "https://sb.example",
        "callback_secret": MASTER_SECRET,
        "outbox": {"path": str(tmp_path / "o.db")},
    }
    config = raw(events, [{"url": "https://crm.example/hook", "secret": WEBHOOK_SECRET}])
    dump = yaml.safe_dump(redacted(parse_config(config, {})))
    assert MASTER_SECRET not in dump
    assert WEBHOOK_SECRET not in dump
    assert derived_callback_secret(MASTER_SECRET, "fa") not in dump
    assert "https://sb.example/callbacks/fa/<redacted>" in dump
    path = tmp_path / "switchboard.yaml"
    path.write_text(yaml.safe_dump(config))
    printed = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "check-config", "--print", "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert MASTER_SECRET not in printed.stdout + printed.stderr
    assert WEBHOOK_SECRET not in printed.stdout + printed.stderr
    assert "<redacted>" in printed.stdout
