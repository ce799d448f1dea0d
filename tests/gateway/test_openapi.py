"""The public contract: exactly the documented paths, OpenAPI 3.1, problems on every operation."""

from __future__ import annotations

from tests.support.gateway import gateway_client, reference_config

PUBLIC_PATHS = {
    "/healthz": {"get"},
    "/readyz": {"get"},
    "/v1/accounts": {"get"},
    "/v1/accounts/{account}": {"get"},
    "/v1/agents": {"get", "post"},
    "/v1/agents/{agent_id}": {"get", "patch", "delete"},
    "/v1/queues": {"get", "post"},
    "/v1/queues/{queue_id}": {"get", "patch", "delete"},
    "/v1/queues/{queue_id}/agents": {"get"},
    "/v1/queues/{queue_id}/agents/{agent_id}": {"put", "delete"},
    "/v1/campaigns": {"get", "post"},
    "/v1/campaigns/{campaign_id}": {"get", "patch", "delete"},
    "/v1/campaigns/{campaign_id}/start": {"post"},
    "/v1/campaigns/{campaign_id}/pause": {"post"},
    "/v1/campaigns/{campaign_id}/resume": {"post"},
    "/v1/campaigns/{campaign_id}/stop": {"post"},
    "/v1/campaigns/{campaign_id}/contacts": {"get", "post"},
    "/v1/campaigns/{campaign_id}/contacts/{phone}": {"delete"},
    "/v1/campaigns/{campaign_id}/stats": {"get"},
    "/v1/calls": {"get", "post"},
    "/v1/calls/{call_id}": {"get"},
    "/v1/calls/{call_id}/hangup": {"post"},
    "/v1/calls/{call_id}/recording": {"get"},
    "/v1/dnc": {"get", "post"},
    "/v1/dnc/{phone}": {"delete"},
    "/v1/scripts": {"get"},
    "/v1/caller-ids": {"get"},
    "/v1/events": {"get"},
    "/v1/events/deliveries": {"get"},
    "/v1/events/deliveries/{delivery_id}/retry": {"post"},
}
METHODS = {"get", "post", "put", "patch", "delete"}


async def test_openapi_document_lists_exactly_the_public_paths() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/schema/openapi.json", headers={"authorization": ""})
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    found = {path: {m for m in item if m in METHODS} for path, item in document["paths"].items()}
    assert found == PUBLIC_PATHS


async def test_every_v1_operation_documents_its_problems_and_security() -> None:
    async with gateway_client(reference_config()) as client:
        document = (await client.get("/schema/openapi.json")).json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for path, item in document["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method in METHODS & set(item):
            responses = item[method]["responses"]
            for status in ("401", "404", "422", "501", "502", "503"):
                problem = responses[status]["content"]["application/problem+json"]["schema"]
                assert problem == {"$ref": "#/components/schemas/Problem"}, (path, method, status)
            assert item[method]["security"] == [{"bearer": []}]


async def test_docs_ui_is_served() -> None:
    async with gateway_client(reference_config()) as client:
        response = await client.get("/schema/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
