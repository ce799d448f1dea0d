"""Every vendor's settings check their time zone and phone region with one helper."""

from __future__ import annotations

import msgspec
import pytest

from adapters.flashai.settings import FlashAIOptions
from adapters.huawei_cec.settings import HuaweiOptions
from adapters.registry import AdapterRegistry
from adapters.sobot.settings import SobotOptions
from adapters.vendor_locale import check_locale
from gateway.demo import demo_config, simulator_kits


def test_a_known_zone_and_region_pass() -> None:
    check_locale(zone_field="timezone", zone="Asia/Shanghai", phone_region="CN")


@pytest.mark.parametrize(
    ("zone", "region", "message"),
    [
        ("Mars/Olympus", "CN", "`vendor_timezone`: 'Mars/Olympus' is not an IANA time zone"),
        ("", "CN", "`vendor_timezone`: '' is not an IANA time zone"),
        ("Asia/Shanghai", "XX", "`phone_region`: 'XX' is not an ISO 3166 region phonenumbers knows"),
    ],
)
def test_an_unknown_zone_or_region_names_the_option(zone: str, region: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"is not an (IANA time zone|ISO 3166 region)") as refused:
        check_locale(zone_field="vendor_timezone", zone=zone, phone_region=region)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("vendor", "options", "zone_field"),
    [
        ("flashai", FlashAIOptions, "vendor_timezone"),
        ("huawei_cec", HuaweiOptions, "vendor_timezone"),
        ("sobot", SobotOptions, "timezone"),
    ],
)
def test_each_vendor_refuses_a_bad_zone_under_its_own_option_name(vendor: str, options: type, zone_field: str) -> None:
    kits = simulator_kits(AdapterRegistry.from_entry_points())
    raw = demo_config({vendor: kits[vendor]}, {vendor: "http://127.0.0.1:9"}, "key")
    (account,) = raw["accounts"].values()
    msgspec.convert(account["options"], options)  # demo mode's options are valid as they are
    with pytest.raises(msgspec.ValidationError, match=f"`{zone_field}`: 'Nowhere/Land' is not an IANA time zone"):
        msgspec.convert(account["options"] | {zone_field: "Nowhere/Land"}, options)
