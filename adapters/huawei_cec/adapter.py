"""The Huawei CEC (AICC 2.5) adapter: configuration, outbound campaigns, calls, blacklist.

Operations live in one mixin per resource family (ops_*.py) over `HuaweiCore`, which holds the C1
(bearer token) and C2 (AK/SK signature) clients. This module declares what the adapter supports
and, for everything else, why not (huawei-cec-2.5-api-reference.txt is the authority).
"""

from __future__ import annotations

from typing import ClassVar, Final

import msgspec

from adapters.huawei_cec.callbacks import HUAWEI_CALLBACKS
from adapters.huawei_cec.core import FAMILIES
from adapters.huawei_cec.ops_agents import AgentOperations
from adapters.huawei_cec.ops_calls import CallOperations
from adapters.huawei_cec.ops_campaigns import CampaignOperations
from adapters.huawei_cec.ops_catalog import CatalogOperations
from adapters.huawei_cec.ops_dnc import DncOperations
from adapters.huawei_cec.ops_queues import QueueOperations
from adapters.huawei_cec.settings import HuaweiSettings
from adapters.simulation import SimulatorKit
from contracts.adapter import AccountSpec, ConfigError
from contracts.capabilities import Capability

UNSUPPORTED: Final[dict[Capability, str]] = {
    Capability.CAMPAIGNS_STOP: (
        "CC-iSales has no interface that stops or terminates a campaign (7.1 offers suspend and resume only; "
        "a campaign completes at its end time): pause it, or delete it while it is suspended"
    ),
    Capability.CAMPAIGN_CONTACTS_LIST: (
        "CC-iSales has no interface that lists a campaign's numbers (7.4.6 reads one record by a dataId "
        "that no other interface returns)"
    ),
    Capability.CALLS_HANGUP: (
        "Huawei offers no interface to hang up a bidirectional call (6.2); releasing a call needs the agent's "
        "own CC-Gateway session (C4, 6.1.2.16), which the gateway does not hold"
    ),
}


class HuaweiCecAdapter(
    AgentOperations, QueueOperations, CampaignOperations, CallOperations, DncOperations, CatalogOperations
):
    vendor: ClassVar[str] = "huawei_cec"
    display_name: ClassVar[str] = "Huawei CEC (AICC 2.5)"
    capabilities: ClassVar[frozenset[Capability]] = frozenset(Capability) - frozenset(UNSUPPORTED)
    settings_type: ClassVar[type[msgspec.Struct]] = HuaweiSettings
    base_url_families: ClassVar[tuple[str, ...]] = FAMILIES
    unsupported_reasons: ClassVar[dict[Capability, str]] = UNSUPPORTED
    callbacks = HUAWEI_CALLBACKS

    @classmethod
    def parse_settings(cls, account: AccountSpec) -> msgspec.Struct:
        settings = super().parse_settings(account)
        assert isinstance(settings, HuaweiSettings)
        if account.callback_url is None and settings.options.campaigns.result_callback_url is None:
            # 7.1.2 (Table 7-18): every campaign needs a callbackUrl.
            raise ConfigError(
                f"accounts.{account.name}.options.campaigns.result_callback_url",
                "required unless the gateway receives callbacks (events.public_base_url)",
            )
        return settings

    @classmethod
    def simulator(cls) -> SimulatorKit:
        # Imported here: the simulator stays out of the gateway's start-up.
        from adapters.huawei_cec.simulator import HuaweiCecSimulatorKit

        return HuaweiCecSimulatorKit()
