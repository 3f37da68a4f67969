"""SHACL shapes: structural shapes for the curated data, and one file per legal instrument.

>>> from kembar.shapes import shape_files
>>> "structure.ttl" in [f.name for f in shape_files()]
True
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["ASSESSMENT_TTL", "STRUCTURE_TTL", "shape_files"]

STRUCTURE_TTL: Traversable = files(__name__) / "structure.ttl"
#: The shapes of effectiveness assessments (not part of the validator's rulebook).
ASSESSMENT_TTL: Traversable = files(__name__) / "assessment.ttl"


def shape_files() -> list[Traversable]:
    """Return every shapes file of the package, sorted by name."""
    return sorted(
        (f for f in files(__name__).iterdir() if f.name.endswith(".ttl")), key=lambda f: f.name
    )
