"""Vendor error-code tables: data, not code paths.

Each vendor package declares `ErrorTable(vendor, {code: ErrorRule(...)})`. A code the table does
not know becomes `vendor_rejected` and keeps the vendor's code and message for triage.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from contracts.errors import ErrorCode, GatewayError


class ErrorRule(NamedTuple):
    code: ErrorCode
    retryable: bool | None = None  # None: the neutral code's default
    meaning: str = ""  # what the vendor's document says the code means


class ErrorTable:
    def __init__(self, vendor: str, rules: Mapping[str, ErrorRule]) -> None:
        self.vendor = vendor
        self.rules = dict(rules)

    def rule(self, vendor_code: str) -> ErrorRule:
        return self.rules.get(vendor_code, ErrorRule(ErrorCode.VENDOR_REJECTED, meaning="not in the table"))

    def error(self, *, account: str, vendor_code: str, vendor_message: str | None, operation: str) -> GatewayError:
        rule = self.rule(vendor_code)
        meaning = rule.meaning or "unknown code"
        return GatewayError(
            rule.code,
            f"{self.vendor} refused {operation}: {meaning} (code {vendor_code})",
            retryable=rule.retryable,
            account=account,
            vendor=self.vendor,
            vendor_code=vendor_code,
            vendor_message=vendor_message,
        )
