"""A strict, stateful Huawei CEC (AICC 2.5) simulator for tests, the conformance suite and demo mode.

It models the vendor as huawei-cec-2.5-api-reference.txt describes it, not as the adapter uses it:
it shares no code with the adapter's signing, wire or translation modules, so a mistake on one
side shows up as a failure. One ASGI app serves every interface family by path prefix: the C1
token and `/apiaccess` interfaces (configuration, bidirectional calls) and the C2-signed CC-iSales,
CC-CMS and CC-FS interfaces.

Seeded with one tenant (VDN 170, call center 1): an API Fabric app (C1), a developer AK/SK (C2),
four IVR flows (one without an access code), three access codes (one inbound only), two skill
queues and two agents (one idle, one signed out).
"""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable
from typing import Any, Final

from adapters.huawei_cec.simulator.app import HuaweiSimulator
from adapters.huawei_cec.simulator.auth import ServerDialect, SignatureVerifier, TokenIssuer
from adapters.huawei_cec.simulator.callbacks import HuaweiNotifier
from adapters.huawei_cec.simulator.calls import CallCenter
from adapters.huawei_cec.simulator.dialler import Dialler
from adapters.huawei_cec.simulator.outbound import Outbound
from adapters.huawei_cec.simulator.state import AccessCode, IvrFlow, SimAgent, SimSkill, Tenant
from adapters.huawei_cec.simulator.vendor import HuaweiVendor
from adapters.simulation import SimClock

SIM_APP_KEY: Final = "huawei-sim-app"
SIM_APP_SECRET: Final = "huawei-sim-app-secret"  # noqa: S105 - a simulator's published test secret
SIM_ACCESS_KEY: Final = "huawei-sim-ak"
SIM_SECRET_KEY: Final = "huawei-sim-sk"  # noqa: S105 - a simulator's published test secret
SIM_VDN: Final = 170
SIM_CC_ID: Final = 1
# Where results go when the gateway has no callback URL of its own (nothing listens there).
SIM_CALLBACK_URL: Final = "http://127.0.0.1:9/huawei-call-results"
SIM_EMAIL_DOMAIN: Final = "agents.example.com"
VENDOR_ZONE: Final = "Asia/Shanghai"

FLOWS: Final = (
    IvrFlow(2, "90501", "还款提醒 Repayment reminder", "remind.GSL", 1),
    IvrFlow(3, "90502", "Satisfaction survey", "survey.vxml", 2),
    IvrFlow(1, "90500", "Exception handling", "defaultIVR.GSL", 1),
    IvrFlow(4, "", "Draft flow", "draft.GSL", 1, loaded=False),
)
ACCESS_CODES: Final = (
    AccessCode("1124167935465633793", "9911411", "Hotline", 3),
    AccessCode("1124167935465633794", "95555", "Outbound line", 2),
    AccessCode("1124167935465633795", "4008001", "Inbound only", 1),
)
# In demo mode calls last a tenth of their simulated length and dials happen every half second;
# callback retries wait a hundredth of the vendor's delays (10 min -> 6 s), checked every 0.2 s.
DEMO_TIME_SCALE: Final = 0.1
DEMO_RETRY_SCALE: Final = 0.01
DEMO_CALLBACK_INTERVAL: Final = 0.2

__all__ = ["HuaweiCecSimulatorKit", "HuaweiSimulator", "ServerDialect"]


def _seed_tenant() -> Tenant:
    tenant = Tenant(flows=list(FLOWS), access_codes=list(ACCESS_CODES))
    release = {"transferType": "Release"}
    voice: dict[str, object] = {"noAgents": release, "busy": release, "timeOut": release}
    voice |= {"answerFunction": "0", "waitVoice": {"parameterType": "Voice"}}
    for name, description in (("defaultAudioSkill", "Default voice queue"), ("Collections", "催收队列")):
        skill_id = next(tenant.skill_ids)
        tenant.skills[skill_id] = SimSkill(skill_id, name, description, 5, 60, 100, 5, dict(voice))
    for account, name, state in (("agent.chen01", "Chen Chuang", 1), ("agent.lin002", "林子涵", 0)):
        work_no = next(tenant.work_numbers)
        tenant.agents[account] = SimAgent(
            user_account=account,
            user_name=name,
            email=f"{account}@{SIM_EMAIL_DOMAIN}",
            agent_type=4,
            role_id=2,
            work_no=work_no,
            sip_account=f"8888{work_no:04d}",
            skills={1: (1, 1)},
            cti_state=state,
        )
    return tenant


class HuaweiCecSimulatorKit:
    """`adapters.simulation.SimulatorKit` for Huawei CEC.

    `signing` chooses which reading of the C2 signature the server verifies (the demo's by
    default); `account_config` configures the adapter to match. Campaigns dial every
    `dial_interval` simulated seconds within their time segments, or every `demo_dial_interval`
    seconds at any hour in demo mode. `calldata_batch_max`, `calldata_min_interval` (wall-clock
    seconds) and `statistics_limit` are the rate rules of 7.4.2 and 7.4.7.
    """

    def __init__(
        self,
        *,
        signing: ServerDialect | None = None,
        dial_interval: float = 2.0,
        demo_dial_interval: float = 0.5,
        calldata_batch_max: int = 20,
        calldata_min_interval: float = 1.0,
        statistics_limit: int = 60,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.signing = signing or ServerDialect()
        self.dial_interval = dial_interval
        self.demo_dial_interval = demo_dial_interval
        self.calldata_batch_max = calldata_batch_max
        self.calldata_min_interval = calldata_min_interval
        self.statistics_limit = statistics_limit
        self.monotonic = monotonic

    def create_app(self, *, clock: SimClock, demo: bool = False) -> HuaweiSimulator:
        zone = zoneinfo.ZoneInfo(VENDOR_ZONE)
        scale = DEMO_TIME_SCALE if demo else 1.0
        tenant = _seed_tenant()
        dialler = Dialler(
            zone=zone,
            interval=self.demo_dial_interval if demo else self.dial_interval,
            honour_segments=not demo,
            time_scale=scale,
        )
        outbound = Outbound(
            vdn_id=SIM_VDN,
            cc_id=SIM_CC_ID,
            tenant=tenant,
            dialler=dialler,
            zone=zone,
            calldata_batch_max=self.calldata_batch_max,
            calldata_min_interval=self.calldata_min_interval,
            # Demo time runs ten times faster (DEMO_TIME_SCALE): so does the flow-control budget.
            statistics_limit=round(self.statistics_limit / scale),
            monotonic=self.monotonic,
        )
        calls = CallCenter(
            tenant=tenant, outbound=outbound, zone=zone, cc_id=SIM_CC_ID, vdn_id=SIM_VDN, time_scale=scale
        )
        vendor = HuaweiVendor(tenant=tenant, outbound=outbound, calls=calls)
        return HuaweiSimulator(
            clock=clock,
            vendor=vendor,
            tokens=TokenIssuer({SIM_APP_KEY: SIM_APP_SECRET}),
            signatures=SignatureVerifier({SIM_ACCESS_KEY: SIM_SECRET_KEY}, self.signing),
            callbacks=HuaweiNotifier(vendor=vendor, clock=clock, retry_scale=DEMO_RETRY_SCALE if demo else 1.0),
            callback_interval=DEMO_CALLBACK_INTERVAL if demo else 1.0,
        )

    def account_config(self, *, base_url: str) -> dict[str, Any]:
        return {
            "base_urls": {family: base_url for family in ("apifabric", "isales", "cms", "ccfs")},
            "credentials": {
                "app_key": SIM_APP_KEY,
                "app_secret": SIM_APP_SECRET,
                "access_key": SIM_ACCESS_KEY,
                "secret_key": SIM_SECRET_KEY,
            },
            "options": {
                "vdn_id": SIM_VDN,
                "cc_id": SIM_CC_ID,
                "vendor_timezone": VENDOR_ZONE,
                "agents": {"email_domain": SIM_EMAIL_DOMAIN},
                "campaigns": {
                    "result_callback_url": SIM_CALLBACK_URL,
                    "contacts_batch_size": self.calldata_batch_max,
                    "contacts_batch_interval_seconds": self.calldata_min_interval,
                },
                "signature": {
                    "query_line": self.signing.query_line,
                    "value_encoding": self.signing.value_encoding,
                    "percent_sign": self.signing.percent_sign,
                },
            },
        }
