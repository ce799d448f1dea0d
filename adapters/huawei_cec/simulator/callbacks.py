"""The simulated vendor's callbacks, POSTed for real (huawei-cec-2.5-api-reference.txt).

- 7.6.1: every finished attempt of a campaign is pushed to the campaign's `callbackUrl` as a JSON
  array (the attempts that finished since the last push go together). "After a request is received,
  the server needs to return a 200 response. Other responses indicate that the push fails. After a
  non-200 response is received, the server immediately pushes the result again ... If the push
  fails, the system pushes the result again 10 minutes later. Each call data record can be pushed
  for a maximum of six times": pushes after 0, 0, 600, 600, 600 and 600 seconds, then dropped.
- 6.2.14: bidirectional calls report to the URLs a tenant administrator set on the console
  (`Console`, which no API can set): "Connection Callback URL" when the customer answers, "Hang-up
  Callback URL" when the call is released. With a shared key on the console the release callback
  carries `timestamp`, `nonce` and `signature` (6.2.14.1's reference code, implemented here on its
  own). Huawei signs only URLs passed through createCall V1; the simulator signs the console's URL
  so that verification is exercised end to end. Their retries are not documented: the 7.6.1 policy.

Simulator's choice where the reference is silent: a push counts as failed unless the answer is
HTTP 200 with `retCode` "0" (Tables 6-399, 6-401, 7-294 define that body), so a receiver that
acknowledges wrongly is caught. Queueing, sending and the demo-mode loop are
adapters.simulated_callbacks'.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
from dataclasses import dataclass, field
from typing import Any, ClassVar

from adapters.huawei_cec.simulator.calls import BidirectionalCall
from adapters.huawei_cec.simulator.dialler import Attempt, DataRecord, SimCampaign
from adapters.huawei_cec.simulator.vendor import HuaweiVendor
from adapters.simulated_callbacks import CallbackSender


@dataclass
class Console:
    """Settings a tenant administrator makes on the AICC console (Configuration Center > Expansion
    Management > Bidirectional Call)."""

    release_callback_url: str | None = None
    connect_callback_url: str | None = None
    shared_key: str | None = None


def java_map_signature(params: dict[str, Any], key: str, timestamp: str, nonce: str) -> str:
    """6.2.14.1 as its Java prints it: TreeMap.toString(), spaces removed, braces cut off."""
    tree = (
        "{" + ", ".join(f"{name}={'null' if value is None else value}" for name, value in sorted(params.items())) + "}"
    )
    to_sign = f"{key}_{timestamp}_{nonce}_{tree.replace(' ', '')[1:-1]}"
    return base64.b64encode(hmac.new(key.encode(), to_sign.encode(), hashlib.sha256).digest()).decode()


@dataclass(kw_only=True)
class HuaweiNotifier(CallbackSender):
    name: ClassVar[str] = "huawei"
    retry_delays: ClassVar[tuple[float, ...]] = (0.0, 0.0, 600.0, 600.0, 600.0, 600.0)  # before push 1..6

    vendor: HuaweiVendor
    console: Console = field(default_factory=Console)
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _random: random.Random = field(default_factory=lambda: random.Random(1645524163))

    def collect(self, now: float) -> None:
        outbound = self.vendor.outbound
        outbound.advance(now)
        for campaign in outbound.campaigns.values():
            url = campaign.body.get("callbackUrl") or campaign.body.get("callBackUrl")
            finished = [
                (record, attempt)
                for record in campaign.records
                for attempt in record.attempts
                if attempt.ended <= now and self._first("result", attempt.call_id)
            ]
            if finished and isinstance(url, str):
                results = [self._result(campaign, record, attempt) for record, attempt in finished]
                self.enqueue("result", url, results, now)
        for call in self.vendor.calls.calls.values():
            connect, release = self.console.connect_callback_url, self.console.release_callback_url
            if connect and call.talking is not None and call.talking <= now and self._first("connected", call.serial):
                self.enqueue("connected", connect, self._connected(call), now)
            if release and call.released <= now and self._first("release", call.serial):
                self.enqueue("release", release, self._release(call, now), now)

    def _first(self, kind: str, key: str) -> bool:
        if (kind, key) in self._reported:
            return False
        self._reported.add((kind, key))
        return True

    def received(self, status: int, body: bytes) -> bool:
        return status == 200 and _acknowledged(body)

    def _result(self, campaign: SimCampaign, record: DataRecord, attempt: Attempt) -> dict[str, Any]:
        """One item of Table 7-293, shaped like the 7.6.1 example."""
        item: dict[str, Any] = {
            "campaignId": str(campaign.campaign_id),
            "sessionId": record.session_id,
            "called": attempt.number,
            "callTimeStr": self.vendor.outbound.format(attempt.started),
            "callStatus": 6 if attempt.succeeded else 5,
            "failCode": attempt.fail_code,
            "vdnId": self.vendor.outbound.vdn_id,
            "callId": attempt.call_id,
            "customField": record.custom_field,
        }
        return {name: value for name, value in item.items() if value is not None}

    def _agent(self, call: BidirectionalCall) -> str:
        agent = self.vendor.tenant.agent_by_softphone(call.soft_phone)
        return str(agent.work_no) if agent else ""

    def _time(self, moment: float) -> str:
        """ "2022/02/22,10:04:29:004" (6.2.14.3 example), in the vendor's zone."""
        local = dt.datetime.fromtimestamp(moment, self.vendor.outbound.zone)
        return local.strftime("%Y/%m/%d,%H:%M:%S:") + f"{local.microsecond // 1000:03d}"

    def _connected(self, call: BidirectionalCall) -> dict[str, Any]:
        return {
            "callSerialNo": call.serial,
            "serviceNo": self._agent(call),
            "called": call.called,
            "callData": call.call_data,
        }

    def _release(self, call: BidirectionalCall, now: float) -> dict[str, Any]:
        """Table 6-400; all values strings, as the table types them."""
        body: dict[str, Any] = {
            "callSerialNo": call.serial,
            "serviceNo": self._agent(call),
            "called": call.called,
            "caller": call.caller or call.soft_phone,
            "callerPresent": call.caller_present or "",
            "callData": call.call_data,
            "createCallTime": self._time(call.created),
            "alertingTime": self._time(call.alerting),
            "releaseTime": self._time(call.released),
            "talkDuration": str(round(call.released - call.talking)) if call.talking is not None else "0",
            "locationId": "0",
            "releaseReason": str(call.reason_code),
        }
        if call.talking is not None:
            body["talkingTime"] = self._time(call.talking)
            body["recordfile"] = f"Y:/2/mobileAgent/{self._time(call.created)[:10].replace('/', '')}/{call.serial}.wav"
        if key := self.console.shared_key:
            timestamp, nonce = str(round(now * 1000)), str(self._random.randint(-(2**63), 2**63 - 1))
            body |= {
                "timestamp": timestamp,
                "nonce": nonce,
                "signature": java_map_signature(body, key, timestamp, nonce),
            }
        return body


def _acknowledged(body: bytes) -> bool:
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    return isinstance(answer, dict) and str(answer.get("retCode")) == "0"
