"""Scripts and caller ids: IVR flows (5.4.1) and access codes (5.3.1). Pure functions, no I/O."""

from __future__ import annotations

from typing import Final

from adapters.huawei_cec.wire import AccessCodeRecord, IvrFlowRecord
from contracts.catalog import CallerId, Script

# Table 5-112, flowType.
FLOW_TYPES: Final = {
    0: "unspecified",
    1: "gsl",
    2: "voicexml",
    3: "third_party_ivr",
    4: "ccivr_vxml",
    5: "ccxml",
    6: "wait_script",
}
# Table 5-95, numCallAttr: which directions an access code serves.
CALL_DIRECTIONS: Final = {1: "inbound", 2: "outbound", 3: "inbound_outbound"}
OUTBOUND_CAPABLE: Final = frozenset({2, 3})


def script_from_flow(flow: IvrFlowRecord) -> Script | None:
    """A flow a campaign can run: its id is the flow's access code, which is what an automatic-IVR
    campaign names in `ivrParam.deviceSign` (Table 7-20). Flows without an access code cannot be
    named by a campaign and are left out."""
    if not flow.accessCode:
        return None
    name = flow.description or flow.flowFileName or flow.accessCode
    kind = FLOW_TYPES.get(flow.flowType) if flow.flowType is not None else None
    return Script(id=flow.accessCode, name=name, kind=kind)


def caller_id_from_access_code(code: AccessCodeRecord) -> CallerId | None:
    """An access code that may place outbound calls (numCallAttr 2 or 3) — campaigns' `callerNo`
    and bidirectional calls' `callerPresent` take access codes (Tables 7-28, 6-360)."""
    if not code.accessCode or code.numCallAttr not in OUTBOUND_CAPABLE:
        return None
    return CallerId(
        id=code.accessCode,
        number=code.n400Number or code.accessCode,
        name=code.description,
        kind=CALL_DIRECTIONS.get(code.numCallAttr) if code.numCallAttr is not None else None,
    )
