"""How the simulated agents work an outbound task as simulated time passes.

A task's details (its contacts) are dialled one at a time in import order, one dial every
`interval` seconds, from the task's planned start until its planned end (demo mode ignores the
plan, so that a demo shows progress at any hour). Progress is computed lazily: every request first
advances each task to the clock's "now". Outcomes are fixed by a hash of the number, so tests can
predict them and a demo looks the same every time: about 70 % answer and talk for 20-199 s.
"""

from __future__ import annotations

import hashlib

from adapters.sobot.simulator.state import Detail, Outcome, Task


class Dialler:
    def __init__(self, *, interval: float, honour_schedule: bool) -> None:
        self.interval = interval
        self.honour_schedule = honour_schedule

    def advance(self, task: Task, now: float) -> None:
        for detail in task.details:
            if detail.outcome is not Outcome.PENDING:
                continue
            slot = max(task.cursor, detail.imported_at)
            if self.honour_schedule:
                slot = max(slot, task.start_ms / 1000)
                if slot >= task.end_ms / 1000:
                    return
            if slot > now:
                return
            dial(detail, slot)
            task.cursor = slot + self.interval


def dial(detail: Detail, at: float) -> None:
    digest = hashlib.sha256(detail.telephone.encode()).digest()
    detail.dialled_at = at
    if digest[0] % 100 < 70:
        detail.outcome = Outcome.ANSWERED
        detail.talk_seconds = 20 + digest[1] % 180
    else:
        detail.outcome = Outcome.UNANSWERED
