"""The README keeps its promises: the two commands, CI calling the same one, a fresh matrix."""

from __future__ import annotations

from pathlib import Path

from adapters.registry import AdapterRegistry
from gateway.matrix import render, replace_block

ROOT = Path(__file__).resolve().parent.parent


def test_readme_opens_with_the_two_commands_and_ci_uses_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in opening.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line.startswith("make ")] == ["make test"]


def test_capability_matrix_is_generated_from_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = render(AdapterRegistry.from_entry_points().available())
    assert replace_block(readme, block) == readme, "run `make matrix`"
