"""Phone numbers in E.164, validated with Google's libphonenumber metadata (`phonenumbers`)."""

from __future__ import annotations

from typing import Annotated, Final

import msgspec
import phonenumbers

E164_PATTERN: Final = r"^\+[1-9][0-9]{6,14}$"

E164 = Annotated[
    str,
    msgspec.Meta(
        pattern=E164_PATTERN,
        description="Phone number in E.164 form: '+', country code, subscriber number, no spaces.",
        examples=["+8613800138000"],
    ),
]


def invalid_e164_reason(number: str) -> str | None:
    """Why `number` (already E.164-shaped) is not a dialable number, or None when it is."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException as exc:
        return f"not a phone number ({exc})"
    if not phonenumbers.is_valid_number(parsed):
        return f"{mask_phone(number)} is not a valid number for its country code"
    return None


def mask_phone(number: str) -> str:
    """Keep the country-and-operator prefix and the last four digits: `+86138****8000`."""
    digits = number.lstrip("+")
    if len(digits) <= 7:
        return "+" + "*" * len(digits) if number.startswith("+") else "*" * len(digits)
    prefix = "+" if number.startswith("+") else ""
    return (
        f"{prefix}{digits[:5]}{'*' * (len(digits) - 9)}{digits[-4:]}"
        if len(digits) > 9
        else (f"{prefix}{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}")
    )
