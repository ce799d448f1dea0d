"""The adapter protocol: one async interface per resource family.

Every method takes the `OperationContext` first and keyword-only arguments after it. Ids are the
vendor's own (the gateway translates opaque ids before and after the call). An adapter declares
which operations it supports in `capabilities`; `contracts.capabilities.OPERATION_METHODS` names
the method behind each capability.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Protocol

import msgspec

from contracts.agents import Agent, AgentCreate, AgentUpdate
from contracts.calls import Call, CallFilter, CallOriginate, Recording
from contracts.campaigns import Campaign, CampaignCreate, CampaignCreated, CampaignStats, CampaignUpdate
from contracts.capabilities import Capability
from contracts.catalog import CallerId, Script
from contracts.contacts import BulkResult, CampaignContact, Contact
from contracts.context import OperationContext
from contracts.dnc import DncEntry, DncEntryInput
from contracts.paging import Page, PageRequest
from contracts.queues import Queue, QueueCreate, QueueUpdate


class Timeouts(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Seconds. `total` bounds one neutral operation, all vendor round trips included."""

    connect: float = 3.0
    read: float = 10.0
    total: float = 15.0


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How the gateway retries a failed vendor round trip that is safe to repeat.

    Only retryable failures of idempotent requests are retried, with exponential backoff and
    full jitter (`base_delay * 2**n`, capped at `max_delay`), never past the caller's deadline.
    """

    max_attempts: int = 3
    base_delay: float = 0.2
    max_delay: float = 2.0
    # Retry budget: retries may add at most this fraction to the account's request volume (plus
    # `budget_floor` retries in reserve), so that an outage does not multiply traffic.
    budget_ratio: float = 0.2
    budget_floor: float = 10.0


class Quota(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the vendor allows this account. `rate` requests per second with bursts of `burst`
    (shared by every replica through the state store) and at most `max_concurrent` requests in
    flight (per replica). A request waits at most `max_wait` seconds for room, then gets 429."""

    rate: float | None = None
    burst: int = 10
    max_concurrent: int | None = None
    max_wait: float = 1.0


class CircuitPolicy(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Per account and replica: after `failure_threshold` consecutive vendor-side failures
    (unavailable, timeout) the circuit opens and requests fail fast for `open_seconds`; then
    `half_open_probes` requests test the vendor, and one success closes it again."""

    failure_threshold: int = 5
    open_seconds: float = 30.0
    half_open_probes: int = 1


class AccountSpec(msgspec.Struct, frozen=True, kw_only=True):
    """One configured vendor account, secrets already resolved, options still raw.

    The adapter validates `credentials` and `options` against its own settings type and reports
    problems as `ConfigError` with the key path under the account.
    """

    name: str
    vendor: str
    base_urls: dict[str, str]
    credentials: dict[str, str]
    options: dict[str, Any]
    timeouts: Timeouts = Timeouts()
    retries: RetryPolicy = RetryPolicy()
    quota: Quota = Quota()
    circuit: CircuitPolicy = CircuitPolicy()
    # Send W3C trace context to the vendor? Off by default: vendors are third parties.
    propagate_trace: bool = False
    # Where the vendor should POST its callbacks for this account: the gateway's receiver, set when
    # the gateway has a public URL (events.public_base_url). Holds a secret: never log it.
    callback_url: str | None = None


_VALIDATION_WHERE = re.compile(r" - at `\$(?P<where>[^`]*)`$")
_FIELD_REASONS = (
    ("Object missing required field `", "required"),
    ("Object contains unknown field `", "unknown key"),
)


class ConfigError(Exception):
    """A configuration mistake: `path` is the dotted key path, `reason` says what is wrong."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    @classmethod
    def from_validation(cls, prefix: str, error: msgspec.ValidationError) -> ConfigError:
        """Turn msgspec's 'reason - at `$.a[0].b`' into ConfigError('prefix.a.0.b', reason)."""
        message = str(error)
        match = _VALIDATION_WHERE.search(message)
        reason = message[: match.start()] if match else message
        where = (match.group("where") if match else "").replace("[", ".").replace("]", "")
        path = ".".join(part for part in (prefix, where.strip(".")) if part)
        for opening, meaning in _FIELD_REASONS:
            if reason.startswith(opening):
                field = reason[len(opening) :].rstrip("`")
                return cls(f"{path}.{field}" if path else field, meaning)
        return cls(path or "(root)", reason)


class AgentOperations(Protocol):
    async def list_agents(self, ctx: OperationContext, *, page: PageRequest) -> Page[Agent]: ...
    async def get_agent(self, ctx: OperationContext, *, agent_id: str) -> Agent: ...
    async def create_agent(self, ctx: OperationContext, *, agent: AgentCreate) -> Agent: ...
    async def update_agent(self, ctx: OperationContext, *, agent_id: str, changes: AgentUpdate) -> Agent: ...
    async def delete_agent(self, ctx: OperationContext, *, agent_id: str) -> None: ...


class QueueOperations(Protocol):
    async def list_queues(self, ctx: OperationContext, *, page: PageRequest) -> Page[Queue]: ...
    async def get_queue(self, ctx: OperationContext, *, queue_id: str) -> Queue: ...
    async def create_queue(self, ctx: OperationContext, *, queue: QueueCreate) -> Queue: ...
    async def update_queue(self, ctx: OperationContext, *, queue_id: str, changes: QueueUpdate) -> Queue: ...
    async def delete_queue(self, ctx: OperationContext, *, queue_id: str) -> None: ...
    async def list_queue_agents(self, ctx: OperationContext, *, queue_id: str, page: PageRequest) -> Page[Agent]: ...
    async def add_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None: ...
    async def remove_queue_agent(self, ctx: OperationContext, *, queue_id: str, agent_id: str) -> None: ...


class CampaignOperations(Protocol):
    async def list_campaigns(self, ctx: OperationContext, *, page: PageRequest) -> Page[Campaign]: ...
    async def get_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign: ...
    async def create_campaign(self, ctx: OperationContext, *, campaign: CampaignCreate) -> CampaignCreated: ...
    async def update_campaign(
        self, ctx: OperationContext, *, campaign_id: str, changes: CampaignUpdate
    ) -> Campaign: ...
    async def delete_campaign(self, ctx: OperationContext, *, campaign_id: str) -> None: ...
    async def start_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign: ...
    async def pause_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign: ...
    async def resume_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign: ...
    async def stop_campaign(self, ctx: OperationContext, *, campaign_id: str) -> Campaign: ...
    async def list_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, page: PageRequest
    ) -> Page[CampaignContact]: ...
    async def add_campaign_contacts(
        self, ctx: OperationContext, *, campaign_id: str, contacts: list[Contact]
    ) -> BulkResult: ...
    async def remove_campaign_contact(self, ctx: OperationContext, *, campaign_id: str, phone: str) -> None: ...
    async def get_campaign_stats(self, ctx: OperationContext, *, campaign_id: str) -> CampaignStats: ...


class CallOperations(Protocol):
    async def list_calls(self, ctx: OperationContext, *, filter: CallFilter, page: PageRequest) -> Page[Call]: ...
    async def get_call(self, ctx: OperationContext, *, call_id: str) -> Call: ...
    async def originate_call(self, ctx: OperationContext, *, call: CallOriginate) -> Call: ...
    async def hangup_call(self, ctx: OperationContext, *, call_id: str) -> Call: ...
    async def get_call_recording(self, ctx: OperationContext, *, call_id: str) -> Recording: ...


class DncOperations(Protocol):
    async def list_dnc(self, ctx: OperationContext, *, page: PageRequest) -> Page[DncEntry]: ...
    async def add_dnc(self, ctx: OperationContext, *, entries: list[DncEntryInput]) -> BulkResult: ...
    async def remove_dnc(self, ctx: OperationContext, *, phone: str) -> None: ...


class CatalogOperations(Protocol):
    async def list_scripts(self, ctx: OperationContext, *, page: PageRequest) -> Page[Script]: ...
    async def list_caller_ids(self, ctx: OperationContext, *, page: PageRequest) -> Page[CallerId]: ...


class VendorAdapter(
    AgentOperations,
    QueueOperations,
    CampaignOperations,
    CallOperations,
    DncOperations,
    CatalogOperations,
    Protocol,
):
    """One vendor account's adapter instance."""

    vendor: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]

    async def aclose(self) -> None: ...
