"""Between neutral E.164 numbers and the local formats vendors expect."""

from __future__ import annotations

import phonenumbers


def national_number(e164: str, region: str) -> str | None:
    """The national significant number when `e164` belongs to `region` (e.g. 'CN'), else None."""
    parsed = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(parsed) != region:
        return None
    return phonenumbers.national_significant_number(parsed)


def to_e164(number: str, region: str) -> str:
    """Best-effort E.164 for a number a vendor reports in its local format; raw when unparseable."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
