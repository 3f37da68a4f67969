"""Checking an agreement against the law: submissions, the rulebook, the validator, writes.

- :mod:`.submission`: the validator's input (JSON of submission-format.md, Turtle, JSON-LD)
  read into RDF, with every problem named by its field.
- :mod:`.rulebook`: the rules R01-R55, their regimes and shapes, read once per process.
- :mod:`.validator`: :class:`Validator` judges one submission by the law of its date.
- :mod:`.audit`: stored agreements seen as submissions (``kembar validate --all``).
- :mod:`.writes`: agreements added (validated, atomically) and removed over HTTP.

>>> from kembar.graph.store import KembarStore
>>> report = Validator(KembarStore()).validate(parse_submission(b'''{"format":
...   "kembar-agreement/1", "form": "sister_city",
...   "indonesian_party": {"name": "Kota Bandung", "level": "kota"},
...   "foreign_party": {"name": "Braunschweig", "country": "DE"},
...   "dates": {"signed": "1960-05-24"}}''', "bandung.json"))
>>> report.regime, report.conforms
('PRE-1993', True)
"""

from __future__ import annotations

from kembar.graph.validation.audit import curated_agreements, submission_of
from kembar.graph.validation.rulebook import Rulebook, rulebook
from kembar.graph.validation.submission import Submission, parse_submission
from kembar.graph.validation.validator import SEVERITIES, Finding, Report, Validator, name_variants
from kembar.graph.validation.writes import add_agreement, delete_agreement

__all__ = [
    "SEVERITIES",
    "Finding",
    "Report",
    "Rulebook",
    "Submission",
    "Validator",
    "add_agreement",
    "curated_agreements",
    "delete_agreement",
    "name_variants",
    "parse_submission",
    "rulebook",
    "submission_of",
]
