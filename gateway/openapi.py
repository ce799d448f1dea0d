"""OpenAPI polish that Litestar has no per-router setting for.

Every `/v1` operation can answer with the same problem+json documents; one handler declares
them (`routes._params.PROBLEMS`) and they are copied to all other `/v1` operations here, so the
published document lists every status a client (or schemathesis) can meet.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi.spec import OpenAPI, Operation

_METHODS = ("get", "put", "post", "delete", "patch")


def _operations(schema: OpenAPI, prefix: str) -> list[Operation]:
    found: list[Operation] = []
    for path, item in (schema.paths or {}).items():
        if path.startswith(prefix):
            found.extend(op for op in (getattr(item, method) for method in _METHODS) if op is not None)
    return found


def document_problems(app: Litestar, *, template_path: str = "/v1/accounts") -> None:
    schema = app.openapi_schema
    template = (schema.paths or {})[template_path].get
    if template is None or template.responses is None:
        raise LookupError(f"{template_path} declares no responses to copy")
    problems = {status: response for status, response in template.responses.items() if status[0] in "45"}
    for operation in _operations(schema, "/v1/"):
        responses = operation.responses if operation.responses is not None else {}
        for status, response in problems.items():
            responses.setdefault(status, response)
        operation.responses = responses
