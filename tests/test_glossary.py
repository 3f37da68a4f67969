"""One Indonesian form per concept (docs/glossary.md): no text of Kembar uses a form the
glossary rules out, and every page text whose English is a glossary term uses its form."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from rdflib import DCTERMS, RDFS, SKOS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
#: Turtle whose Indonesian literals a person reads.
TURTLE = [*sorted((ROOT / "shapes").glob("*.ttl")), ROOT / "ontology" / "kembar.ttl",
          *(ROOT / "data" / n for n in ("rules.ttl", "law.ttl", "countries.ttl", "paper.ttl",
                                        "sources.ttl", "agreements.ttl", "provisions.ttl"))]  # fmt: skip
SYNONYMS = {SKOS.altLabel, SKOS.hiddenLabel}
TITLES = {RDFS.label, DCTERMS.title, URIRef("http://data.europa.eu/eli/ontology#title")}
#: A quotation (a title a text cites): its words are the quoted work's, not Kembar's.
QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def never() -> list[str]:
    section = GLOSSARY.split("## 9. Never on a page", 1)[1]
    return re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE)


def catalogue() -> dict[str, str]:
    path = ROOT / "api" / "locale" / "id" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        found = {}
        for m in read_po(handle):
            if m.id and m.string:
                text = m.string if isinstance(m.string, str) else m.string[0]
                found[m.id if isinstance(m.id, str) else m.id[0]] = text
        return found


def indonesian_texts() -> list[tuple[str, str]]:
    texts = [("messages.po", text) for text in catalogue().values()]
    for path in TURTLE:
        graph = Graph().parse(path, format="turtle")
        texts += [
            (path.name, str(o))
            for s, p, o in graph
            if isinstance(o, Literal)
            and o.language == "id"
            and p not in SYNONYMS
            and not (
                path.name in ("law.ttl", "sources.ttl") and p in TITLES
            )  # titles, as published
        ]
    for path in sorted((ROOT / "data" / "provisions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [(path.name, str(data["scope"]["id"]))]
        for item in data.get("provisions") or []:
            texts += [(path.name, str(item[k]["id"])) for k in ("requires", "why") if item.get(k)]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    return indonesian_texts()


def test_the_glossary_names_forms_never_used() -> None:
    assert len(never()) >= 15 and "surat pernyataan kehendak" in never()


@pytest.mark.parametrize("form", never())
def test_no_text_uses_a_form_the_glossary_rules_out(
    texts: list[tuple[str, str]], form: str
) -> None:
    pattern = re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", re.IGNORECASE)
    found = [(where, text[:100]) for where, text in texts if pattern.search(QUOTED.sub("", text))]
    assert found == [], form


def _forms(cell: str) -> list[str]:
    """The forms a glossary cell allows: its alternatives (``;``), a short form after ``in
    short:`` or ``in lists:``, without notes in brackets or emphasis."""
    plain = re.sub(r"\*|`|\(.*?\)", "", cell)
    return [part.split(":")[-1].strip() for part in plain.split(";") if part.strip()]


def _rows() -> list[tuple[str, list[str]]]:
    """(English, the Indonesian forms allowed) of each glossary row; a row that pairs terms
    with ``/`` (``supported / not supported``) gives one pair each."""
    rows = []
    for line in GLOSSARY.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            not line.startswith("|")
            or len(cells) < 4
            or set(cells[0]) <= {"-"}
            or cells[0] == "English"
        ):
            continue
        english, indonesian = (
            (cells[1], cells[2]) if cells[0].startswith("`") else (cells[0], cells[1])
        )
        english = re.sub(r"\*|`|\(.*?\)", "", english).strip()
        forms = _forms(indonesian)
        pairs = [p.strip() for p in english.split("/")]
        if len(pairs) > 1 and forms and len(forms[0].split("/")) == len(pairs):
            rows += [(e, [f.strip()]) for e, f in zip(pairs, forms[0].split("/"), strict=True)]
        elif english and forms and not any("," in f for f in forms):  # not a list of terms
            rows.append((english, [a.strip() for f in forms for a in f.split("/")]))
    return rows


def test_a_page_text_that_is_a_glossary_term_uses_its_form() -> None:
    # the same concept, written in English as a glossary term, reads as the glossary's form
    pages = {english.lower(): text for english, text in catalogue().items()}
    checked, wrong = 0, []
    for english, forms in _rows():
        text = pages.get(english.lower())
        if text is None:
            continue
        checked += 1
        if not any(form.lower() in text.lower() for form in forms):
            wrong.append((english, forms, text))
    assert checked >= 20 and wrong == []
