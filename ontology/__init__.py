"""The Kembar vocabulary: ``kembar.ttl`` (OWL 2 + SKOS), its closed Python namespace, QC rules.

>>> from kembar.ontology import ONTOLOGY_TTL
>>> ONTOLOGY_TTL.name
'kembar.ttl'
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = [
    "ASSESSMENT_CONTEXT_JSONLD",
    "CONTEXT_JSONLD",
    "ONTOLOGY_TTL",
    "derivation_rules",
    "qc_queries",
]

ONTOLOGY_TTL: Traversable = files(__name__) / "kembar.ttl"
#: The JSON-LD context that maps validator submissions (submission-format.md) onto the ontology.
CONTEXT_JSONLD: Traversable = files(__name__) / "context.jsonld"
#: The JSON-LD context of assessments (how well an agreement works; ``kembar assess``).
ASSESSMENT_CONTEXT_JSONLD: Traversable = files(__name__) / "assessment-context.jsonld"


def qc_queries() -> list[Traversable]:
    """Return the quality-control SPARQL files of ``ontology/qc``, sorted by name.

    >>> [q.name for q in qc_queries()][:1]
    ['duplicate_label.rq']
    """
    qc = files(__name__) / "qc"
    return sorted((f for f in qc.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)


def derivation_rules() -> list[Traversable]:
    """Return the derivation rules of ``ontology/rules`` (SPARQL CONSTRUCT), sorted by name.

    >>> [q.name for q in derivation_rules()][:2]
    ['10-types.rq', '20-signing-year.rq']
    """
    rules = files(__name__) / "rules"
    return sorted((f for f in rules.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
