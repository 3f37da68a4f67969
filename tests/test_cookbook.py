"""``docs/cookbook.md``: every recipe's query runs and gives the answer written under it.

The queries and their questions are package files (``api/web/cookbook/NN.rq``, the query
editor's examples); the cookbook shows each with its answer. After a query or the data
changes on purpose, ``python tests/test_cookbook.py --write`` rewrites the cookbook's
queries and answers from them; the diff then shows what changed for a reader.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from kembar.api.web.examples import examples
from kembar.graph.analytics.network import register_functions
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from rdflib import Dataset, Graph
from rdflib.namespace import NamespaceManager

COOKBOOK = Path(__file__).resolve().parents[1] / "docs" / "cookbook.md"
SHOWN = 10  # rows an answer shows
_RECIPE = re.compile(r"^## (\d+)\. (.+?)$\n(.*?)(?=^## \d+\. |\Z)", re.DOTALL | re.MULTILINE)
_QUERY = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
_ANSWER = re.compile(r"\n<!-- answer -->\n.*?<!-- /answer -->\n", re.DOTALL)


@dataclass(frozen=True)
class Recipe:
    number: int
    question: str
    body: str

    @property
    def query(self) -> str:
        found = _QUERY.search(self.body)
        assert found, f"recipe {self.number} has no sparql block"
        return found[1]

    @property
    def documented(self) -> str | None:
        found = _ANSWER.search(self.body)
        return found[0] if found else None


def recipes(text: str) -> list[Recipe]:
    return [Recipe(int(m[1]), m[2], m[3]) for m in _RECIPE.finditer(text)]


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        for prefix, base in sorted(ids.PREFIXES.items(), key=lambda kv: -len(kv[1])):
            local = term.value[len(base) :]
            if term.value.startswith(base) and re.fullmatch(r"[\w.-]*", local):
                return f"{prefix}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return "" if term is None else str(term)


def answer(store: KembarStore, query: str) -> str:
    """The answer as the cookbook shows it: a table of the first rows and the row count."""
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    columns = [v.value for v in result.variables]
    rows = [[_term(row[c]).replace("|", "\\|") for c in columns] for row in result]
    lines = ["", "<!-- answer -->", "| " + " | ".join(columns) + " |",
             "|" + "---|" * len(columns)]  # fmt: skip
    lines += ["| " + " | ".join(r) + " |" for r in rows[:SHOWN]]
    more = f", the first {SHOWN} shown" if len(rows) > SHOWN else ""
    lines += [
        "",
        f"*{len(rows)} row{'s' if len(rows) != 1 else ''}{more}.*",
        "<!-- /answer -->",
        "",
    ]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def cookbook_store() -> KembarStore:
    store = KembarStore()
    register_functions(store)
    return store


ALL = recipes(COOKBOOK.read_text(encoding="utf-8"))


def test_the_cookbook_has_its_recipes() -> None:
    assert len(ALL) >= 20 and [r.number for r in ALL] == list(range(1, len(ALL) + 1))
    for recipe in ALL:  # each asks in English with the Indonesian question beside it
        assert re.search(r"^\*.+\?\*$", recipe.body, re.MULTILINE), recipe.number
        assert "ORDER BY" in recipe.query, f"recipe {recipe.number}: answers must be ordered"


def test_the_cookbook_shows_the_packaged_queries() -> None:
    packaged = examples()
    assert [e["number"] for e in packaged] == [r.number for r in ALL]
    for example, recipe in zip(packaged, ALL, strict=True):
        assert example["title"]["en"] == recipe.question, recipe.number
        assert f"*{example['title']['id']}*" in recipe.body, recipe.number
        assert example["query"] == recipe.query, f"recipe {recipe.number}: run --write"


@pytest.mark.parametrize("recipe", ALL, ids=[f"{r.number}" for r in ALL])
def test_each_recipe_gives_the_answer_it_shows(cookbook_store: KembarStore, recipe: Recipe) -> None:
    found = answer(cookbook_store, examples()[recipe.number - 1]["query"])
    assert "*0 rows.*" not in found, f"recipe {recipe.number} answers nothing"
    assert recipe.documented == found, f"recipe {recipe.number}: run tests/test_cookbook.py --write"


def test_some_answers_mean_what_they_say(cookbook_store: KembarStore) -> None:
    partners = answer(cookbook_store, ALL[0].query)
    assert "| Braunschweig | 1960-05-24 |" in partners
    uncovered = int(re.search(r"\*(\d+) rows", answer(cookbook_store, ALL[11].query))[1])  # type: ignore[index]
    (row,) = cookbook_store.select(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?a kmb:party ?x , ?y . ?y kmb:country ?c "
        "FILTER (?c != country:id) { ?x kmb:province ?p } UNION { ?x kmb:adminLevel kmb:Provinsi "
        "; kmb:country country:id BIND (?x AS ?p) } }"
    )
    assert uncovered + int(row["n"]) == 38  # every province is either covered or listed


def write() -> None:
    """Put each recipe's current answer right after its query."""
    store = KembarStore()
    register_functions(store)
    text = COOKBOOK.read_text(encoding="utf-8")
    for recipe in recipes(text):  # the query first, as the package holds it
        query = examples()[recipe.number - 1]["query"]
        text = text.replace(recipe.body, recipe.body.replace(recipe.query, query, 1), 1)
    for recipe in recipes(text):
        block = answer(store, recipe.query)
        if recipe.documented is not None:
            new = recipe.body.replace(recipe.documented, block, 1)
        else:
            end = recipe.body.index("```", recipe.body.index("```sparql") + 9) + 3
            new = recipe.body[:end] + block + "\n" + recipe.body[end:].lstrip("\n")
        text = text.replace(recipe.body, new, 1)
    COOKBOOK.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_cookbook.py --write")
    write()


def _cell(value: object) -> str:
    """A cell as both engines agree to write it: lexical form, numbers as numbers, the
    parts of a GROUP_CONCAT in order (engines may concatenate in any order)."""
    if value is None:
        return ""
    text = value.value if isinstance(value, ox.NamedNode | ox.Literal) else str(value)
    try:
        return repr(round(float(text), 6)) if text and not text.isalpha() else text
    except ValueError:
        return ", ".join(sorted(text.split(", ")))


def _rows(result: object, columns: list[str]) -> list[tuple[str, ...]]:
    return sorted(tuple(_cell(row[c]) for c in columns) for row in result)  # type: ignore[attr-defined]


def _answer(result: object) -> tuple[list[str], list[tuple[str, ...]]]:
    """The columns and sorted rows of an Oxigraph result, read here: the result is freed
    when this returns, on this thread (pyoxigraph's results may be freed on no other, and
    a test's frame can outlive the test in a reference cycle, to be freed by whichever
    thread collects it)."""
    assert isinstance(result, ox.QuerySolutions)
    columns = [v.value for v in result.variables]
    return columns, _rows(result, columns)


#: Recipes an independent engine cannot answer, and why: Kembar's own extension functions.
KEMBAR_ONLY = {7: "fn:distance is Kembar's extension function"}
#: rdflib 7's own faults, met here (the answer is checked with a bare Oxigraph instead).
RDFLIB_FAULTS = {1: "GROUP_CONCAT over an OPTIONAL left unbound raises NotBoundError"}


@pytest.fixture(scope="module")
def dump() -> bytes:
    buffer = io.BytesIO()
    KembarStore().dump(buffer, ox.RdfFormat.N_QUADS)
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_every_recipe_runs_unchanged_in_independent_engines(
    cookbook_store: KembarStore, dump: bytes
) -> None:
    """Each query, PREFIX lines and all, over the N-Quads dump: in a bare Oxigraph store
    (no predeclared prefixes: an unknown prefix fails) and in rdflib (another
    implementation, its default prefixes removed), with the union of the named graphs as
    default graph; both answers equal Kembar's. (rdflib 7.6's N-Quads parser itself uses a
    deprecated property: that warning is its own.)"""
    bare = ox.Store()
    bare.load(dump, format=ox.RdfFormat.N_QUADS)
    other = Dataset(default_union=True)
    other.namespace_manager = NamespaceManager(Graph(), bind_namespaces="none")
    other.parse(data=dump.decode("utf-8"), format="nquads")
    for example in examples():
        number, query = example["number"], example["query"]
        if number in KEMBAR_ONLY:
            continue
        columns, expected = _answer(cookbook_store.query(query))
        _, plain = _answer(bare.query(query, use_default_graph_as_union=True))
        assert plain == expected, f"recipe {number} in a bare Oxigraph"
        if number in RDFLIB_FAULTS:
            continue
        found = other.query(query)
        assert [str(v) for v in found.vars] == columns, number  # type: ignore[union-attr]
        assert _rows(({c: r[c] for c in columns} for r in found), columns) == expected, (
            f"recipe {number} in rdflib"
        )  # fmt: skip
