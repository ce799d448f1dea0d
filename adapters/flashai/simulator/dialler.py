"""The simulated vendor's batches and how their numbers get dialled as simulated time passes.

A running batch dials its pending numbers one at a time, one dial per `interval` seconds, on or
after its callDate and only within its callHour hours in the vendor's zone (demo mode ignores both
so that a demo at any hour shows progress). Progress is computed lazily: every request first
advances the batch to the clock's "now". Outcomes are deterministic per (phone, attempt), so a test
can predict them and a demo looks the same every time.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import heapq
import math
import zoneinfo
from dataclasses import dataclass, field
from typing import Final

UNREACHED_TAG: Final = "W"  # the intent tag of a call nobody answered (the tag recallParams' example re-dials)
_INTENTS: Final = "ABCDEF"
_BOT_LINES: Final = (
    "您好，这里是闪呼智能客服，打扰您一分钟。",
    "我们近期有一项优惠活动，请问您感兴趣吗？",
    "好的，稍后会有专人与您联系。",
    "感谢您的接听，祝您生活愉快，再见。",
)
_CUSTOMER_LINES: Final = ("喂，你好。", "嗯，你说。", "可以，发我看看。", "好的，谢谢。", "现在不方便。")


class BatchState(enum.StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Exchange:
    """One detailList entry: what the bot said and what the customer answered, with times."""

    bot_text: str
    bot_at: float
    customer_text: str
    customer_at: float


@dataclass(frozen=True)
class Attempt:
    started: float
    answered: float | None
    ended: float
    duration: int
    intent: str
    note: str
    exchanges: tuple[Exchange, ...] = ()


@dataclass
class PlannedNumber:
    seq: int
    phone: str
    attach: str
    params: str
    cust_name: str
    cust_company: str
    line_id: int
    attempts: list[Attempt] = field(default_factory=list)
    # When the number may next be dialled; None once no further dial will happen.
    next_dial: float | None = 0.0

    def ended(self, now: float) -> bool:
        """Called at least once, its last call over, and no re-dial to come."""
        return self.next_dial is None and bool(self.attempts) and self.attempts[-1].ended <= now

    def planned(self, now: float) -> bool:
        """Still to be dialled, waiting for a re-dial, or on a call right now."""
        return self.next_dial is not None or (bool(self.attempts) and self.attempts[-1].ended > now)

    def last_finished(self, now: float) -> Attempt | None:
        finished = [attempt for attempt in self.attempts if attempt.ended <= now]
        return finished[-1] if finished else None


@dataclass(frozen=True)
class AgentTask:
    """What makes a batch agent-assisted (addAgentPlan): its group, its agent, whether it dials.

    `direct` is callType 1 ("direct outbound call"): the dialler calls the numbers and hands the
    answered ones to the agent. With callType 0 the numbers wait for the agent to dial them by
    hand, which the simulator does not model: they stay planned.
    """

    group_id: str
    agent_id: str
    direct: bool


@dataclass
class Batch:
    name: str
    user_id: int
    botence_id: str
    call_date: dt.date
    call_hours: frozenset[int]
    line_ids: tuple[int, ...]
    recall_times: int
    recall_interval: float  # seconds
    recall_tag: str
    numbers: list[PlannedNumber]
    created_at: float
    agent_task: AgentTask | None = None
    state: BatchState = BatchState.RUNNING
    # Where results go (addPlan/addAgentPlan notifyUrl, addPlan notifyBatchUrl), signed with the
    # creating client's secret; `refused` keeps the mobileList items refused at creation.
    notify_url: str | None = None
    notify_batch_url: str | None = None
    client_secret: str = ""
    refused: tuple[str, ...] = ()
    cursor: float = 0.0  # no dial before this instant (the last dial plus the interval)
    _queue: list[tuple[float, int]] = field(default_factory=list)
    _by_seq: dict[int, PlannedNumber] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cursor = self.created_at
        planned, self.numbers = self.numbers, []
        self.add(planned, self.created_at)

    @property
    def next_seq(self) -> int:
        return max(self._by_seq, default=-1) + 1

    def add(self, numbers: list[PlannedNumber], now: float) -> None:
        """Numbers join the batch and are due at once (within its hours)."""
        for number in numbers:
            number.next_dial = now
            self.numbers.append(number)
            self._by_seq[number.seq] = number
            heapq.heappush(self._queue, (now, number.seq))

    def number(self, phone: str) -> PlannedNumber | None:
        return next((number for number in self.numbers if number.phone == phone), None)

    def remove(self, phone: str) -> None:
        """The number leaves the batch: not dialled, not counted, not listed."""
        number = self.number(phone)
        if number is None:
            return
        self.numbers.remove(number)
        del self._by_seq[number.seq]
        self._queue = [(due, seq) for due, seq in self._queue if seq != number.seq]
        heapq.heapify(self._queue)

    def numbered(self, seq: int) -> PlannedNumber | None:
        return self._by_seq.get(seq)

    def counts(self, now: float) -> tuple[int, int, int]:
        """(acceptCount, endCount, planCount) at `now`."""
        ended = sum(number.ended(now) for number in self.numbers)
        planned = sum(number.planned(now) for number in self.numbers)
        return len(self.numbers), ended, planned

    def stop(self) -> None:
        """Stopped numbers are not dialled again; calls in progress run to their end."""
        self.state = BatchState.STOPPED
        for number in self.numbers:
            number.next_dial = None
        self._queue.clear()


class Dialler:
    def __init__(
        self, *, zone: zoneinfo.ZoneInfo, interval: float, honour_hours: bool, time_scale: float = 1.0
    ) -> None:
        self.zone = zone
        self.interval = interval
        self.honour_hours = honour_hours
        # Demo mode shortens every call so that results appear within seconds of wall time.
        self.time_scale = time_scale

    def advance(self, batch: Batch, now: float) -> None:
        """Dial everything a running batch would have dialled up to `now`."""
        if batch.state is not BatchState.RUNNING or (batch.agent_task is not None and not batch.agent_task.direct):
            return
        while batch._queue:
            due, seq = batch._queue[0]
            slot = self._next_slot(batch, max(batch.cursor, due))
            if slot > now:
                return
            heapq.heappop(batch._queue)
            number = batch.numbered(seq)
            if number is None:
                continue
            attempt = outcome(number.phone, len(number.attempts), slot, self.time_scale)
            number.attempts.append(attempt)
            if attempt.intent == batch.recall_tag and len(number.attempts) <= batch.recall_times:
                number.next_dial = attempt.ended + batch.recall_interval
                heapq.heappush(batch._queue, (number.next_dial, seq))
            else:
                number.next_dial = None
            batch.cursor = slot + self.interval

    def _next_slot(self, batch: Batch, moment: float) -> float:
        """The first instant from `moment` on at which the batch may dial (inf if never)."""
        if not self.honour_hours:
            return moment
        if not batch.call_hours:
            return math.inf
        for _ in range(24 * 2):  # within two days' hours a permitted hour always comes round
            local = dt.datetime.fromtimestamp(moment, self.zone)
            if local.date() < batch.call_date:
                moment = dt.datetime.combine(batch.call_date, dt.time(0), tzinfo=self.zone).timestamp()
                continue
            if local.hour in batch.call_hours:
                return moment
            moment = (local.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)).timestamp()
        return math.inf


def outcome(phone: str, attempt: int, started: float, scale: float = 1.0) -> Attempt:
    """What happens when `phone` is dialled for the `attempt`-th time (0-based): fixed by a hash.

    About 60 % answer (intent A-F, a dialogue of 2-4 turns), 25 % ring out, 15 % are busy. Every
    span of time is multiplied by `scale`.
    """
    digest = hashlib.sha256(f"{phone}#{attempt}".encode()).digest()
    roll = digest[0] % 100
    if roll >= 60:
        busy = roll >= 85
        ended = started + (3 if busy else 40) * scale
        return Attempt(started, None, ended, 0, UNREACHED_TAG, "占线" if busy else "无人接听")
    answered = started + (3 + digest[1] % 8) * scale
    exchanges = []
    for turn in range(1 + digest[2] % 2):  # one or two exchanges of bot and customer
        bot_at = answered + (1 + turn * 12) * scale
        exchanges.append(
            Exchange(
                bot_text=_BOT_LINES[turn],
                bot_at=bot_at,
                customer_text=_CUSTOMER_LINES[digest[3 + turn] % len(_CUSTOMER_LINES)],
                customer_at=bot_at + 6 * scale,
            )
        )
    talk = (len(exchanges) * 12 + 2) * scale
    duration = max(1, round(talk))
    intent = _INTENTS[digest[8] % len(_INTENTS)]
    return Attempt(started, answered, answered + talk, duration, intent, f"{intent}类意向", tuple(exchanges))
