"""The account block: what Huawei needs, validated at start-up, with every key path named."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.settings import HuaweiCredentials, HuaweiSettings
from adapters.huawei_cec.simulator import SIM_APP_SECRET, SIM_SECRET_KEY, HuaweiCecSimulatorKit
from contracts.adapter import ConfigError
from tests.adapters.huawei_cec.conftest import account


def parse(**changes: Any) -> HuaweiSettings:
    settings = HuaweiCecAdapter.parse_settings(account(HuaweiCecSimulatorKit(), **changes))
    assert isinstance(settings, HuaweiSettings)
    return settings


def test_the_simulator_account_block_is_accepted_with_documented_defaults() -> None:
    options = parse().options
    assert (options.vdn_id, options.cc_id, options.vendor_timezone, options.phone_region) == (
        170,
        1,
        "Asia/Shanghai",
        "CN",
    )
    assert (options.token_lifetime_seconds, options.token_refresh_margin_seconds) == (600, 60.0)
    assert options.signature.content_type == "application/json;charset=UTF-8"
    assert (options.campaigns.contacts_batch_size, options.campaigns.max_alerting_seconds) == (20, 30)
    assert (options.agents.agent_type, options.agents.role_id) == (4, 2)
    assert options.queues.media_type == 5


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"options": {"colour": "blue"}}, "accounts.hw.options.colour"),
        ({"options": {"token_lifetime_seconds": 3601}}, "accounts.hw.options.token_lifetime_seconds"),
        ({"options": {"vdn_id": 0}}, "accounts.hw.options.vdn_id"),
        (
            {"options": {"campaigns": {"result_callback_url": "ftp://x"}}},
            "accounts.hw.options.campaigns.result_callback_url",
        ),
        (
            {"options": {"campaigns": {"max_alerting_seconds": 90}}},
            "accounts.hw.options.campaigns.max_alerting_seconds",
        ),
        ({"options": {"signature": {"percent_sign": "none"}}}, "accounts.hw.options.signature.percent_sign"),
        ({"credentials": {"secret_key": ""}}, "accounts.hw.credentials.secret_key"),
    ],
)
def test_mistakes_name_their_key(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(**changes)
    assert caught.value.path == path


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"options": {"vendor_timezone": "Mars/Olympus"}}, "vendor_timezone"),
        ({"options": {"phone_region": "XX"}}, "phone_region"),
        (
            {"options": {"token_lifetime_seconds": 60, "token_refresh_margin_seconds": 60}},
            "token_refresh_margin_seconds",
        ),
    ],
)
def test_inconsistent_options_are_refused(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(**changes)
    assert reason in str(caught.value)


def test_every_interface_family_needs_a_base_url() -> None:
    kit = HuaweiCecSimulatorKit()
    config = kit.account_config(base_url="https://cec.example.com")
    assert set(config["base_urls"]) == {"apifabric", "isales", "cms", "ccfs"}
    spec = account(kit)
    without_cms = {family: url for family, url in spec.base_urls.items() if family != "cms"}
    with pytest.raises(ConfigError) as caught:
        HuaweiCecAdapter.parse_settings(msgspec.structs.replace(spec, base_urls=without_cms))
    assert caught.value.path == "accounts.hw.base_urls.cms"


def test_secrets_stay_out_of_reprs() -> None:
    credentials = parse(credentials={"agent_initial_password": "Init#2026x"}).credentials
    text = repr(credentials)
    assert isinstance(credentials, HuaweiCredentials)
    for secret in (SIM_APP_SECRET, SIM_SECRET_KEY, "Init#2026x"):
        assert secret not in text
