"""Bidirectional calls (6.2), agent states (CC-CMS 12.3.1.3.2) and recording URLs (CC-FS 13.2.1.1).

A bidirectional call (createCall V3) first rings the agent's softphone, then the customer; its
course is fixed at creation from a hash of the call, so `queryCallState` walks it through 0 (to be
called), 1 (calling), 2 (talking) and 3 (ended, with the reason code of Table 6-370) as simulated
time passes. Answers follow the examples of 6.2.2-6.2.5 (`retCode` strings, epoch-millisecond
times as numbers). CMS agent states come from the agent's configured state, "talking" (5) while the
agent is in a bidirectional call. CC-FS finds the recording of an answered campaign call by callId
within the [beginTime, endTime] window (vendor-local times with version "2.0"; UTC without it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any, Final

from adapters.huawei_cec.simulator.outbound import Outbound
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.state import Tenant

MAX_RECORD_WINDOW_MS: Final = 7 * 24 * 3600 * 1000  # queryCallDetailRecord: at most seven days
MAX_RECORDING_WINDOW: Final = dt.timedelta(days=3)  # getRecordFileUrlFromObs: at most three days
RECORDING_LIFETIME: Final = 8 * 3600  # CC-FS: "The URL expires after 8 hours by default"
NUMBER: Final = re.compile(r"^[0-9]{1,32}$")


def mobile_failure(code: str, message: str) -> Refused:
    return Refused(200, {"retCode": code, "retMsg": message})


def _ms(moment: float | None) -> int | None:
    return None if moment is None else round(moment * 1000)


@dataclass
class BidirectionalCall:
    serial: str
    soft_phone: str
    called: str
    caller: str | None
    caller_present: str | None
    call_data: str | None
    created: float
    agent_answered: float
    alerting: float
    talking: float | None
    released: float
    reason_code: int  # 0 called hung up, 1 caller hung up, 3 called leg failed, 5 called did not answer

    def state(self, now: float) -> int:
        if now < self.agent_answered - 1:
            return 0
        if now >= self.released:
            return 3
        return 2 if self.talking is not None and now >= self.talking else 1


def _recording_url(key: str, now: float) -> str:
    return f"https://obs.huawei-cec.sim/record/{key}.wav?AccessKeyId=SIMULATOR&Expires={int(now) + RECORDING_LIFETIME}"


@dataclass
class CallCenter:
    tenant: Tenant
    outbound: Outbound
    zone: zoneinfo.ZoneInfo
    cc_id: int
    vdn_id: int
    time_scale: float = 1.0
    calls: dict[str, BidirectionalCall] = field(default_factory=dict)
    serials: itertools.count[int] = field(default_factory=lambda: itertools.count(1037058396471308289))

    # -- 6.2.2 createCall (V3) ----------------------------------------------------------------

    def create_call(self, request: SimRequest) -> dict[str, Any]:
        body = request.json_object()
        soft_phone, called = body.get("softPhone"), body.get("called")
        if not isinstance(soft_phone, str) or not isinstance(called, str) or not NUMBER.match(called):
            raise mobile_failure("5", "The format of the calling number, called number, or CLIP number is incorrect")
        if self.tenant.agent_by_softphone(soft_phone) is None:
            raise mobile_failure("8", "The calling number is not in the softphone number range of the tenant")
        present = body.get("callerPresent")
        if present is not None and present not in {code.access_code for code in self.tenant.access_codes}:
            raise mobile_failure("5", "The CLIP number is not an access code")
        call_data = body.get("callData")
        if call_data is not None and (not isinstance(call_data, str) or len(call_data) > 1024):
            raise mobile_failure("5", "callData is longer than 1024 characters")
        serial = str(next(self.serials))
        self.calls[serial] = self._course(serial, soft_phone, called, body, request.now)
        return {"retCode": "0", "retMsg": "success", "result": {"callSerialNo": serial}}

    def _course(self, serial: str, soft_phone: str, called: str, body: dict[str, Any], now: float) -> BidirectionalCall:
        digest = hashlib.sha256(f"{serial}/{called}".encode()).digest()
        roll, ring, talk = digest[0] / 255, 3 + digest[1] % 6, 20 + digest[2] % 100
        scale = self.time_scale
        agent_answered = now + 3 * scale
        alerting = agent_answered
        talking: float | None = None
        if roll < 0.7:
            talking = alerting + ring * scale
            released, reason = talking + talk * scale, digest[3] % 2
        elif roll < 0.9:
            released, reason = alerting + 30 * scale, 5
        else:
            released, reason = alerting + 1 * scale, 3
        return BidirectionalCall(
            serial=serial,
            soft_phone=soft_phone,
            called=called,
            caller=body.get("caller") if isinstance(body.get("caller"), str) else None,
            caller_present=body.get("callerPresent"),
            call_data=body.get("callData"),
            created=now,
            agent_answered=agent_answered,
            alerting=alerting,
            talking=talking,
            released=released,
            reason_code=reason,
        )

    def _call(self, request: SimRequest, *, unknown: str, malformed: str) -> BidirectionalCall:
        serial = request.json_object().get("callSerialNo")
        if not isinstance(serial, str) or not serial or len(serial) > 50:
            raise mobile_failure(malformed, "The call SN has an incorrect format")
        call = self.calls.get(serial)
        if call is None or call.created > request.now:
            raise mobile_failure(unknown, "No record of this call")
        return call

    def _view(self, call: BidirectionalCall, now: float) -> dict[str, Any]:
        ended = now >= call.released
        return {
            "callSerialNo": call.serial,
            "caller": call.caller or call.soft_phone,
            "called": call.called,
            "callerPresent": call.caller_present,
            "callData": call.call_data,
            "startTime": _ms(call.created),
            "endTime": _ms(call.released) if ended else None,
            "state": call.state(now),
            "reasonCode": call.reason_code if ended else None,
            "alertingTime": _ms(call.alerting) if now >= call.alerting else None,
            "talkingTime": _ms(call.talking) if call.talking is not None and now >= call.talking else None,
            "releaseTime": _ms(call.released) if ended else None,
            "talkDuration": round(call.released - call.talking) if ended and call.talking is not None else 0,
        }

    # -- 6.2.4 queryCallState, 6.2.3 queryCallDetailRecord, 6.2.5 getRecordingAddress -----------

    def call_state(self, request: SimRequest) -> dict[str, Any]:
        view = self._view(self._call(request, unknown="1", malformed="3"), request.now)
        result = {key: view[key] for key in ("caller", "called", "callerPresent", "startTime", "state", "callData")}
        result.update(reasonCode=view["reasonCode"], endTime=view["endTime"])
        return {"retMsg": "Query call state successfully", "retCode": "0", "result": result}

    def call_records(self, request: SimRequest) -> dict[str, Any]:
        body = request.json_object()
        start, end = str(body.get("startTime", "")), str(body.get("endTime", ""))
        if not (start.isdigit() and end.isdigit()) or not 0 <= int(end) - int(start) <= MAX_RECORD_WINDOW_MS:
            raise mobile_failure("2", "The format of the start time and end time is incorrect")
        offset, limit = str(body.get("offset", "0")), str(body.get("limit", "100"))
        if not (offset.isdigit() and limit.isdigit()) or int(limit) < 1:
            raise mobile_failure("4", "The limit or offset pagination data format is incorrect")
        calls = [
            call
            for call in sorted(self.calls.values(), key=lambda call: call.created)
            if int(start) <= (_ms(call.created) or 0) <= int(end)
            and call.created <= request.now
            and body.get("caller") in (None, "", call.caller or call.soft_phone)
        ]
        if not calls:
            raise mobile_failure("1", "No data is found")
        chunk = calls[int(offset) : int(offset) + int(limit)]
        return {
            "result": {"total": len(calls), "callInfo": [self._view(call, request.now) for call in chunk]},
            "retCode": "0",
            "retMsg": "Query call detail record successfully",
        }

    def recording_address(self, request: SimRequest) -> dict[str, Any]:
        call = self._call(request, unknown="5", malformed="12")
        if call.talking is None or request.now < call.released:
            raise mobile_failure("5", "No corresponding history record")
        return {"retMsg": "success", "result": {"url": _recording_url(call.serial, request.now)}, "retCode": "0"}

    # -- CC-CMS 12.3.1.3.2 ------------------------------------------------------------------------

    def agent_states(self, request: SimRequest) -> dict[str, Any]:
        body = request.json_object()
        ids = body.get("agentIds")
        if body.get("cclid") != self.cc_id or body.get("vdn") != self.vdn_id:
            raise Refused(200, {"result": "2", "resultCode": "0100002", "resultDesc": "Invalid parameter"})
        if (
            not isinstance(ids, list)
            or len(ids) > 6000
            or not all(isinstance(i, int) and 101 <= i <= 59999 for i in ids)
        ):
            raise Refused(200, {"result": "2", "resultCode": "0100002", "resultDesc": "Invalid parameter"})
        talking = {call.soft_phone for call in self.calls.values() if call.state(request.now) in (1, 2)}
        states = []
        for agent_id in ids:
            agent = self.tenant.agent_by_work_no(agent_id)
            if agent is None:
                continue
            state = 5 if agent.sip_account in talking else agent.cti_state
            states.append(
                {
                    "prevState": 1,
                    "agentId": agent_id,
                    "logonTime": 4294967295000 if state == 0 else _ms(request.now - 3600),
                    "agentRelease": 0,
                    "locationId": 65535,
                    "currentPrivateCallNum": 0,
                    "currentStateTime": 60,
                    "currentStateReason": 65535,
                    "prevStateTime": 4294967295,
                    "currentState": state,
                }
            )
        return {"result": "0", "resultCode": "0100000", "resultDatas": states, "resultDesc": states}

    # -- CC-FS 13.2.1.1 ---------------------------------------------------------------------------

    def record_file_url(self, request: SimRequest) -> dict[str, Any]:
        body = request.json_object()
        call_id = body.get("callId")
        if not isinstance(call_id, str) or not 1 <= len(call_id) <= 25:
            raise Refused(200, {"resultCode": "0300003", "resultDesc": "The length of callId is too long."})
        version = body.get("version")
        if version not in (None, "2.0"):
            raise Refused(200, {"resultCode": "0300006", "resultDesc": "The value of version is error."})
        zone = self.zone if version == "2.0" else dt.UTC
        try:
            begin, end = (
                dt.datetime.strptime(str(body.get(key)), "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
                for key in ("beginTime", "endTime")
            )
        except ValueError:
            raise Refused(
                200, {"resultCode": "0300004", "resultDesc": "The format of beginTime is incorrect."}
            ) from None
        if begin > end:
            raise Refused(
                200, {"resultCode": "0300013", "resultDesc": "The beginTime cannot be later than the endTime."}
            )
        if end - begin > MAX_RECORDING_WINDOW:
            raise Refused(200, {"resultCode": "0300014", "resultDesc": "The maximum duration is 3 days."})
        if begin.timestamp() > request.now:
            raise Refused(
                200, {"resultCode": "0300016", "resultDesc": "The value of beginTime is greater than current time."}
            )
        found = self.outbound.find_attempt(call_id, request.now)
        if found is None or found[1].answered is None or not begin.timestamp() <= found[1].started <= end.timestamp():
            raise Refused(200, {"resultCode": "0300012", "resultDesc": "No data found."})
        return {"resultData": {"url": _recording_url(call_id, request.now)}, "resultCode": "0", "resultDesc": "success"}
