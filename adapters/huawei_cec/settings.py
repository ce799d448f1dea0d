"""What a Huawei CEC account block may contain: credentials and options, validated at start-up.

Huawei CEC speaks through several interface families, each with its own base URL and its own
credentials (huawei-cec-2.5-api-reference.txt, Table 4-1): the API Fabric token (C1, `app_key`/
`app_secret`) for configuration and bidirectional calls, and the AK/SK request signature (C2) for
CC-iSales, CC-CMS and CC-FS. Every value the reference leaves to the deployment (VDN, call-center
id, callback URL, defaults of mandatory vendor fields the neutral model does not carry) is an
option here rather than a constant in code. Unknown keys are refused.
"""

from __future__ import annotations

import enum
import zoneinfo
from typing import Annotated

import msgspec

from adapters.huawei_cec.signing import SigningDialect
from adapters.vendor_locale import check_locale

# 4.2: "X-Token-Expire ... The maximum value is 3600."
MAX_TOKEN_LIFETIME = 3600


class ContentType(enum.StrEnum):
    """The Content-Type sent (and signed) on C2 requests; see `signing` for the two readings."""

    DEMO = "application/json;charset=UTF-8"
    TABLES = "application/json; charset=UTF-8"


class HuaweiCredentials(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # C1 (4.2): the API Fabric app's key and secret, exchanged for a bearer token.
    app_key: Annotated[str, msgspec.Meta(min_length=1)]
    app_secret: Annotated[str, msgspec.Meta(min_length=1)]
    # C2 (4.3): the developer AK/SK that sign CC-iSales, CC-CMS and CC-FS requests.
    access_key: Annotated[str, msgspec.Meta(min_length=1)]
    secret_key: Annotated[str, msgspec.Meta(min_length=1)]
    # agentAccount/create requires a password (5.1.1, 8 characters of four kinds). When unset,
    # each new agent gets a random one and an administrator resets it in the AICC console.
    agent_initial_password: str | None = None
    # The "Shared Key" of the tenant's callback URL authentication (6.2.14.1): when set, every
    # bidirectional-call callback must carry a valid HMAC signature (see `callbacks`).
    callback_shared_key: str | None = None

    def __repr__(self) -> str:
        # Secrets must never reach a log line through a repr of the settings.
        return f"HuaweiCredentials(app_key={self.app_key!r}, access_key={self.access_key!r}, secrets='***')"


class SignatureOptions(SigningDialect, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How C2 requests are signed (see `signing`) and the Content-Type they carry."""

    content_type: ContentType = ContentType.DEMO


class AgentOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # agentAccount/create's mandatory `email` (5.1.1): `<userAccount>@<email_domain>`.
    email_domain: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")]
    # `agentType` (4 audio, 11 video, 5 multimedia, 99 versatile) and `ccRoleId` (2 agent,
    # 3 inspector, 4 outbound call agent), both mandatory in 5.1.1.
    agent_type: Annotated[int, msgspec.Meta(ge=1)] = 4
    role_id: Annotated[int, msgspec.Meta(ge=1)] = 2
    # The generated `userAccount` (6-50 letters, digits, @.-_): prefix + 10 random characters.
    account_prefix: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9@._-]{0,30}$")] = "sb"
    # addSkillsToAgent's mandatory weights (5.1.5, minimum 1).
    agent_weight: Annotated[int, msgspec.Meta(ge=1)] = 1
    skill_weight: Annotated[int, msgspec.Meta(ge=1)] = 1


class QueueOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """createSkill's mandatory fields the neutral queue has no word for (5.2.1, Table 5-45)."""

    media_type: Annotated[int, msgspec.Meta(ge=1)] = 5  # 5 voice
    max_wait_seconds: Annotated[int, msgspec.Meta(ge=1, le=60000)] = 60
    max_waiting: Annotated[int, msgspec.Meta(ge=1, le=10000)] = 100
    wrapup_seconds: Annotated[int, msgspec.Meta(ge=0, le=3600)] = 5


class CampaignOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Mandatory fields of the V2 campaign (7.1.2, Table 7-18) the neutral campaign does not carry."""

    # `callbackUrl` is mandatory; Huawei pushes call results there (7.6.1). When the gateway
    # receives callbacks (events.public_base_url), its callback URL for the account is sent
    # instead, and this option may be left out.
    result_callback_url: Annotated[str, msgspec.Meta(pattern=r"^https?://\S+$")] | None = None
    # 5-120 s at creation, 5-60 s for modification (Table 7-55): kept within both.
    max_alerting_seconds: Annotated[int, msgspec.Meta(ge=5, le=60)] = 30
    # ivrParam (Table 7-20) for campaigns with a script (deviceType 3, automatic IVR).
    ivr_call_count: Annotated[int, msgspec.Meta(ge=1, le=100)] = 3
    ivr_call_interval_seconds: Annotated[int, msgspec.Meta(ge=1, le=9999)] = 3
    # skillParam for campaigns with a queue: 2 predicted, 5 previewed, 6 preempted (Table 7-21);
    # predicted campaigns use the off-hook-rate algorithm (predictMethod 5) with this rate.
    queue_outbound_type: Annotated[int, msgspec.Meta(ge=2, le=6)] = 2
    off_hook_rate: Annotated[int, msgspec.Meta(ge=50, le=200)] = 100
    # strEndTime is mandatory; without a neutral end_date the campaign runs this many days.
    default_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = 30
    # calldata V2 (7.4.2): records per request (`isales.api.calldata.max`, default 20) and the
    # pause between requests ("The interface invoking time cannot be less than 1 second").
    contacts_batch_size: Annotated[int, msgspec.Meta(ge=1, le=2000)] = 20
    contacts_batch_interval_seconds: Annotated[float, msgspec.Meta(ge=0, le=60)] = 1.0


class HuaweiOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    # The tenant's VDN: `{vdnId}` of every CC-iSales path (1-9999) and CC-CMS's `vdn` (1-5000).
    vdn_id: Annotated[int, msgspec.Meta(ge=1, le=9999)]
    agents: AgentOptions
    campaigns: CampaignOptions
    # CC-CMS `cclid` (1-65535, Table 12-459); also sent as iSales `cclId` when `on_premises`
    # ("Yes in the OP environment", Table 7-3).
    cc_id: Annotated[int, msgspec.Meta(ge=1, le=65535)] = 1
    on_premises: bool = False
    # The zone of the vendor's local times (campaign times, call results, CC-FS windows).
    vendor_timezone: str = "Asia/Shanghai"
    # Numbers go to Huawei without a country code: national numbers of this region.
    phone_region: str = "CN"
    # X-Token-Expire (4.2, at most 3600) and how long before expiry the token is renewed.
    token_lifetime_seconds: Annotated[int, msgspec.Meta(ge=60, le=MAX_TOKEN_LIFETIME)] = 600
    token_refresh_margin_seconds: Annotated[float, msgspec.Meta(ge=0)] = 60.0
    signature: SignatureOptions = SignatureOptions()
    queues: QueueOptions = QueueOptions()
    # The window queryCallDetailRecord is asked for when a call listing names no dates (at most 7 days).
    call_history_days: Annotated[int, msgspec.Meta(ge=1, le=7)] = 7

    def __post_init__(self) -> None:
        check_locale(zone_field="vendor_timezone", zone=self.vendor_timezone, phone_region=self.phone_region)
        if self.token_refresh_margin_seconds >= self.token_lifetime_seconds:
            raise ValueError("`token_refresh_margin_seconds`: must be shorter than token_lifetime_seconds")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.vendor_timezone)


class HuaweiSettings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    credentials: HuaweiCredentials
    options: HuaweiOptions
