"""The query editor's examples (the cookbook's questions) and the terms it completes.

The cookbook's queries are files of this package, ``cookbook/NN.rq``, each opening with its
question in English and Indonesian (``# en:``, ``# id:``); ``docs/cookbook.md`` shows them
with their answers, and ``tests/test_cookbook.py`` checks that it shows these very queries.

>>> first = examples()[0]
>>> first["title"]["id"].startswith("Siapa"), "kmb:party" in first["query"]
(True, True)
>>> "kmb:twinnedWith" in vocabulary_terms()
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from kembar.ontology import ids
from kembar.ontology.namespace import KMB

__all__ = ["examples", "vocabulary_terms", "with_prefixes"]


@cache
def examples() -> list[dict[str, Any]]:
    """The cookbook's recipes in order: ``number``, ``title`` (``en``, ``id``), ``query``.

    Returns
    -------
    list of dict
    """
    found = []
    folder = files("kembar.api.web") / "cookbook"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        lines = entry.read_text(encoding="utf-8").splitlines()
        title = {
            line[2:4]: line[6:].strip()
            for line in lines[:2]
            if line.startswith(("# en: ", "# id: "))
        }
        body = "\n".join(lines[len(title) :]).strip() + "\n"
        found.append({"number": int(entry.name[:2]), "title": title, "query": with_prefixes(body)})
    return found


def with_prefixes(query: str) -> str:
    """*query* with a ``PREFIX`` line for each of Kembar's prefixes it uses, so that it runs
    unchanged in any SPARQL engine (the server knows them; Comunica or rdflib do not).

    >>> print(with_prefixes("SELECT ?x WHERE { ?x a kmb:Agreement }"), end="")
    PREFIX kmb: <https://w3id.org/kembar/ontology#>
    SELECT ?x WHERE { ?x a kmb:Agreement }
    """
    code = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>\s]*>|#[^\n]*', " ", query)  # no strings, IRIs, comments
    used = sorted(p for p in ids.PREFIXES if re.search(rf"(?<![\w:]){re.escape(p)}:", code))
    lines = [f"PREFIX {p}: <{ids.PREFIXES[p]}>" for p in used]
    return "\n".join([*lines, query.strip()]) + "\n"


@cache
def vocabulary_terms() -> list[str]:
    """Every term of the Kembar ontology as a prefixed name (``kmb:party``), sorted.

    Returns
    -------
    list of str
    """
    return sorted(f"kmb:{name}" for name in KMB.__annotations__)
