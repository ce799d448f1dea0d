"""The simulated vendor's callbacks, POSTed for real to the URLs its batches were given.

- Each finished call of a batch with a `notifyUrl` is reported there (one POST per call).
- A batch created with a `notifyBatchUrl` reports its counts there once (accepted, added, refused).
- Delivery follows the lineage server (notes-other-vendors.md §3.5): attempts after 0, 300, 300,
  3600 and 3600 seconds, then the report is dropped; only a failed connection (or a timeout)
  counts as a failure - any HTTP answer, even an error, ends the report and its body is ignored.

Two styles (§3.7): `sdk` (default) - the envelope `{"msg","code":"0","success":true,"sign","body":{}}`
with the call detail of the vendor SDK's examples, signed over the body's fields; `lineage` - the
2019 server's `{"code":0,"msg":"处理成功","success":0,"body":"<JSON string>","sign"}` with its
PlanCallResultVo / DispatchPlanBatchAddRes bodies, signed over the envelope. The signature is the
simulator's own (auth.vendor_signature), not the adapter's.

Queueing, sending and the demo-mode loop are adapters.simulated_callbacks'.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from adapters.flashai.simulator.auth import vendor_signature
from adapters.flashai.simulator.dialler import Attempt, Batch, PlannedNumber
from adapters.flashai.simulator.vendor import FlashAIVendor
from adapters.simulated_callbacks import CallbackSender

STYLES: Final = ("sdk", "lineage")


def _ms(moment: float | None) -> int | None:
    return None if moment is None else round(moment * 1000)


@dataclass(kw_only=True)
class FlashAINotifier(CallbackSender):
    name: ClassVar[str] = "flashai"
    content_type: ClassVar[str] = "application/json;charset=UTF-8"
    retry_delays: ClassVar[tuple[float, ...]] = (0.0, 300.0, 300.0, 3600.0, 3600.0)  # the lineage server's EXCUTE_TIME

    vendor: FlashAIVendor
    style: str = "sdk"
    _reported: set[tuple[int, str, int, int]] = field(default_factory=set)
    _counted: set[tuple[int, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"style is one of {', '.join(STYLES)}")

    # -- what there is to report ----------------------------------------------------------------

    def collect(self, now: float) -> None:
        for (user_id, name), batch in self.vendor.batches.items():
            self.vendor.dialler.advance(batch, now)
            if batch.notify_batch_url and (user_id, name) not in self._counted:
                self._counted.add((user_id, name))
                self._queue("batch", batch.notify_batch_url, self._batch_body(batch), batch, now)
            if not batch.notify_url:
                continue
            for number in batch.numbers:
                for index, attempt in enumerate(number.attempts):
                    key = (user_id, name, number.seq, index)
                    if attempt.ended <= now and key not in self._reported:
                        self._reported.add(key)
                        self._queue("result", batch.notify_url, self._result_body(batch, number, attempt), batch, now)

    def received(self, status: int, body: bytes) -> bool:  # noqa: ARG002 - the answer does not matter
        return True  # any HTTP answer ends the report (notes §3.5)

    def _queue(self, kind: str, url: str, body: dict[str, Any], batch: Batch, now: float) -> None:
        self.enqueue(kind, url, self._envelope(body, batch.client_secret), now)

    def _envelope(self, body: dict[str, Any], secret: str) -> dict[str, Any]:
        if self.style == "sdk":
            return {
                "msg": "SUCCESS",
                "code": "0",
                "success": True,
                "sign": vendor_signature(body, secret),
                "body": body,
            }
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        envelope: dict[str, Any] = {"code": 0, "msg": "处理成功", "success": 0, "body": text}
        return envelope | {"sign": vendor_signature(envelope, secret)}

    def _result_body(self, batch: Batch, number: PlannedNumber, attempt: Attempt) -> dict[str, Any]:
        if self.style == "lineage":  # PlanCallResultVo; params has "|" replaced by "~"
            return {
                "batchName": batch.name,
                "phone": number.phone,
                "attach": number.attach,
                "params": number.params.replace("|", "~"),
                "custName": number.cust_name,
                "custCompany": number.cust_company,
                "result": attempt.intent,
            }
        body: dict[str, Any] = {  # CallDetail, as in the SDK's planCallback example
            "accurateIntent": attempt.intent,
            "batchName": batch.name,
            "billSec": attempt.duration if attempt.answered else 0,
            "callStartTime": _ms(attempt.started),
            "duration": attempt.duration,
            "handupTime": _ms(attempt.ended),
            "hangupDirection": 2 if attempt.answered else 1,
            "phoneNo": number.phone,
            "reason": "" if attempt.answered else attempt.note,
            "remarks": number.attach,
        }
        if attempt.answered is not None:
            body["answerTime"] = _ms(attempt.answered)
        if attempt.exchanges:  # the SDK's callback parser splits by "|" and "^"
            body["detailList"] = "|".join(
                "^".join(
                    (
                        e.bot_text,
                        self.vendor.format_time(e.bot_at),
                        e.customer_text,
                        self.vendor.format_time(e.customer_at),
                    )
                )
                for e in attempt.exchanges
            )
        return body

    def _batch_body(self, batch: Batch) -> dict[str, Any]:
        accepted, ended, planned = batch.counts(batch.created_at)
        body: dict[str, Any] = {
            "batchName": batch.name,
            "acceptCount": accepted + len(batch.refused),
            "successCount": accepted,
            "failCount": len(batch.refused),
            "failList": "|".join(batch.refused),
        }
        if self.style == "sdk":
            body |= {"endCount": ended, "planCount": planned}
        return body
