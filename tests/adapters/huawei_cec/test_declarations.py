"""What the adapter declares: capabilities match the methods, every gap has a reason, discovery works."""

from __future__ import annotations

from adapters.base import capability_drift
from adapters.huawei_cec import HuaweiCecAdapter
from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit, HuaweiSimulator
from adapters.registry import AdapterRegistry
from adapters.simulation import SimClock
from contracts.capabilities import Capability


def test_declared_capabilities_match_the_methods() -> None:
    assert capability_drift(HuaweiCecAdapter) == []


def test_every_other_capability_has_an_honest_reason() -> None:
    reasons = HuaweiCecAdapter.unsupported_reasons
    assert set(reasons) | HuaweiCecAdapter.capabilities == set(Capability)
    assert not set(reasons) & HuaweiCecAdapter.capabilities
    assert set(reasons) == {Capability.CAMPAIGNS_STOP, Capability.CAMPAIGN_CONTACTS_LIST, Capability.CALLS_HANGUP}
    assert "suspend and resume" in reasons[Capability.CAMPAIGNS_STOP]
    assert "dataId" in reasons[Capability.CAMPAIGN_CONTACTS_LIST]
    assert "C4" in reasons[Capability.CALLS_HANGUP]


def test_the_entry_point_loads_the_adapter_and_its_families() -> None:
    assert AdapterRegistry.from_entry_points().get("huawei_cec") is HuaweiCecAdapter
    assert HuaweiCecAdapter.base_url_families == ("apifabric", "isales", "cms", "ccfs")
    assert not HuaweiCecAdapter.dialling  # campaigns are created suspended: only start/resume dial


def test_the_simulator_kit_serves_every_family_from_one_app() -> None:
    kit = HuaweiCecAdapter.simulator()
    assert isinstance(kit, HuaweiCecSimulatorKit)
    config = kit.account_config(base_url="http://127.0.0.1:9000")
    assert set(config["base_urls"].values()) == {"http://127.0.0.1:9000"}
    app = kit.create_app(clock=SimClock.frozen(0), demo=True)
    assert isinstance(app, HuaweiSimulator)
    assert app.state is app.vendor
    assert app.vendor.outbound.dialler.honour_segments is False  # demo mode dials at any hour
