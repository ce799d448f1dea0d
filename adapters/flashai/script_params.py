"""queryPlanParams' parameter list: the script variables, and the positions mobileList fills.

flashai-saas-api.md ("Obtaining User's Script Parameter Variables", l. 303-341): the body's
`paramSeqLsit` (sic) is "paramName^seq^paramType", items joined by "|". The request names no
script, so the list is the account's: the adapter reports it under every script. mobileList's
params ("Parameter 1- Parameter 2- Parameter 3", "Adding Outbound Call") are positional, and `seq`
is the position a parameter takes there (1-based).
"""

from __future__ import annotations

from typing import Final

from adapters.flashai.delimited import PARAM_SEQ_LIST, Record
from adapters.flashai.wire import UnreadableAnswer
from contracts.catalog import ScriptVariable

# Name at each params position (index 0 is seq 1); None where the list leaves a position out.
ParameterOrder = tuple[str | None, ...]

# A sanity bound: a vendor answer asking for thousands of positions is not a parameter list.
MAX_POSITION: Final = 200


def _read(text: str | None) -> list[tuple[int, Record]]:
    rows: list[tuple[int, Record]] = []
    for record in PARAM_SEQ_LIST.decode(text):
        name, seq = record["paramName"].strip(), record["seq"].strip()
        if not name:
            raise UnreadableAnswer("a paramSeqLsit item has no paramName")
        if not seq.isdigit() or not 1 <= int(seq) <= MAX_POSITION:
            raise UnreadableAnswer(f"paramSeqLsit gives {name!r} the position {seq!r}")
        rows.append((int(seq), record))
    positions = [seq for seq, _ in rows]
    if len(set(positions)) != len(positions):
        raise UnreadableAnswer("paramSeqLsit gives two parameters the same position")
    names = [record["paramName"].strip() for _, record in rows]
    if len(set(names)) != len(names):
        raise UnreadableAnswer("paramSeqLsit names a parameter twice")
    return sorted(rows, key=lambda row: row[0])


def parameter_order(text: str | None) -> ParameterOrder:
    """The parameter name at each params position; gaps in `seq` are empty positions."""
    rows = _read(text)
    if not rows:
        return ()
    order: list[str | None] = [None] * rows[-1][0]
    for seq, record in rows:
        order[seq - 1] = record["paramName"].strip()
    return tuple(order)


def script_variables(text: str | None) -> list[ScriptVariable]:
    """The parameters as neutral script variables, in position order."""
    return [
        ScriptVariable(name=record["paramName"].strip(), position=seq, type=record["paramType"].strip() or None)
        for seq, record in _read(text)
    ]
