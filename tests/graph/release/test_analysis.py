"""The pandas analysis in docs/research.md runs as written, within ten lines, and prints
what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

#: A release is built from the whole store: seconds, so not in `make check`.
pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[3] / "docs" / "research.md"


def _block(text: str, name: str) -> str:
    found = re.search(
        rf"<!-- {name}:start -->\n```\w+\n(.*?)\n```\n<!-- {name}:end -->", text, re.DOTALL
    )
    assert found, f"no {name} block in {DOC.name}"
    return found.group(1)


def test_the_documented_analysis_prints_its_documented_output() -> None:
    text = DOC.read_text(encoding="utf-8")
    code, expected = _block(text, "analysis"), _block(text, "output")
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), {})  # noqa: S102 - the page's own code, as a reader runs it
    assert printed.getvalue().rstrip() == expected
    assert "id/provinsi-jawa-barat" in expected and "SocietalSector" in expected
