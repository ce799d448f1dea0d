"""The simulated vendor's interfaces: which path (and method) reaches which handler.

All interface families are served by one app and told apart by path prefix, as the adapter's base
URL families append them (`/apiaccess/...` for C1, `/rest/isales/...`, `/rest/cmsapp/...` and
`/CCFS/...` for C2). Every C1 interface is a POST (chapter 5, 6.2); C2 methods are per interface.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from adapters.huawei_cec.simulator import config_agents, config_skills, isales_campaigns, isales_data
from adapters.huawei_cec.simulator.calls import CallCenter
from adapters.huawei_cec.simulator.outbound import Outbound
from adapters.huawei_cec.simulator.requests import Refused, SimRequest
from adapters.huawei_cec.simulator.state import Tenant

Route = Callable[["HuaweiVendor", SimRequest], Any]

CONFIG_PREFIX: Final = "/apiaccess/rest/cc-management/v1/"
MOBILE_AGENT: Final = "/apiaccess/CC-Management/"
ISALES: Final = r"/rest/isales/(?P<version>v[12])/openapi/campaigns/(?P<vdn>\d+)"


def _not_found(path: str) -> Refused:
    return Refused(404, {"status": 404, "error": "Not Found", "path": path})


def _method_not_allowed(path: str) -> Refused:
    return Refused(405, {"status": 405, "error": "Method Not Allowed", "path": path})


@dataclass(frozen=True)
class SignedRoute:
    method: str
    pattern: re.Pattern[str]
    version: str | None  # the interface's version (v1/v2) where the path carries one
    handler: Route


def _isales(method: str, version: str, tail: str, handler: Route) -> SignedRoute:
    return SignedRoute(method, re.compile(f"^{ISALES}{tail}$"), version, handler)


def _outbound(handler: Callable[[Outbound, SimRequest], Any]) -> Route:
    return lambda vendor, request: handler(vendor.outbound, request)


SIGNED_ROUTES: Final = (
    _isales("POST", "v2", "", _outbound(isales_campaigns.create_campaign)),
    _isales("GET", "v1", "", _outbound(isales_campaigns.list_campaigns)),
    _isales("GET", "v2", "/statistics", _outbound(isales_data.statistics)),
    _isales("POST", "v2", r"/calldata/(?P<campaign>\d+)", _outbound(isales_data.add_call_data)),
    _isales("POST", "v1", r"/calldata/(?P<campaign>\d+)/delete", _outbound(isales_data.delete_call_data)),
    _isales("POST", "v1", r"/callresult/(?P<campaign>\d+)", _outbound(isales_data.call_results)),
    _isales("GET", "v1", r"/callresultdetail/(?P<call>[0-9A-Za-z-]+)", _outbound(isales_data.call_result_detail)),
    _isales("POST", "v1", "/blocklist/add", _outbound(isales_data.add_blocklist)),
    _isales("POST", "v1", "/blocklist/delete", _outbound(isales_data.delete_blocklist)),
    _isales("POST", "v1", "/blocklist/query", _outbound(isales_data.query_blocklist)),
    _isales("PUT", "v2", r"/(?P<campaign>\d+)", _outbound(isales_campaigns.modify_campaign)),
    _isales("DELETE", "v1", r"/(?P<campaign>\d+)", _outbound(isales_campaigns.delete_campaign)),
    _isales("GET", "v1", r"/(?P<campaign>\d+)", _outbound(isales_campaigns.campaign_detail)),
    _isales("PUT", "v1", r"/(?P<campaign>\d+)/pause", _outbound(isales_campaigns.pause_campaign)),
    _isales("PUT", "v1", r"/(?P<campaign>\d+)/resume", _outbound(isales_campaigns.resume_campaign)),
    SignedRoute(
        "POST",
        re.compile(r"^/rest/cmsapp/v1/openapi/agentgroup/agentstatusinfobyagentids$"),
        None,
        lambda vendor, request: vendor.calls.agent_states(request),
    ),
    SignedRoute(
        "POST",
        re.compile(r"^/CCFS/resource/ccfs/getRecordFileUrlFromObs$"),
        None,
        lambda vendor, request: vendor.calls.record_file_url(request),
    ),
)

MOBILE_AGENT_ROUTES: Final[dict[str, Route]] = {
    "v3/mobileAgent/createCall": lambda vendor, request: vendor.calls.create_call(request),
    "v1/mobileAgent/queryCallState": lambda vendor, request: vendor.calls.call_state(request),
    "v1/mobileAgent/queryCallDetailRecord": lambda vendor, request: vendor.calls.call_records(request),
    "v1/mobileAgent/getRecordingAddress": lambda vendor, request: vendor.calls.recording_address(request),
}


class HuaweiVendor:
    """All vendor-side state and the dispatch of authenticated requests."""

    def __init__(self, *, tenant: Tenant, outbound: Outbound, calls: CallCenter) -> None:
        self.tenant: Tenant = tenant
        self.outbound: Outbound = outbound
        self.calls: CallCenter = calls

    def bearer_route(self, request: SimRequest) -> Any:
        """A C1 interface (the token was checked by the caller)."""
        path = request.raw_path
        if path.startswith(CONFIG_PREFIX):
            name = path[len(CONFIG_PREFIX) :]
            handler = config_agents.HANDLERS.get(name) or config_skills.HANDLERS.get(name)
            if handler is None:
                raise _not_found(path)
            if request.method != "POST":
                raise _method_not_allowed(path)
            return handler(self.tenant, request)
        route = MOBILE_AGENT_ROUTES.get(path[len(MOBILE_AGENT) :]) if path.startswith(MOBILE_AGENT) else None
        if route is None:
            raise _not_found(path)
        if request.method != "POST":
            raise _method_not_allowed(path)
        return route(self, request)

    def is_bearer_path(self, path: str) -> bool:
        return path.startswith("/apiaccess/")

    def is_signed_path(self, path: str) -> bool:
        return path.startswith(("/rest/isales/", "/rest/cmsapp/", "/CCFS/"))

    def signed_route(self, request: SimRequest) -> Any:
        """A C2 interface (the signature was checked by the caller)."""
        allowed = False
        for route in SIGNED_ROUTES:
            match = route.pattern.match(request.raw_path)
            if match is None or (route.version and match.groupdict().get("version") != route.version):
                continue
            if route.method != request.method:
                allowed = True
                continue
            params = {key: value for key, value in match.groupdict().items() if value is not None}
            return route.handler(self, dataclasses.replace(request, params=params))
        raise _method_not_allowed(request.raw_path) if allowed else _not_found(request.raw_path)
