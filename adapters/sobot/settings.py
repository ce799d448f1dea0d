"""What a Sobot account block may contain: credentials and options, validated at start-up.

Unknown keys are refused (a misspelt option must not silently fall back to its default). Every
fact sobot-callservice-v6-api.txt leaves open, and notes-other-vendors.md §1 tags as inference or
unknown, is an option here rather than a constant in the code.
"""

from __future__ import annotations

import enum
import zoneinfo
from typing import Annotated, Final

import msgspec

from adapters.vendor_locale import check_locale
from contracts.agents import AgentState
from contracts.campaigns import CampaignStatus


class AgentIdType(enum.StrEnum):
    """How a configured agent is named: Sobot's `agentType` 1 (agent UUID) or 0 (work number)."""

    UUID = "uuid"
    WORK_NUMBER = "work_number"

    @property
    def agent_type(self) -> str:
        return "1" if self is AgentIdType.UUID else "0"


class DuplicateRule(enum.StrEnum):
    """`removeDuplicatesRule` of "Outbound Task Import Data" (sobot-callservice-v6-api.txt line 1221).

    The extracted text reads "RemoveDuplicatesInTenan t"; the space is an extraction artefact.
    """

    KEEP = "NonRemoveDuplicates"
    IN_CALLING_LIST = "RemoveDuplicatesInCallingList"
    IN_CAMPAIGN = "RemoveDuplicatesInCampaign"
    IN_TENANT = "RemoveDuplicatesInTenant"


class AssignRule(enum.StrEnum):
    """`assignRule` of the same interface (line 1223)."""

    AVERAGE = "AssignAverage"
    APPOINT = "AssignAppoint"
    NONE = "NoAssign"


class AdvisoryField(enum.StrEnum):
    """Neutral campaign fields an outbound task has no member for (lines 1137-1148).

    An account that lists one accepts it as advice to the agents working the task: it is written
    into the task's `description` note, not enforced by Sobot. Unlisted ones are refused with 422.
    """

    WINDOWS = "schedule.windows"
    RETRY = "retry"
    SCRIPT = "script_id"
    CALLER_IDS = "caller_ids"


class ExpiresInUnit(enum.StrEnum):
    """The unit of the company token's `expires_in` (86400000 in the vendor's example; notes §1.1)."""

    MILLISECONDS = "ms"
    SECONDS = "s"


class AssignedAgent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One `assignAgentAndCount` entry (line 1228): an agent id and how many contacts it gets."""

    agent_id: Annotated[str, msgspec.Meta(min_length=1)]
    count: Annotated[int, msgspec.Meta(ge=1)]


# loginStatus is undocumented (line 218). The sign-in interface of the Chinese V6 pages names agent
# states 1 = online and 2 = do-not-disturb; read as the same scale until Sobot confirms. [INF]
DEFAULT_AGENT_STATES: Final = {1: AgentState.AVAILABLE, 2: AgentState.AWAY}
# getList's `state` ("Execute status", line 1468) is undocumented; the example task reads 1. [INF]
DEFAULT_TASK_STATES: Final = {
    0: CampaignStatus.SCHEDULED,
    1: CampaignStatus.RUNNING,
    2: CampaignStatus.PAUSED,
    3: CampaignStatus.COMPLETED,
}


class SobotCredentials(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The pair Sobot issues per company: `appId` is sent, `appSecret` only signs (notes §1.1)."""

    app_id: Annotated[str, msgspec.Meta(min_length=1)]
    app_secret: Annotated[str, msgspec.Meta(min_length=1)]

    def __repr__(self) -> str:
        # The secret must never reach a log line through a repr of the settings.
        return f"SobotCredentials(app_id={self.app_id!r}, app_secret='***')"


class SobotOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # The administrating agent: it requests the agent token (notes §1.1, `agentId`/`agentNo`) and
    # is the `agentID` that creates outbound tasks and imports their data (lines 1140, 1216, 1340).
    admin_agent: Annotated[str, msgspec.Meta(min_length=1)]
    admin_agent_type: AgentIdType = AgentIdType.UUID
    # Required by "Create Outbound Task": codes of enabled templates (lines 1143-1144).
    data_template_code: Annotated[str, msgspec.Meta(min_length=1)]
    wrap_up_template_code: Annotated[str, msgspec.Meta(min_length=1)]
    # The documents never say whether `Authorization` carries "Bearer " (notes §1.1, unknown).
    bearer_prefix: bool = False
    # `timezoneid` header when no campaign zone applies; the document's default (line 12).
    timezone: str = "Asia/Singapore"
    # `language` header (line 377: "en by default").
    language: Annotated[str, msgspec.Meta(min_length=2, max_length=16)] = "en"
    # Numbers travel as national numbers of this region, as in every example (lines 40, 948, 1609).
    phone_region: str = "CN"
    expires_in_unit: ExpiresInUnit = ExpiresInUnit.MILLISECONDS
    # The neutral contact batch has no place for these import rules: account options instead.
    remove_duplicates: DuplicateRule = DuplicateRule.IN_CAMPAIGN
    filter_do_not_call: bool = True
    assign_rule: AssignRule = AssignRule.NONE
    assign_agents: list[AssignedAgent] = msgspec.field(default_factory=list)
    # Contacts per `_import` call; the document states no limit, so chunks stay moderate.
    import_chunk_size: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 500
    # How long to poll "Batch Import Result Query" for the counts of a fresh import (seconds).
    import_result_wait: Annotated[float, msgspec.Meta(ge=0, le=30)] = 2.0
    # scheduleEndTime is required (line 1146); without an end_date the task runs this many days.
    campaign_days: Annotated[int, msgspec.Meta(ge=1, le=366)] = 30
    advisory_fields: frozenset[AdvisoryField] = frozenset()
    # Neutral variable name -> `fieldId` of the import template's custom field (line 1244).
    custom_fields: dict[str, Annotated[str, msgspec.Meta(min_length=1)]] = msgspec.field(default_factory=dict)
    # A new skill group needs a `queueID` (line 384) the caller does not give; digits are made.
    queue_number_digits: Annotated[int, msgspec.Meta(ge=4, le=20)] = 8
    # `level` and `checkin` of a member added to a skill group (lines 645-646); None = not sent.
    queue_member_level: int | None = None
    queue_member_checkin: bool | None = None
    agent_states: dict[int, AgentState] = msgspec.field(default_factory=lambda: dict(DEFAULT_AGENT_STATES))
    task_states: dict[int, CampaignStatus] = msgspec.field(default_factory=lambda: dict(DEFAULT_TASK_STATES))

    def __post_init__(self) -> None:
        check_locale(zone_field="timezone", zone=self.timezone, phone_region=self.phone_region)
        if (self.assign_rule is AssignRule.APPOINT) != bool(self.assign_agents):
            raise ValueError("`assign_agents`: give agents exactly when assign_rule is AssignAppoint")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class SobotSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    credentials: SobotCredentials
    options: SobotOptions
