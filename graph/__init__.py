"""The engine of Kembar: one sub-package per thing a user does, and no HTTP in here.

- :mod:`.store`: where the graph lives (embedded Oxigraph, on disk, or a remote server).
- :mod:`.sparql`: a user's query: the guard, killable sandboxed workers, ``fn:`` functions.
- :mod:`.ingest`: data in: the curated table, CSV and Wikidata imports, countries.
- :mod:`.validation`: an agreement checked against the law of its date; validated writes.
- :mod:`.analytics`: the network, the paper's claims, assessments, the report.
- :mod:`.linkeddata`: resource descriptions, VoID and the service description.
- :mod:`.errors`: the one exception family (client, upstream, unavailable).

>>> from kembar.graph import KembarStore
>>> KembarStore().ask("ASK { ?r kmb:ruleId 'R01' }")
True
"""

from __future__ import annotations

from kembar.graph.errors import ClientError, KembarError, UnavailableError, UpstreamError
from kembar.graph.store import KembarStore

__all__ = ["ClientError", "KembarError", "KembarStore", "UnavailableError", "UpstreamError"]
