"""The Litestar application factory."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx
from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.types import Message, Scope

from adapters.registry import AdapterRegistry
from contracts.errors import GatewayError
from gateway import __version__
from gateway.config import GatewayConfig
from gateway.events import receiver as event_receiver
from gateway.events import routes as event_routes
from gateway.idempotency import IdempotencyLayer
from gateway.observability.requests import REQUEST_ID_HEADER, ObservedRequests
from gateway.observability.telemetry import Telemetry
from gateway.openapi import document_problems
from gateway.problems import handle_gateway_error, handle_http_exception, handle_unexpected
from gateway.routes import agents, calls, campaigns, catalog, dnc, queues, system
from gateway.runtime import Runtime
from gateway.security import (
    Draining,
    HeaderLimit,
    admit,
    provide_gateway,
    provide_runtime,
)

API_DESCRIPTION = """One vendor-neutral API for contact-center work. Authenticate with
`Authorization: Bearer <key>`; pick an account other than your default with `Switchboard-Account`.
Errors are RFC 9457 problem+json documents with a stable `code`."""


def create_app(
    config: GatewayConfig,
    *,
    registry: AdapterRegistry | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    clocks: Mapping[str, Callable[[], float]] | None = None,
    telemetry: Telemetry | None = None,
) -> Litestar:
    """Build the gateway.

    Per account, `transports` replaces the network and `clocks` the wall clock: tests mount
    simulators in-process and move their time.
    """
    runtime = Runtime(config, registry or AdapterRegistry.from_entry_points(), transports, clocks, telemetry)
    api = Router(
        "/v1",
        route_handlers=[
            system.list_accounts,
            system.get_account,
            agents.router,
            queues.router,
            campaigns.router,
            calls.router,
            dnc.router,
            catalog.list_scripts,
            catalog.list_caller_ids,
            event_routes.router,
        ],
        before_request=admit,
        dependencies={"gw": Provide(provide_gateway, sync_to_thread=False)},
        security=[{"bearer": []}],
    )
    app = Litestar(
        route_handlers=[system.healthz, system.readyz, system.metrics, event_receiver.receive_callback, api],
        dependencies={"runtime": Provide(provide_runtime, sync_to_thread=False)},
        exception_handlers={
            GatewayError: handle_gateway_error,
            HTTPException: handle_http_exception,
            Exception: handle_unexpected,
        },
        state=State({"runtime": runtime}),
        on_startup=[runtime.start],
        on_shutdown=[runtime.stop],
        before_send=[_echo_request_id],
        request_max_body_size=config.server.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Switchboard",
            version=__version__,
            description=API_DESCRIPTION,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin(path="/"), ScalarRenderPlugin(path="/scalar")],
            components=Components(security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}),
        ),
        debug=False,
        logging_config=None,  # logging is ours (gateway.observability.logs): JSON lines, masked phones
    )
    document_problems(app)
    idempotent = IdempotencyLayer(
        app.asgi_handler, runtime, ttl=config.idempotency.ttl_seconds, wait=config.idempotency.wait_seconds
    )
    app.asgi_handler = event_receiver.CallbackSecretInPath(  # before anything logs the path
        ObservedRequests(
            HeaderLimit(Draining(idempotent, runtime), config.server.max_header_bytes),
            tracer=runtime.telemetry.tracer,
            metrics=runtime.telemetry.metrics,
        )
    )
    return app


async def _echo_request_id(message: Message, scope: Scope) -> None:
    if message["type"] == "http.response.start":
        value = scope.get("state", {}).get("request_id")
        if value:
            message.setdefault("headers", [])
            message["headers"] = [*message["headers"], (REQUEST_ID_HEADER.encode(), str(value).encode())]
