"""CC-iSales answers (chapter 7): campaigns, call data, statistics, results, blacklist.

Every iSales answer carries `resultCode`/`returnCode` ("0200000" success, Table 7-13; several
examples print "02000000"); `statistics` (7.4.7) answers `countDetail` with no code at all when it
succeeds. Campaign details are kept as written by the vendor (`msgspec.Raw` for the parts the
adapter passes back unchanged on a modification), because V2 modification takes the full object.
"""

from __future__ import annotations

import msgspec

from adapters.huawei_cec.wire import ISALES_SUCCESS, Code, Wire


def _text(code: Code) -> str:
    return "" if code is None else str(code).strip()


class IsalesAnswer(Wire):
    resultCode: Code = None
    resultDesc: str | None = None
    returnCode: Code = None
    returnDesc: str | None = None

    def failure(self) -> tuple[str, str | None] | None:
        code = _text(self.resultCode) or _text(self.returnCode)
        if code in ISALES_SUCCESS:
            return None
        return (code or "unknown", self.resultDesc or self.returnDesc)


class CreatedId(Wire):
    id: int


class CampaignCreatedAnswer(IsalesAnswer):
    returnObject: CreatedId | None = None


class CallerNo(Wire):
    accessCode: str
    priority: int | None = None


class ScheduleParam(Wire):
    """Table 7-19: up to three `HH:mm` segments for workdays and three for holidays."""

    workdayBeginTime1: str | None = None
    workdayEndTime1: str | None = None
    workdayBeginTime2: str | None = None
    workdayEndTime2: str | None = None
    workdayBeginTime3: str | None = None
    workdayEndTime3: str | None = None


class IvrParam(Wire):
    deviceSign: str | None = None
    callCount: int | None = None
    callInterval: int | None = None


class SkillParam(Wire):
    skillId: int | None = None
    skillName: str | None = None
    outBoundType: int | None = None


class RetryPolicyWire(Wire):
    """Table 7-93; `resultRetry`, `policyJson` and `busiPolicy` are JSON carried in strings."""

    retryPolicyId: str | None = None
    policyType: int | None = None
    retryDay: int | None = None
    retryTimes: int | None = None
    callInterval: int | None = None
    resultRetry: str | None = None
    policyJson: str | None = None
    busiPolicy: str | None = None


class CampaignDetail(Wire):
    """returnObject of 7.1.6 and a `data` item of 7.1.7 (which carries only the first seven fields)."""

    id: int | None = None
    name: str | None = None
    description: str | None = None
    status: int | None = None
    strBeginTime: str | None = None
    strEndTime: str | None = None
    deviceType: int | None = None
    # A string in 7.1.6/7.1.7 (Table 7-83: "Calling number"); several numbers are comma-joined.
    callerNo: str | list[CallerNo] | None = None
    maxAlertingTime: int | None = None
    scheduleParam: ScheduleParam | None = None
    ivrParam: IvrParam | None = None
    skillParam: SkillParam | None = None
    callbackUrl: str | None = None
    callBackUrl: str | None = None  # the spelling of the 7.1.6 example
    retryPolicy: RetryPolicyWire | None = None


class CampaignDetailRaw(Wire):
    """The parts of 7.1.6's returnObject a V2 modification sends back exactly as read."""

    skillParam: msgspec.Raw | None = None
    callPolicy: msgspec.Raw | None = None


class CampaignDetailAnswer(IsalesAnswer):
    returnObject: CampaignDetail | None = None


class CampaignDetailRawAnswer(IsalesAnswer):
    returnObject: CampaignDetailRaw | None = None


class CampaignListAnswer(IsalesAnswer):
    curPage: int | None = None
    totalSize: int | None = None
    rowsPerPage: int | None = None
    data: list[CampaignDetail] | None = None


class TotalSize(Wire):
    totalSize: int | None = None


class CallDataAddedAnswer(IsalesAnswer):
    returnObject: TotalSize | None = None


class CallDataDeletedAnswer(IsalesAnswer):
    successCount: int | None = None


class CampaignCounts(Wire):
    """A `countDetail` item of 7.4.7 (Table 7-254)."""

    campaignId: str | int | None = None
    unCallCount: int | None = None
    totalCount: int | None = None
    totalCalledCount: int | None = None
    totalCallSucc: int | None = None
    totalFinishCount: int | None = None


class StatisticsAnswer(IsalesAnswer):
    countDetail: list[CampaignCounts] | None = None

    def failure(self) -> tuple[str, str | None] | None:
        if self.resultCode is None and self.returnCode is None:
            return None  # the documented success answer has no code (7.4.7 example)
        return super().failure()


class CallResult(Wire):
    """A `data` item of 7.5.1 (Table 7-275); also the fields of 7.5.2's `data` (Table 7-280)."""

    campaignId: str | int | None = None
    sessionId: str | None = None
    called: str | None = None
    callTimeStr: str | None = None
    callStatus: int | None = None  # 5 failed, 6 succeeded
    failCode: str | None = None
    resultCode: str | None = None
    callId: str | None = None
    recordPath: str | None = None
    ackBeginTime: str | None = None
    callBeginTime: str | None = None
    callEndTime: str | None = None


class CallResultsAnswer(IsalesAnswer):
    totalCount: int | None = None
    data: list[CallResult] | None = None


class CallResultDetailAnswer(IsalesAnswer):
    data: CallResult | None = None


class BlockEntry(Wire):
    """A `data` item of blocklist/query (Table 7-200)."""

    blockNum: str | None = None
    validityExpirationTime: str | None = None
    flag: bool | None = None


class BlockQueryAnswer(IsalesAnswer):
    data: list[BlockEntry] | None = None
