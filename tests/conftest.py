from __future__ import annotations

import logging

# The httpx logger at INFO logs every request; tests don't need it.
logging.getLogger("httpx").setLevel(logging.WARNING)
