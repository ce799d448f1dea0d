"""The ASGI entry point for worker processes: `uvicorn --factory gateway.asgi:app_from_env`.

`switchboard serve --workers N` starts N of these; each reads the configuration named by
`SWITCHBOARD_CONFIG` (validated already by the parent, so a mistake never reaches a worker).
"""

from __future__ import annotations

import os

from litestar import Litestar

from gateway.app import create_app
from gateway.config import load_config
from gateway.observability.logs import configure_logging

CONFIG_ENV = "SWITCHBOARD_CONFIG"
LOG_LEVEL_ENV = "SWITCHBOARD_LOG_LEVEL"


def app_from_env() -> Litestar:
    configure_logging(os.environ.get(LOG_LEVEL_ENV, "INFO"))
    return create_app(load_config(os.environ[CONFIG_ENV]))
