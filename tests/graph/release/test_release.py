"""``kembar release``: a Frictionless Data Package that ``frictionless validate`` accepts
(and rejects once spoiled), checksums that hold, a changelog that sees a change, the
codebook in docs up to date, and the loader's types."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from kembar.api.cli import main
from kembar.data import DATA_VERSION
from kembar.graph.errors import ClientError
from kembar.graph.release import load
from kembar.graph.release.package import codebook, write_release
from kembar.graph.store import KembarStore, named
from kembar.ontology import ids
from kembar.ontology.namespace import KMB
from rdflib import DCTERMS

#: A release is built from the whole store: seconds, so not in `make check`.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
FRICTIONLESS = str(Path(sys.executable).parent / "frictionless")


def _frictionless(descriptor: Path) -> dict[str, object]:
    done = subprocess.run([FRICTIONLESS, "validate", "--json", str(descriptor)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / DATA_VERSION
    write_release(KembarStore(), out)
    return out


def test_frictionless_validates_the_package(release: Path) -> None:
    report = _frictionless(release / "datapackage.json")
    assert report["valid"] is True, json.dumps(report)[:2000]
    names = [task["name"] for task in report["tasks"]]  # type: ignore[index, union-attr]
    assert names == ["ties", "stages", "parties", "sources", "fields", "security", "validation",
                     "ties_by_year"]  # fmt: skip


def test_frictionless_finds_a_spoiled_table(release: Path, tmp_path: Path) -> None:
    spoiled = tmp_path / "spoiled"
    shutil.copytree(release, spoiled)
    stages = spoiled / "tables" / "stages.csv"
    text = stages.read_text(encoding="utf-8").replace(",mou_signed,", ",mou,", 1)
    stages.write_text(text, encoding="utf-8")
    package = json.loads((spoiled / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # the checksums would tell first: keep them right
        if resource["name"] == "stages":
            resource["bytes"] = stages.stat().st_size
            resource["hash"] = "sha256:" + hashlib.sha256(stages.read_bytes()).hexdigest()
    (spoiled / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = _frictionless(spoiled / "datapackage.json")
    assert report["valid"] is False
    errors = [e for task in report["tasks"] for e in task["errors"]]  # type: ignore[union-attr]
    assert {e["type"] for e in errors} == {"constraint-error"}
    assert errors[0]["fieldName"] == "stage" and errors[0]["cell"] == "mou"


def test_checksums_hold(release: Path) -> None:
    listed = dict(
        reversed(line.split("  ", 1))
        for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(listed) == files - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name
    description = ox.Store()
    description.load(path=str(release / "dataset.ttl"), format=ox.RdfFormat.TURTLE)
    sizes = {r["url"].value.rsplit(f"/{DATA_VERSION}/", 1)[1]: int(r["size"].value) for r in description.query(
        "SELECT ?url ?size WHERE { ?d <http://www.w3.org/ns/dcat#downloadURL> ?url ; "
        "<http://www.w3.org/ns/dcat#byteSize> ?size }")}  # type: ignore[union-attr]  # fmt: skip
    assert sizes["tables/ties.csv"] == (release / "tables" / "ties.csv").stat().st_size
    assert (
        sizes[f"kembar-{DATA_VERSION}.nq"] == (release / f"kembar-{DATA_VERSION}.nq").stat().st_size
    )


def test_dumps_parse_and_agree(release: Path) -> None:
    counts = {}
    for ext, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                     ("jsonld", ox.RdfFormat.JSON_LD)):  # fmt: skip
        store = ox.Store()
        store.load(path=str(release / f"kembar-{DATA_VERSION}.{ext}"), format=fmt)
        counts[ext] = len(store)
    assert counts["nq"] == counts["trig"] == counts["jsonld"] == len(KembarStore().store)  # type: ignore[arg-type]


def test_loader_reads_a_release_with_its_types(release: Path) -> None:
    ties = load("ties", release)
    assert str(ties["first_signed_year"].dtype) == "Int64"
    assert str(ties["first_signed"].dtype).startswith("datetime64")
    assert list(ties["furthest_stage"].cat.categories[:3]) == [
        "proposed", "letter_of_intent", "mou_signed"]  # fmt: skip
    braunschweig = ties.set_index("tie_id").loc["bandung-braunschweig"]
    assert braunschweig["first_signed"] == pd.Timestamp("1960-05-24")
    assert braunschweig["first_signed_precision"] == "day"
    assert braunschweig["party_home_affairs_code"] == "32.73"
    assert braunschweig["party_wikidata"] == "Q10389"
    embedded = load("ties")
    assert embedded["tie_id"].tolist() == ties["tie_id"].tolist()
    assert (embedded["furthest_stage"].astype(str) == ties["furthest_stage"].astype(str)).all()
    with pytest.raises(ClientError, match="no table 'tie'"):
        load("tie")
    with pytest.raises(ClientError, match="not a Kembar release"):
        load("ties", release / "tables")


def test_the_panel_runs_from_first_stage_to_the_release_year() -> None:
    panel = load("ties_by_year")
    tie = panel[panel["tie_id"] == "bandung-braunschweig"].set_index("year")
    # Indonesia asked for the tie on 24 June 1959 (Bandung's own page); signed in May 1960
    assert tie.index.min() == 1959 and tie.index.max() == 2026
    assert tie.loc[1959, "stage"] == "proposed" and tie.loc[1960, "stage"] == "agreement_signed"
    assert tie.loc[2016, "stage"] == "renewed"
    assert tie.loc[2015, "stage"] == "agreement_signed"
    assert pd.isna(tie.loc[2000, "status"]) and tie.loc[2024, "status"] == "active"
    assert not panel.duplicated(["tie_id", "year"]).any()
    stages = load("stages")
    assert set(stages["date_precision"].dropna()) <= {"year", "month", "day"}
    assert (stages["date"].dt.year == stages["year"]).fillna(True).all()


def test_the_changelog_names_what_changed(release: Path, tmp_path: Path) -> None:
    store = KembarStore()
    data = named(ids.graph_iri("data"))
    ambon = named(ids.agreement("ambon-darwin"))
    for quad in list(store.store.quads_for_pattern(ambon, named(KMB.cooperationField), None, data)):  # type: ignore[union-attr]
        store.store.remove(quad)  # type: ignore[union-attr]
    gone = named(ids.agreement("aceh-ivanovo"))
    for quad in list(store.store.quads_for_pattern(gone, None, None, None)):  # type: ignore[union-attr]
        store.store.remove(quad)  # type: ignore[union-attr]
    store.store.add(ox.Quad(ambon, named(DCTERMS.title), ox.Literal("x"), data))  # type: ignore[union-attr]
    second = tmp_path / "next"
    made = write_release(store, second, previous=release)
    assert made.changes["removed"] == ["aceh-ivanovo"] and made.changes["added"] == []
    ambon_changes = made.changes["changed"]["ambon-darwin"]
    removed_fields, added_fields = ambon_changes["fields"]
    assert removed_fields and added_fields == []
    assert "ambon-darwin" in (second / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_release_never_overwrites_nor_leaves_half(release: Path, tmp_path: Path) -> None:
    with pytest.raises(ClientError, match="exists and is not an empty folder"):
        write_release(KembarStore(), release)
    assert main(["release", str(release)]) == 2
    assert not release.with_name(release.name + ".part").exists()


def test_codebook_in_docs_is_current() -> None:
    written = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert written == codebook(), "run: kembar release --codebook docs/codebook.md"
    assert "| `furthest_stage` |" in written and "Tahap terjauh" in codebook().replace(
        "tahap terjauh", "Tahap terjauh")  # fmt: skip
    assert "- `mou_signed`: MoU signed" in written or "- `mou_signed`:" in written
