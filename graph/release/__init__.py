"""Releases of the dataset: tidy tables, a Frictionless Data Package, dumps, checksums, the
changes since the previous release, and the loader researchers call.

- :mod:`.tables`: the tables read from a store (pandas);
- :mod:`.schema`: what each column holds, in English and Indonesian;
- :mod:`.package`: ``kembar release OUT/`` (the package, the dumps, ``SHA256SUMS``, the
  changelog) and the codebook;
- :mod:`.quickstatements`: what Kembar can give back to Wikidata;
- :func:`load`: one table as a pandas DataFrame with proper dtypes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["load"]


def load(name: str, source: str | Path | None = None) -> pd.DataFrame:
    """One table as a typed pandas DataFrame (:func:`kembar.graph.release.loader.load`;
    pandas is imported on the first call, not with Kembar)."""
    from kembar.graph.release.loader import load as read

    return read(name, source)
