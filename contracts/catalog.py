"""Read-only catalogues a campaign refers to: scripts (bots, IVR flows) and caller ids (lines)."""

from __future__ import annotations

import msgspec

from contracts._base import Resource
from contracts.ids import CallerIdId, ScriptId


class ScriptVariable(Resource):
    name: str
    position: int | None = None
    type: str | None = None


class Script(Resource):
    id: ScriptId
    name: str
    kind: str | None = None
    variables: list[ScriptVariable] = msgspec.field(default_factory=list)


class CallerId(Resource):
    id: CallerIdId
    number: str | None = None
    name: str | None = None
    kind: str | None = None
