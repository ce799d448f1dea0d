"""FlashAI's delimited strings: records joined by one character, fields by another.

FlashAI packs lists into strings instead of JSON arrays (flashai-saas-api.md: addPlan `mobileList`,
getBotence `botenceList`, getCallLine `lineList`, getBatchSummaryGroupByLine `lineSummary`,
getBatchPlanCallList `callList` with its nested `detailList`, queryPlanParams `paramSeqLsit`,
getBatchPlanList `mobileList`, batchPhoneDelete `phoneList`, getPhoneDetail `detailList`).
Every such format is one named `Layout` here, so that reading and writing share one definition.

Nothing in these formats escapes a separator, so a value that contains one would silently split
into extra fields or records on the vendor's side. Building a string therefore refuses such a
value (`DelimiterInValue`) instead of corrupting the records around it. Reading tolerates what the
vendor may add: missing trailing fields read as "", extra trailing fields are ignored, empty
records (a trailing `|`, as the vendor SDK writes) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from adapters.flashai.settings import CallListLayout, DetailListStyle

Record = dict[str, str]


class DelimiterInValue(ValueError):
    """A value holds a character its format uses as a separator; FlashAI would mis-split it."""

    def __init__(self, format_name: str, field_name: str, character: str) -> None:
        super().__init__(
            f"{field_name} contains {character!r}, which FlashAI's {format_name} uses as a separator; "
            "FlashAI has no way to escape it"
        )
        self.format_name = format_name
        self.field_name = field_name
        self.character = character


def _refuse_separators(format_name: str, field_name: str, value: str, separators: Iterable[str]) -> None:
    for character in sorted(separators):
        if character in value:
            raise DelimiterInValue(format_name, field_name, character)


@dataclass(frozen=True)
class ListCodec:
    """A list of plain values inside one field, e.g. addPlan's params `p1-p2-p3`."""

    name: str
    separator: str
    # Separators of the formats this list sits in, plus characters the vendor rewrites.
    reserved: frozenset[str] = frozenset()

    def check(self, field_name: str, value: str) -> None:
        _refuse_separators(self.name, field_name, value, {self.separator} | self.reserved)

    def join(self, values: Sequence[str], field_names: Sequence[str] | None = None) -> str:
        """The joined text. A list of one empty value joins to "" and so reads back as no values."""
        names = field_names or [f"{self.name}[{index}]" for index in range(len(values))]
        for name, value in zip(names, values, strict=True):
            self.check(name, value)
        return self.separator.join(values)

    def split(self, text: str) -> list[str]:
        return text.split(self.separator) if text else []


@dataclass(frozen=True)
class Layout:
    """Records separated by `record_separator`, their fields (in `fields` order) by `field_separator`."""

    name: str
    fields: tuple[str, ...]
    record_separator: str = "|"
    field_separator: str = "^"
    # Characters no value may hold besides this layout's own separators: those of an enclosing
    # layout (detailList sits inside a callList field) or characters the vendor rewrites.
    reserved: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # With one field, a record of "" would be indistinguishable from no record at all.
        if len(self.fields) < 2:
            raise ValueError("a layout needs at least two fields")
        if self.record_separator == self.field_separator:
            raise ValueError("record and field separators must differ")

    @property
    def separators(self) -> frozenset[str]:
        return frozenset({self.record_separator, self.field_separator}) | self.reserved

    def check(self, field_name: str, value: str) -> None:
        _refuse_separators(self.name, field_name, value, self.separators)

    def encode_record(self, record: Mapping[str, str]) -> str:
        """One record; absent fields are written empty, unknown ones are a programming error."""
        unknown = set(record) - set(self.fields)
        if unknown:
            raise KeyError(f"{self.name} has no field(s) {', '.join(sorted(unknown))}")
        values = [record.get(name, "") for name in self.fields]
        for name, value in zip(self.fields, values, strict=True):
            self.check(name, value)
        return self.field_separator.join(values)

    def encode(self, records: Iterable[Mapping[str, str]]) -> str:
        return self.record_separator.join(self.encode_record(record) for record in records)

    def decode_record(self, text: str) -> Record:
        values = text.split(self.field_separator)
        values += [""] * (len(self.fields) - len(values))
        return dict(zip(self.fields, values, strict=False))

    def decode(self, text: str | None) -> list[Record]:
        if not text:
            return []
        return [self.decode_record(part) for part in text.split(self.record_separator) if part]


# addPlan `mobileList` (doc: "phone number ^ Additional data ^ Parameter 1- Parameter 2- Parameter 3");
# the lineage server splits each item into up to five fields (notes §3.6).
MOBILE_LIST: Final = Layout("mobileList", ("phone", "attach", "params", "custName", "custCompany"))
# The params field's items. The lineage server turns "~" into "|" in params (DispatchApiController),
# so a "~" would not survive either.
MOBILE_PARAMS: Final = ListCodec("mobileList params", "-", reserved=frozenset({"^", "|", "~"}))

# getBatchPlanList `mobileList`: the addPlan item plus the number's status, as the document's
# example shows ("phone1^attach1^params11-params12-params13^custName1^custCompany1^1"); the status
# is "1- Planning, 2- Completed, 3- Processing Failed". The lineage server writes the first five only.
PLAN_LIST: Final = Layout("mobileList", ("phone", "attach", "params", "custName", "custCompany", "phoneStatus"))
# batchPhoneDelete `phoneList` ("phone1^phone 2" in the document; the vendor SDK joins with "|", so
# neither character may appear in a number).
PHONE_LIST: Final = ListCodec("phoneList", "^", reserved=frozenset({"|"}))

# getBotence `botenceList` ("List of Script Name, Splicing with |"); fields from the lineage server.
BOTENCE_LIST: Final = Layout("botenceList", ("templateId", "templateName", "agentFlag"))
# getCallLine `lineList`; lineType 1 = SIP, 2 = SIM (lineage server).
LINE_LIST: Final = Layout("lineList", ("lineId", "lineName", "lineType"))
# getBatchSummaryGroupByLine `lineSummary` ("lineId^totalNum^endCount^lastCallTime").
LINE_SUMMARY: Final = Layout("lineSummary", ("lineId", "totalNum", "endCount", "lastCallTime"))
# queryPlanParams `paramSeqLsit` (sic) ("paramName^seq^paramType").
PARAM_SEQ_LIST: Final = Layout("paramSeqLsit", ("paramName", "seq", "paramType"))

# `detailList` inside a callList item: "divided by $ and the parameters are divided by _" (doc prose,
# "Check the Batch Call list By Searching Batch Number"). The doc's example line shows "-" between
# the four parameters; the prose is taken as the authority, and the separator lives here only.
DETAIL_LIST: Final = Layout(
    "detailList",
    ("botAnswerText", "botAnswerTime", "customerSayText", "customerSayTime"),
    record_separator="$",
    field_separator="_",
    reserved=frozenset({"^", "|"}),
)

# `detailList` in getPhoneDetail's body as the vendor SDK's callback parser reads it: entries split
# by "|", fields by "^" (FlashCallService.planCallback). A JSON field of its own, so nothing encloses it.
DETAIL_LIST_SDK: Final = Layout(
    "detailList",
    ("botAnswerText", "botAnswerTime", "customerSayText", "customerSayTime"),
    record_separator="|",
    field_separator="^",
)

DETAIL_LIST_LAYOUTS: Final[dict[DetailListStyle, Layout]] = {
    DetailListStyle.DOC: DETAIL_LIST,
    DetailListStyle.SDK: DETAIL_LIST_SDK,
}

# getBatchPlanCallList `callList`. Doc order: "mobile number^outbound date^call time^hang up
# time^answer time^call duration^intent tag^intent note^F class details^......".
CALL_LIST_DOC: Final = Layout(
    "callList",
    (
        "phone",
        "outboundDate",
        "callTime",
        "hangupTime",
        "answerTime",
        "duration",
        "intent",
        "intentNote",
        "detailList",
    ),
)
# The vendor-lineage server's order (notes §3.5).
CALL_LIST_LINEAGE: Final = Layout(
    "callList",
    (
        "accurateIntent",
        "addDate",
        "answerTime",
        "billSec",
        "callStartTime",
        "callTime",
        "detailList",
        "duration",
        "freason",
        "hangupDirection",
        "hangupTime",
        "phone",
        "reason",
        "remarks",
    ),
)

CALL_LIST_LAYOUTS: Final[dict[CallListLayout, Layout]] = {
    CallListLayout.DOC: CALL_LIST_DOC,
    CallListLayout.LINEAGE: CALL_LIST_LINEAGE,
}
