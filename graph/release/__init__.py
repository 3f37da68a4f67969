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

from kembar.graph.release.loader import load

__all__ = ["load"]
