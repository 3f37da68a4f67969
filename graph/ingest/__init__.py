"""Getting data in: the curated fact table, the Wikipedia twin-town list (CSV), Wikidata's
P190 statements, countries, and synthetic scale-up data.

- :mod:`.curated`: the team's fact table -> the curated Turtle in ``data/``.
- :mod:`.countries`: the world list of countries (``data/countries.ttl``) and the
  resolution of free-text country names to ISO codes.
- :mod:`.csv_import`: ``kembar import csv`` (places reconciled by name, country, distance).
- :mod:`.wikidata`: ``kembar import wikidata`` (QID first, then name, country, distance).
- :mod:`.synthetic`: N copies of a CSV with the same degree distribution, for benchmarks.

>>> distance_km((-6.9147, 107.6098), (52.2689, 10.5268)) > 11_000
True
"""

from __future__ import annotations

from kembar.graph.ingest.countries import CountryResolver, territories, world_graph
from kembar.graph.ingest.csv_import import ImportReport, distance_km, import_csv
from kembar.graph.ingest.synthetic import scale
from kembar.graph.ingest.wikidata import WikidataReport, import_wikidata

__all__ = [
    "CountryResolver",
    "ImportReport",
    "WikidataReport",
    "distance_km",
    "import_csv",
    "import_wikidata",
    "scale",
    "territories",
    "world_graph",
]
