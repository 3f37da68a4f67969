"""A page asks the workers once: each visit to a pool is a wait for a worker, and under
load each may last up to the contended share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/id/region/id/kota-bandung", "Braunschweig"),  # a region: its page and its figures
        ("/id/agreement/bandung-braunschweig", "1960"),  # an agreement: its page and its audit
        ("/explore", "Kembar"),  # the views, the figures and a claim
    ],
)
def test_a_page_is_one_visit_to_the_task_workers(
    shared_client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str, shows: str
) -> None:
    tasks = shared_client.app.state.runtime.tasks  # type: ignore[attr-defined]
    asked: list[str] = []
    real = tasks.acall

    async def counting(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        asked.append(function.__name__)
        return await real(function, *args, **kwargs)

    monkeypatch.setattr(tasks, "acall", counting)
    page = shared_client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and shows in page.text
    assert len(asked) == 1, asked
