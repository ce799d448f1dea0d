"""A strict, stateful Sobot call-service V6 simulator for tests, the conformance suite and demo mode.

It models the vendor as sobot-callservice-v6-api.txt and notes-other-vendors.md §1 describe it, not
as the adapter uses it: it shares no code with the adapter's signing, token, endpoint or
translation modules, so a mistake on one side shows up as a failure.

Seeded with one company (app id and secret), the document's example agents, skill groups, relay
numbers and IVR flows, an enabled import template and summary template, and an administrating
agent (v6_cs1) who creates tasks.
"""

from __future__ import annotations

from typing import Any, Final

from adapters.simulation import SimClock
from adapters.sobot.simulator.app import SobotSimulator
from adapters.sobot.simulator.auth import DAY_MS, TokenService
from adapters.sobot.simulator.dialler import Dialler
from adapters.sobot.simulator.state import ADMIN_UUID, CUSTOM_FIELD, DATA_TEMPLATE, WRAP_UP_TEMPLATE, seeded_tenant

SIM_APP_ID: Final = "sobot-sim-app-0001"
SIM_APP_SECRET: Final = "sobot-simulator-secret"  # noqa: S105 - a simulator's published test secret
SIM_TIMEZONE: Final = "Asia/Shanghai"

__all__ = ["SobotSimulator", "SobotSimulatorKit"]


class SobotSimulatorKit:
    """`adapters.simulation.SimulatorKit` for Sobot.

    Agents dial a task's contacts one every `dial_interval` simulated seconds within the task's
    planned times, or every `demo_dial_interval` wall-clock seconds at any time in demo mode.
    `token_lifetime_ms` is what the token service answers as `expires_in`; `bearer_prefix` whether
    it expects "Bearer " before the token (the adapter's option of the same name must agree).
    """

    def __init__(
        self,
        *,
        dial_interval: float = 60.0,
        demo_dial_interval: float = 0.5,
        token_lifetime_ms: int = DAY_MS,
        bearer_prefix: bool = False,
        latency: float = 0.0,
    ) -> None:
        self.dial_interval = dial_interval
        self.demo_dial_interval = demo_dial_interval
        self.token_lifetime_ms = token_lifetime_ms
        self.bearer_prefix = bearer_prefix
        self.latency = latency

    def create_app(self, *, clock: SimClock, demo: bool = False) -> SobotSimulator:
        tenant = seeded_tenant(SIM_APP_ID, SIM_APP_SECRET)
        tokens = TokenService(tenant, lifetime_ms=self.token_lifetime_ms, bearer_prefix=self.bearer_prefix)
        dialler = Dialler(interval=self.demo_dial_interval if demo else self.dial_interval, honour_schedule=not demo)
        return SobotSimulator(clock=clock, tenant=tenant, tokens=tokens, dialler=dialler, latency=self.latency)

    def account_config(self, *, base_url: str) -> dict[str, Any]:
        return {
            "base_urls": {"default": base_url, "ivr": base_url},
            "credentials": {"app_id": SIM_APP_ID, "app_secret": SIM_APP_SECRET},
            "options": {
                "admin_agent": ADMIN_UUID,
                "data_template_code": DATA_TEMPLATE,
                "wrap_up_template_code": WRAP_UP_TEMPLATE,
                "timezone": SIM_TIMEZONE,
                "bearer_prefix": self.bearer_prefix,
                # The demo tenant's agents work the task by the note: windows, retries, IVR flow
                # and caller number are accepted as advice (see options.advisory_fields).
                "advisory_fields": ["schedule.windows", "retry", "script_id", "caller_ids"],
                "custom_fields": {"crm_role": CUSTOM_FIELD},
            },
        }
