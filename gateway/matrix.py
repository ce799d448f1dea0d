"""The README's capability matrix, generated from the adapters' own declarations.

`python -m gateway.matrix` prints it; `--write README.md` replaces the block between the
markers; `--check README.md` exits 1 when the README is out of date (CI runs it via the tests).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from adapters.base import AdapterBase
from adapters.registry import AdapterRegistry
from contracts.capabilities import Capability

START = "<!-- capability-matrix:start -->"
END = "<!-- capability-matrix:end -->"
FAMILIES = ("agents", "queues", "campaigns", "calls", "dnc", "scripts", "caller_ids")


def _operation(capability: Capability) -> str:
    return capability.value.split(".", 1)[1]


def render(adapters: dict[str, type[AdapterBase[Any]]]) -> str:
    header = "| vendor | " + " | ".join(FAMILIES) + " |"
    lines = [header, "|" + "---|" * (len(FAMILIES) + 1)]
    for vendor, adapter in sorted(adapters.items()):
        cells = []
        for family in FAMILIES:
            supported = [_operation(c) for c in Capability if c.family == family and c in adapter.capabilities]
            cells.append(", ".join(supported) if supported else "—")
        lines.append(f"| {adapter.display_name} (`{vendor}`) | " + " | ".join(cells) + " |")
    details = ["", "<details><summary>Why an operation is unsupported, per vendor</summary>", ""]
    for vendor, adapter in sorted(adapters.items()):
        details.append(f"**{adapter.display_name}** (`{vendor}`)")
        details.append("")
        for capability in Capability:
            if capability not in adapter.capabilities:
                reason = adapter.unsupported_reasons.get(capability, "not offered by the vendor's API")
                details.append(f"- `{capability.value}` — {reason}")
        details.append("")
    details.append("</details>")
    return "\n".join([START, *lines, *details, END])


def replace_block(text: str, block: str) -> str:
    before, found, rest = text.partition(START)
    if not found:
        raise ValueError(f"no {START} marker")
    _, found, after = rest.partition(END)
    if not found:
        raise ValueError(f"no {END} marker")
    return before + block + after


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.matrix", description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, help="rewrite the matrix block in this file")
    group.add_argument("--check", type=Path, help="fail when this file's matrix block is out of date")
    args = parser.parse_args(argv)
    block = render(AdapterRegistry.from_entry_points().available())
    if args.write:
        args.write.write_text(replace_block(args.write.read_text(encoding="utf-8"), block), encoding="utf-8")
    elif args.check:
        text = args.check.read_text(encoding="utf-8")
        if replace_block(text, block) != text:
            print(f"{args.check}: capability matrix is out of date; run `make matrix`", file=sys.stderr)
            return 1
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
