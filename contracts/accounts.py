"""What a caller may learn about the vendor accounts it can use."""

from __future__ import annotations

import msgspec

from contracts._base import Resource
from contracts.capabilities import Capability


class AccountInfo(Resource):
    name: str
    vendor: str
    vendor_name: str
    default: bool
    capabilities: list[Capability]
    unsupported: dict[str, str] = msgspec.field(default_factory=dict)
    dialling: list[Capability] = msgspec.field(default_factory=list)  # need the `dial` scope
