"""What a FlashAI account block may contain: credentials and options, validated at start-up.

Unknown keys are refused (a misspelt option must not silently fall back to its default), and every
option whose value the vendor document leaves open is named here rather than hard-coded.
"""

from __future__ import annotations

import enum
import zoneinfo
from typing import Annotated, Literal

import msgspec

from adapters.vendor_locale import check_locale
from contracts.adapter import AccountSpec, ConfigError


class CallListLayout(enum.StrEnum):
    """Field order of one `callList` item of getBatchPlanCallList (see `delimited.CALL_LIST_LAYOUTS`).

    `doc`: the order printed in flashai-saas-api.md ("Check the Batch Call list By Searching Batch
    Number"). `lineage`: the order of the vendor-lineage server (notes-other-vendors.md §3.5), which
    differs; which one the live service uses is unconfirmed, so the account chooses.
    """

    DOC = "doc"
    LINEAGE = "lineage"


class DetailListStyle(enum.StrEnum):
    """Separators of the dialogue list (`detailList`) inside getPhoneDetail's body.

    `doc`: "$" between entries and "_" between fields, as flashai-saas-api.md ("Check the Batch Call
    list By Searching Batch Number") prints for the call list. `sdk`: "|" and "^", as the vendor
    SDK's callback parser reads the same field (FlashCallService.planCallback). The document says
    nothing about getPhoneDetail's body, so the account chooses.
    """

    DOC = "doc"
    SDK = "sdk"


class CallbackSignature(enum.StrEnum):
    """How FlashAI signs the callbacks it POSTs (notes-other-vendors.md §3.7; see `callbacks`).

    `body`: MD5 over the fields of the `body` object, as the vendor SDK (2020-22) verifies its
    callbacks (FlashCallService.checkRspSing) - the default, being the newer of the two. `envelope`:
    MD5 over `body` (a JSON string), `code`, `msg` and `success`, as the 2019 lineage server signs.
    `none`: no check, the secret callback URL alone protects the route.
    """

    BODY = "body"
    ENVELOPE = "envelope"
    NONE = "none"


class VariableOrder(enum.StrEnum):
    """How a contact's variables become mobileList's positional params ("p1-p2-p3").

    `script`: by the `seq` of queryPlanParams' paramSeqLsit when FlashAI answers it (a variable the
    list does not name rejects the contact, a missing one leaves its position empty); in the
    contact's own order when FlashAI has no parameter list. `contact`: always the contact's order.
    """

    SCRIPT = "script"
    CONTACT = "contact"


class FlashAICredentials(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The pair FlashAI issues per account: `clientId` is sent, `clientSecret` only signs."""

    client_id: Annotated[str, msgspec.Meta(min_length=1)]
    client_secret: Annotated[str, msgspec.Meta(min_length=1)]

    def __repr__(self) -> str:
        # The secret must never reach a log line through a repr of the settings.
        return f"FlashAICredentials(client_id={self.client_id!r}, client_secret='***')"


class FlashAIOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # addPlan's `userId` (doc: required number). The lineage server overwrites it from clientId,
    # but it is signed, so it must be the account's real user id.
    user_id: int
    # getBatchPlanCallList requires `notifyUrl` (doc table: Y); also sent as addPlan's notifyUrl.
    # When the gateway receives callbacks (events.public_base_url), its callback URL for the
    # account is sent instead, and this option may be left out.
    notify_url: Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$")] | None = None
    # FlashAI takes numbers without a country code: national significant numbers of this region.
    phone_region: str = "CN"
    # The zone FlashAI's callDate/callHour and its call-list times are in (the vendor is in China).
    vendor_timezone: str = "Asia/Shanghai"
    # The doc types `timestamp` as number; the vendor SDK sends a string and the lineage server
    # reads it as a string (notes §3.3). Either signs the same; the string is the safer default.
    timestamp_as_string: bool = True
    call_list_layout: CallListLayout = CallListLayout.DOC
    # recallParams' recallTag (notes §3.6 example "W"); the intent tag FlashAI re-dials.
    recall_tag: Annotated[str, msgspec.Meta(min_length=1, max_length=8)] = "W"
    variable_order: VariableOrder = VariableOrder.SCRIPT
    detail_list_style: DetailListStyle = DetailListStyle.DOC
    # addAgentPlan (flashai-saas-api.md "Adding Agent' Dialing Task"). `agentId` is required there
    # but the neutral campaign names only a queue: this agent, or (when unset) the first agent
    # queryAgentGroup lists for the queue.
    agent_id: Annotated[str, msgspec.Meta(min_length=1)] | None = None
    # addType "Type of task addition"; the vendor SDK's AddAgentPlanReqVo: "1: add&clean 2: add".
    # "add" cleans nothing, so it serves both for a new batch and for adding numbers to one.
    agent_add_type: Annotated[str, msgspec.Meta(min_length=1, max_length=16)] = "2"
    # callType "0 - no direct outbound call, 1 - direct outbound call": a neutral campaign dials.
    agent_call_type: Literal["0", "1"] = "1"
    # Which of the vendor's two signing schemes its callbacks carry (see CallbackSignature).
    callback_signature: CallbackSignature = CallbackSignature.BODY

    def __post_init__(self) -> None:
        check_locale(zone_field="vendor_timezone", zone=self.vendor_timezone, phone_region=self.phone_region)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.vendor_timezone)


class FlashAISettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    credentials: FlashAICredentials
    options: FlashAIOptions


def require_notify_url(account: AccountSpec, options: FlashAIOptions) -> None:
    """getBatchPlanCallList cannot be called without a notifyUrl (doc table: Y): the account needs
    the gateway's callback URL or its own `notify_url`."""
    if account.callback_url is None and options.notify_url is None:
        raise ConfigError(
            f"accounts.{account.name}.options.notify_url",
            "required unless the gateway receives callbacks (events.public_base_url)",
        )
