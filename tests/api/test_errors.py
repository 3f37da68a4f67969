"""Each branch of the error family over HTTP: the status, problem JSON, no trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from kembar.api.main import create_app
from kembar.api.settings import Settings
from kembar.graph import errors

RAISES: dict[str, Exception] = {
    "syntax": errors.QuerySyntaxError("SPARQL syntax error at 1:7", 1, 7),
    "limit": errors.LimitError("the submission nests deeper than 20", "max_depth", 422),
    "conflict": errors.ConflictError("agreement exists"),
    "missing": errors.NotFoundError("no such agreement"),
    "client": errors.ClientError("bad"),
    "remote": errors.RemoteStoreError("the remote SPARQL store cannot be reached"),
    "disk": errors.StoreError("cannot open the store"),
    "busy": errors.WorkerBusyError("every worker stayed busy"),
    "timeout": errors.QueryTimeoutError("ran too long"),
    "unclassified": errors.KembarError("a bug"),
    "bug": RuntimeError("secret internal detail"),
}
EXPECTED = {
    "syntax": (400, "Malformed query"), "limit": (422, "Limit exceeded"),
    "conflict": (409, "Conflict"), "missing": (404, "Not found"), "client": (400, "Bad request"),
    "remote": (502, "Bad gateway"), "disk": (503, "Store unavailable"),
    "busy": (503, "Service unavailable"), "timeout": (503, "Service unavailable"),
    "unclassified": (500, "Internal server error"), "bug": (500, "Internal server error"),
}  # fmt: skip


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(Settings(store=None, query_workers=1, task_workers=1))
    router = APIRouter()

    @router.get("/test-raise/{name}")
    async def raise_it(name: str) -> None:
        raise RAISES[name]

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("name", sorted(RAISES))
def test_each_class_has_its_status(client: TestClient, name: str) -> None:
    answer = client.get(f"/test-raise/{name}")
    status, title = EXPECTED[name]
    assert (answer.status_code, answer.json()["title"]) == (status, title)
    assert answer.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in answer.text and "secret internal detail" not in answer.text
    if status == 503:
        assert int(answer.headers["retry-after"]) > 0
    if name == "syntax":
        assert (answer.json()["line"], answer.json()["column"]) == (1, 7)
    if name == "limit":
        assert answer.json()["limit"] == "max_depth"
