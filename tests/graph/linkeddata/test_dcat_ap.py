"""The dataset's description against DCAT-AP 3.0.1's own shapes (../shared/dcat-ap-3.0.1,
SEMIC's release, unchanged), validated with pySHACL: no violation of the mandatory and range
shapes, and of the recommended ones only the warnings docs/linked-data.md justifies."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from kembar.graph.linkeddata.void import void_description
from kembar.graph.store import KembarStore
from kembar.ontology import ids
from pyshacl import validate
from rdflib import DCAT, DCTERMS, SH, Graph, URIRef

#: The recommended properties Kembar leaves out, each for a reason (docs/linked-data.md).
JUSTIFIED = {"http://www.w3.org/ns/dcat#bbox", "http://www.w3.org/ns/dcat#centroid",
             "http://www.w3.org/ns/dcat#endDate"}  # fmt: skip


def described(store: KembarStore, base: str = "http://127.0.0.1:8000") -> Graph:
    triples = void_description(store, base)
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=text.decode(), format="nt")


def results(data: Graph, shared: Path, *files: str) -> list[tuple[str, str, str]]:
    shapes = Graph()
    for name in files:
        shapes.parse(shared / "dcat-ap-3.0.1" / name, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes, allow_warnings=True)
    return [
        (str(report.value(r, SH.resultSeverity)), str(report.value(r, SH.focusNode)),
         str(report.value(r, SH.resultPath)))
        for r in report.subjects(SH.resultSeverity, None)
    ]  # fmt: skip


def test_the_mandatory_and_range_shapes_find_no_violation(store: KembarStore, shared: Path) -> None:
    assert results(described(store), shared, "shapes.ttl", "range.ttl") == []


def test_the_recommended_shapes_warn_only_of_what_is_left_out_on_purpose(
    store: KembarStore, shared: Path
) -> None:
    found = results(described(store), shared, "shapes_recommended.ttl")
    assert found and {path for _, _, path in found} == JUSTIFIED


def test_the_dataset_is_named_the_same_from_any_host(store: KembarStore) -> None:
    one, other = (
        described(store, "http://127.0.0.1:8000"),
        described(store, "https://kembar.example"),
    )
    for graph in (one, other):
        assert (URIRef(str(ids.DATASET)), DCTERMS.license, None) in graph
        assert (URIRef(str(ids.DATASET)), DCAT.distribution, None) in graph
    assert set(one.objects(URIRef(str(ids.DATASET)), DCTERMS.title)) == set(
        other.objects(URIRef(str(ids.DATASET)), DCTERMS.title)
    )
    licence = one.value(URIRef(str(ids.DATASET)), DCTERMS.license)
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"  # no import loaded


@pytest.mark.parametrize("lang", ["en", "id"])
def test_title_and_description_in_both_languages(store: KembarStore, lang: str) -> None:
    graph = described(store)
    for prop in (DCTERMS.title, DCTERMS.description):
        assert [o for o in graph.objects(URIRef(str(ids.DATASET)), prop) if o.language == lang]


@pytest.mark.slow
def test_a_release_description_passes_too(shared: Path, tmp_path: Path) -> None:
    """A release's ``dataset.ttl``: the same dataset, one distribution per file with its
    byte size and SHA-256; no violation of the mandatory and range shapes."""
    from kembar.graph.release.package import write_release

    write_release(KembarStore(), tmp_path / "r")
    data = Graph().parse(tmp_path / "r" / "dataset.ttl", format="turtle")
    assert results(data, shared, "shapes.ttl", "range.ttl") == []
    distributions = set(data.objects(URIRef(str(ids.DATASET)), DCAT.distribution))
    assert len(distributions) == 13  # four dumps, the package, eight tables
    spdx = "http://spdx.org/rdf/terms#"
    for distribution in distributions:
        assert data.value(distribution, DCAT.byteSize) is not None
        checksum = data.value(distribution, URIRef(spdx + "checksum"))
        assert len(str(data.value(checksum, URIRef(spdx + "checksumValue")))) == 64
