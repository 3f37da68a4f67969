"""The README leads and the docs hold the rest: short, and no link that goes nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kembar.api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a Markdown page's headings."""
    anchors = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            text = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return anchors


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue  # http://, mailto:
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: {target} goes nowhere"
        if anchor:
            assert anchor in _anchors(resolved), f"{page.name}: no heading #{anchor} in {path}"


def test_the_readme_leads_in_at_most_250_lines() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    assert lines[3:5] == ["make run    # set up .venv, install, serve the embedded graph on http://127.0.0.1:8000",
                          "make test   # set up, then ruff, mypy --strict and the whole test suite"]  # fmt: skip


def test_every_setting_is_documented() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`KEMBAR_{name.upper()}`" in operations, name


def test_the_security_table_in_the_docs_matches_the_ontology() -> None:
    from kembar.graph.store import KembarStore

    text = (ROOT / "docs" / "research.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in text.splitlines()
            if line.startswith("| `") and not line.startswith("| `1") and ".rq`" not in line}  # fmt: skip
    store = KembarStore()
    fields = store.select(
        "SELECT ?code (COUNT(DISTINCT ?s) AS ?n) WHERE { ?f a kmb:CooperationField ; "
        "skos:notation ?code OPTIONAL { ?f kmb:mapsToSector ?s } } GROUP BY ?code"
    )
    assert {f["code"] for f in fields} == set(rows)
    for field in fields:
        sectors = rows[field["code"]].split("|")[3]
        assert sectors.count("sector") == int(field["n"]), field["code"]
