"""The simulated vendor's failure answers, and faults a test can inject.

A failure is answered the way the V6 envelope suggests: it copies Kubernetes' `Status` object
(`apiVersion`, `kind`, `status`, `message`, `reason`, `code`), in which a failure has `status`
"Failure" and `code` equal to the HTTP status it is sent with. The document shows no failure
answer; this reading is an inference (notes-other-vendors.md §1.5), and the adapter reads both
`code` and `retCode`, so it does not depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REASONS = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "AlreadyExists",
    415: "UnsupportedMediaType",
    503: "ServiceUnavailable",
}


class SobotFault(Exception):
    """An error answer: HTTP `status` with a failure envelope; `ret_code` when Sobot's open
    platform has a code for it (notes §1.5: 900001 token empty, 900003 signature, 900004 app)."""

    def __init__(self, status: int, message: str, *, ret_code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = REASONS.get(status, "Failure")
        self.ret_code = ret_code


def bad_request(message: str) -> SobotFault:
    return SobotFault(400, message)


@dataclass
class InjectedFault:
    """Answer HTTP `status` to the next `times` requests whose path ends with `path`; when
    `after_processing`, the request takes effect first (a lost answer), else it does not."""

    path: str
    status: int
    times: int = 1
    after_processing: bool = True


@dataclass
class Faults:
    planned: list[InjectedFault] = field(default_factory=list)

    def inject(self, path: str, status: int = 503, *, times: int = 1, after_processing: bool = True) -> None:
        self.planned.append(InjectedFault(path, status, times, after_processing))

    def take(self, path: str) -> InjectedFault | None:
        for fault in self.planned:
            if path.endswith(fault.path) and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.planned.remove(fault)
                return fault
        return None
