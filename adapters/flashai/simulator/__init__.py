"""A strict, stateful FlashAI simulator for tests, the conformance suite and demo mode.

It models the vendor as flashai-saas-api.md describes it (plus the lineage server's rules where
the doc is silent), not as the adapter uses it: it shares no code with the adapter's signing,
delimited-string or translation modules, so a mistake on one side shows up as a failure.

Seeded with one client (clientId of exactly 10 characters) for one user, two scripts (a bot and
an agent-assisted one), two lines (SIP and SIM), three script parameters, and two agent groups that
share one of their three agents.
"""

from __future__ import annotations

import zoneinfo
from typing import Any, Final

from adapters.flashai.simulator.app import FlashAISimulator
from adapters.flashai.simulator.auth import Authenticator, Client
from adapters.flashai.simulator.callbacks import FlashAINotifier
from adapters.flashai.simulator.dialler import Dialler
from adapters.flashai.simulator.vendor import SIM, SIP, AgentGroup, FlashAIVendor, Line, PlanParam, Template, User
from adapters.simulation import SimClock

SIM_CLIENT_ID: Final = "fa-sim-001"
SIM_CLIENT_SECRET: Final = "flashai-simulator-secret"  # noqa: S105 - a simulator's published test secret
SIM_USER_ID: Final = 80001
# Where results go when the gateway has no callback URL of its own (nothing listens there).
SIM_NOTIFY_URL: Final = "http://127.0.0.1:9/flashai-notify"
VENDOR_ZONE: Final = "Asia/Shanghai"

BOT_SCRIPT: Final = Template("T1001", "还款提醒机器人", agent_assisted=False)
AGENT_SCRIPT: Final = Template("T2002", "人工坐席转接", agent_assisted=True)
SIP_LINE: Final = Line(101, "SIP 线路 A", SIP)
SIM_LINE: Final = Line(202, "SIM 卡池 B", SIM)
PLAN_PARAMS: Final = (
    PlanParam("amount", 1, "number"),
    PlanParam("dueDate", 2, "date"),
    PlanParam("product", 3, "string"),
)
COLLECTIONS_GROUP: Final = AgentGroup("G01", "催收一组", (("A1001", "王芳"), ("A1002", "李强")))
SERVICE_GROUP: Final = AgentGroup("G02", "客服二组", (("A1002", "李强"), ("A2001", "赵敏")))

__all__ = ["FlashAISimulator", "FlashAISimulatorKit"]


# In demo mode a call lasts a tenth of its simulated length: results show within seconds; callback
# retries wait a hundredth of the vendor's delays (300 s -> 3 s), checked every fifth of a second.
DEMO_TIME_SCALE = 0.1
DEMO_RETRY_SCALE = 0.01
DEMO_CALLBACK_INTERVAL = 0.2
# The callback style and the adapter's matching verification scheme (notes §3.7).
CALLBACK_SIGNATURES: Final = {"sdk": "body", "lineage": "envelope"}


class FlashAISimulatorKit:
    """`adapters.simulation.SimulatorKit` for FlashAI.

    `call_list_layout` ("doc" or "lineage"), `envelope_style` ("doc" or "lineage"),
    `detail_list_style` ("doc" or "sdk", getPhoneDetail's detailList) and `callback_style` ("sdk" or
    "lineage", see `callbacks`) choose which of the vendor's documented, lineage or SDK formats the
    simulator speaks. Dials happen every
    `dial_interval` simulated seconds within calling hours, or every `demo_dial_interval` seconds at
    any hour in demo mode.
    """

    def __init__(
        self,
        *,
        call_list_layout: str = "doc",
        envelope_style: str = "doc",
        detail_list_style: str = "doc",
        callback_style: str = "sdk",
        dial_interval: float = 2.0,
        demo_dial_interval: float = 0.5,
    ) -> None:
        if callback_style not in CALLBACK_SIGNATURES:
            raise ValueError("callback_style is 'sdk' or 'lineage'")
        if call_list_layout not in ("doc", "lineage"):
            raise ValueError("call_list_layout is 'doc' or 'lineage'")
        if detail_list_style not in ("doc", "sdk"):
            raise ValueError("detail_list_style is 'doc' or 'sdk'")
        self.call_list_layout = call_list_layout
        self.detail_list_style = detail_list_style
        self.envelope_style = envelope_style
        self.callback_style = callback_style
        self.dial_interval = dial_interval
        self.demo_dial_interval = demo_dial_interval

    def create_app(self, *, clock: SimClock, demo: bool = False) -> FlashAISimulator:
        dialler = Dialler(
            zone=zoneinfo.ZoneInfo(VENDOR_ZONE),
            interval=self.demo_dial_interval if demo else self.dial_interval,
            honour_hours=not demo,
            time_scale=DEMO_TIME_SCALE if demo else 1.0,
        )
        user = User(
            SIM_USER_ID,
            templates=(BOT_SCRIPT, AGENT_SCRIPT),
            lines=(SIP_LINE, SIM_LINE),
            agent_groups=(COLLECTIONS_GROUP, SERVICE_GROUP),
            params=PLAN_PARAMS,
        )
        vendor = FlashAIVendor(
            users={user.user_id: user},
            dialler=dialler,
            call_list_layout=self.call_list_layout,
            detail_list_style=self.detail_list_style,
        )
        auth = Authenticator({SIM_CLIENT_ID: Client(SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_USER_ID)})
        callbacks = FlashAINotifier(
            vendor=vendor, clock=clock, style=self.callback_style, retry_scale=DEMO_RETRY_SCALE if demo else 1.0
        )
        return FlashAISimulator(
            clock=clock,
            vendor=vendor,
            auth=auth,
            envelope_style=self.envelope_style,
            callbacks=callbacks,
            callback_interval=DEMO_CALLBACK_INTERVAL if demo else 1.0,
        )

    def account_config(self, *, base_url: str) -> dict[str, Any]:
        return {
            "base_urls": {"default": base_url},
            "credentials": {"client_id": SIM_CLIENT_ID, "client_secret": SIM_CLIENT_SECRET},
            "options": {
                "user_id": SIM_USER_ID,
                "notify_url": SIM_NOTIFY_URL,
                "call_list_layout": self.call_list_layout,
                "detail_list_style": self.detail_list_style,
                "callback_signature": CALLBACK_SIGNATURES[self.callback_style],
            },
        }
