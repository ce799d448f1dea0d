"""Switchboard's gateway: the Litestar app, configuration, routing and cross-cutting concerns.

It reaches vendors only through `adapters.base` and `adapters.registry`.
"""

__version__ = "0.1.0"
