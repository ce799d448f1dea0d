"""The two renders most tests read: the chart's defaults and the production example."""

from __future__ import annotations

import pytest

from tests.deploy.chart import Manifest, production_values, render


@pytest.fixture(scope="session")
def default_render() -> list[Manifest]:
    return render()


@pytest.fixture(scope="session")
def production_render() -> list[Manifest]:
    return render(production_values())
