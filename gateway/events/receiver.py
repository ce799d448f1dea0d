"""`POST /callbacks/{account}/{secret}`: where vendors deliver their callbacks.

The secret is an unguessable segment of the URL, because most vendors sign nothing. So that it
never reaches an access log line, a span or a problem document, `CallbackSecretInPath` (the
outermost ASGI layer) moves it out of the path before anything else sees the request: the rest of
the gateway - routing, spans, logs - sees `POST /callbacks/{account}`.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from contracts.errors import ErrorCode, GatewayError
from gateway.events.settings import CALLBACK_PATH
from gateway.runtime import Runtime

SECRET_STATE: Final = "callback_secret"  # noqa: S105 - the name of a state key
_PREFIX: Final = CALLBACK_PATH + "/"


class CallbackSecretInPath:
    """ASGI wrapper: `/callbacks/{account}/{secret}` -> path `/callbacks/{account}`, secret in the
    request state. A callback path of any other shape loses everything after the account too."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(_PREFIX):
            account, _, secret = scope["path"][len(_PREFIX) :].partition("/")
            state = dict(scope.get("state") or {})
            if secret and "/" not in secret:
                state[SECRET_STATE] = secret
            path = _PREFIX + (account or "-")
            scope = {**scope, "path": path, "raw_path": path.encode("ascii", "replace"), "state": state}
        await self.app(scope, receive, send)


@post(CALLBACK_PATH + "/{account:str}", include_in_schema=False, status_code=200)
async def receive_callback(
    request: Request[Any, Any, Any], account: FromPath[str], runtime: NamedDependency[Runtime]
) -> Response[bytes]:
    events = runtime.events
    if events is None:  # no event path configured: the route does not exist
        raise GatewayError(ErrorCode.NOT_FOUND, f"no route POST {request.url.path}")
    body = await request.body()
    headers = {name.lower(): value for name, value in request.headers.items()}
    secret = request.scope.get("state", {}).get(SECRET_STATE)
    ack = await events.intake.receive(account, secret, body, headers, path=request.url.path)
    return Response(ack.body, status_code=ack.status, media_type=ack.media_type)
