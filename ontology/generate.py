"""Generate ``namespace.py``, the closed Python namespace of ``kembar.ttl``.

Run ``python -m kembar.ontology.generate`` after editing the ontology; the test
``tests/ontology/test_namespace.py`` fails while the two disagree.

>>> "class KMB(DefinedNamespace):" in render(ONTOLOGY_TTL.read_text(encoding="utf-8"))
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from kembar.ontology import ONTOLOGY_TTL
from rdflib import RDFS, Graph, Literal, URIRef

__all__ = ["NAMESPACE", "declared_terms", "render"]

NAMESPACE = "https://w3id.org/kembar/ontology#"


def declared_terms(graph: Graph) -> dict[str, str]:
    """Return the local names of every ``kmb:`` term declared in *graph*, with its English label.

    >>> g = Graph().parse(data='''@prefix kmb: <https://w3id.org/kembar/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... kmb:Agreement rdfs:label "Agreement"@en .''', format="turtle")
    >>> declared_terms(g)
    {'Agreement': 'Agreement'}
    """
    terms: dict[str, str] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(NAMESPACE):
            label = next(
                (
                    str(o)
                    for o in graph.objects(subject, RDFS.label)
                    if isinstance(o, Literal) and o.language == "en"
                ),
                "",
            )
            terms[str(subject)[len(NAMESPACE) :]] = label
    return dict(sorted(terms.items()))


def render(turtle: str) -> str:
    """Return the source of the namespace module for the ontology in *turtle*."""
    graph = Graph().parse(data=turtle, format="turtle")
    lines = [
        '"""The closed namespace of the Kembar ontology, ``kmb:``.',
        "",
        "Generated from ontology/kembar.ttl by ``python -m kembar.ontology.generate``;",
        "do not edit by hand. An unknown term is an AttributeError.",
        "",
        ">>> KMB.Agreement",
        "rdflib.term.URIRef('https://w3id.org/kembar/ontology#Agreement')",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        '__all__ = ["KMB"]',
        "",
        "",
        "class KMB(DefinedNamespace):",
        '    """Terms of https://w3id.org/kembar/ontology# (prefix ``kmb``)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{NAMESPACE}")',
        "",
    ]
    for name, label in declared_terms(graph).items():
        lines.append(f"    {name}: URIRef  # {label}" if label else f"    {name}: URIRef")
    return "\n".join(lines) + "\n"


def main() -> int:
    """Write ``namespace.py`` next to this module."""
    target = Path(__file__).resolve().with_name("namespace.py")
    target.write_text(render(ONTOLOGY_TTL.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
