"""The two locale options every vendor account has: its time zone and its numbers' phone region."""

from __future__ import annotations

import zoneinfo

import phonenumbers


def check_locale(*, zone_field: str, zone: str, phone_region: str) -> None:
    """Refuse (ValueError, naming the option) a time zone outside the IANA database or a region
    phonenumbers cannot format numbers for; `zone_field` is the option's name in that vendor."""
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"`{zone_field}`: {zone!r} is not an IANA time zone") from None
    if phone_region not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"`phone_region`: {phone_region!r} is not an ISO 3166 region phonenumbers knows")
