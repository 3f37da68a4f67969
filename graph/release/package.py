"""``kembar release OUT/``: one version of the dataset, as files a researcher keeps.

The folder holds

- ``kembar-{version}.nq``, ``.trig``, ``.ttl``, ``.jsonld``: the whole store (N-Quads and
  TriG keep the named graphs; Turtle and JSON-LD… JSON-LD keeps them too, Turtle is their
  union);
- ``tables/*.csv`` and ``datapackage.json``: the tidy tables (:mod:`.tables`) as a
  Frictionless Data Package, each table with its Table Schema (:mod:`.schema`), byte size
  and SHA-256;
- ``codebook.md``: what every column holds, in English and Indonesian;
- ``dataset.ttl``: the DCAT-AP description with one distribution per file (byte size,
  checksum, licence);
- ``CHANGELOG.md`` and ``changes.json``: ties added, removed and changed, field by field,
  against a previous release (``--previous``);
- ``SHA256SUMS``: every file's checksum, in the format ``sha256sum -c`` reads.

It is written into ``OUT.part`` and renamed when complete: a failed release leaves no
folder under its name.

>>> import tempfile, pathlib
>>> from kembar.graph.store import KembarStore
>>> out = pathlib.Path(tempfile.mkdtemp()) / "r"
>>> release = write_release(KembarStore(), out)
>>> sorted(p.name for p in out.iterdir())[:4]
['CHANGELOG.md', 'SHA256SUMS', 'changes.json', 'codebook.md']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
from kembar.graph.errors import ClientError, NotFoundError
from kembar.graph.release.schema import MISSING, TABLES, categories
from kembar.graph.release.tables import TABLE_NAMES, build_tables
from kembar.graph.store import KembarStore

__all__ = ["DUMPS", "Release", "codebook", "table_csv", "write_release"]

#: The dumps: extension -> (format, media type, the EU file-type code).
DUMPS = {
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads", "RDF_N_QUADS"),
    "trig": (ox.RdfFormat.TRIG, "application/trig", "RDF_TRIG"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle", "RDF_TURTLE"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", "JSON_LD"),
}


@dataclass
class Release:
    """What :func:`write_release` wrote: the folder, each file's size, the tables' rows."""

    folder: Path
    version: str
    sizes: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _imported(store: KembarStore) -> bool:
    return any("/graph/import/" in c.graph for c in store.graph_counts())


def _resource(name: str, path: Path, root: Path) -> dict[str, Any]:
    table = TABLES[name]
    schema = json.loads(json.dumps(table["schema"]))  # a copy to label
    schema["missingValues"] = MISSING
    for column in schema["fields"]:
        vocabulary = column.pop("x_vocabulary", None)
        if vocabulary and vocabulary not in ("field", "concept"):
            column["categories"] = categories(vocabulary)
        elif vocabulary:
            column["x_categories"] = categories(vocabulary)
    return {
        "name": name, "path": str(path.relative_to(root)), "type": "table",
        "title": table["title"], "description": table["description"],
        "x_title_id": table["title_id"], "x_description_id": table["description_id"],
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "bytes": path.stat().st_size, "hash": f"sha256:{_sha256(path)}", "schema": schema,
    }  # fmt: skip


def _csv(frame: pd.DataFrame, path: Path | None = None) -> str:
    """*frame* as the release writes it: booleans ``true``/``false``, whole numbers without
    a decimal point, missing values as empty cells; into *path* too when given."""
    out = frame.copy()
    for column in out.columns:
        values = out[column].dropna()
        if pd.api.types.is_bool_dtype(out[column]) or (
            len(values) and values.map(type).eq(bool).all()
        ):
            out[column] = out[column].map({True: "true", False: "false"})
        elif pd.api.types.is_float_dtype(out[column]) and column not in ("lat", "lon"):
            out[column] = out[column].astype("Int64")
    text: str = out.to_csv(index=False, na_rep="", lineterminator="\n")
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text


def table_csv(store: KembarStore, name: str) -> bytes:
    """One table of *store* as the release's CSV (``GET /dataset/tables/{name}.csv``),
    computed once per store version."""
    from kembar.graph.release.tables import build_table

    if name not in TABLE_NAMES:
        raise NotFoundError(f"no table {name!r}; the tables are {', '.join(TABLE_NAMES)}")
    return store.memo(("table-csv", name), lambda: _csv(build_table(store, name)).encode("utf-8"))


def codebook() -> str:
    """The codebook: every table and column with its type, unit, codes and description,
    in English and then in Indonesian (``docs/codebook.md`` is this text)."""
    from kembar.data import DATA_VERSION
    from kembar.graph.store.stats import SIGNED

    lines = [
        "<!-- Generated by `kembar release --codebook docs/codebook.md` from",
        "     kembar.graph.release.schema; tests/graph/test_release.py fails when it is stale. -->",
        "# Codebook / Buku kode",
        "",
        (
            f"The tables of a Kembar release (data version {DATA_VERSION} and later), as "
            "`kembar release OUT/` writes them (`tables/*.csv`, described by `datapackage.json`), "
            "`/dataset/tables/{name}.csv` serves them and `kembar.graph.release.load(name)` "
            "reads them. Missing values are empty cells. Dates are ISO 8601 (`YYYY-MM-DD`); a date "
            "known only to the year or month is written as the first day of that period, with its "
            "precision in the next column."
        ),
        "",
        (
            "Tabel-tabel rilis Kembar, sebagaimana ditulis `kembar release OUT/`, disajikan "
            "`/dataset/tables/{name}.csv`, dan dibaca `kembar.graph.release.load(name)`. Nilai "
            "kosong ditulis sebagai sel kosong. Tanggal berformat ISO 8601; tanggal yang hanya "
            "diketahui tahun atau bulannya ditulis sebagai hari pertama periode itu, dengan "
            "ketepatannya di kolom berikutnya."
        ),
        "",
        (
            "**What counts as an agreement.** A tie is an *agreement* when it reached a signed "
            f"document: its furthest stage is one of {', '.join(f'`{s}`' for s in SIGNED)}. "
            "Proposals and ties nothing dates or stages are ties, not agreements. `kembar stats`, "
            "the pages, VoID and these tables count by this one rule."
        ),
        "",
        (
            "**Yang dihitung sebagai perjanjian.** Hubungan disebut *perjanjian* bila sampai pada "
            f"naskah yang ditandatangani: tahap terjauhnya salah satu dari "
            f"{', '.join(f'`{s}`' for s in SIGNED)}. Usulan dan hubungan tanpa tahap tidak "
            "dihitung sebagai perjanjian."
        ),
        "",
    ]
    for name in TABLE_NAMES:
        table = TABLES[name]
        schema = table["schema"]
        lines += [
            f"## `{name}`: {table['title']} / {table['title_id']}",
            "",
            table["description"],
            "",
            f"*{table['description_id']}*",
            "",
        ]
        if key := schema.get("primaryKey"):
            lines.append(f"Key / kunci: {', '.join(f'`{k}`' for k in key)}.")
            lines.append("")
        lines += [
            "| column | type | unit | description | keterangan |",
            "|---|---|---|---|---|",
        ]
        for column in schema["fields"]:
            kind = column["type"] + (f" ({column['format']})" if "format" in column else "")
            lines.append(
                f"| `{column['name']}` | {kind} | {column.get('unit', '')} | "
                f"{column['description']} | {column['description_id']} |"
            )
        lines.append("")
        for column in schema["fields"]:
            vocabulary = column.get("x_vocabulary")
            if not vocabulary:
                continue
            lines += [f"Codes of `{column['name']}` / kode `{column['name']}`:", ""]
            lines += [
                f"- `{c['value']}`: {c['label']} / {c['label_id']}" for c in categories(vocabulary)
            ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """A release's tables for comparing, as the text of their cells (missing: "")."""
    return {
        name: pd.read_csv(folder / "tables" / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in _KEYS
    }


#: Besides the ties' own columns, the changelog compares the sets of these, per tie.
_KEYS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "ties": lambda t: t["tie_id"],
    "stages": lambda t: (t["stage"] + " " + t["date"]).str.strip(),
    "fields": lambda t: t["field"],
    "sources": lambda t: t["url"],
}


def _changes(current: Path, previous: Path | None) -> dict[str, Any]:
    """Ties added, removed and changed (each changed column with its old and new value;
    the sets of stages, fields and cited pages too), comparing the tables' CSV text in the
    release folder *current* with those of the release *previous*."""
    if previous is None:
        return {"previous": None, "added": [], "removed": [], "changed": {}}
    try:
        package = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
        old = _read_tables(previous)
    except (OSError, ValueError, KeyError) as exc:
        raise ClientError(f"--previous {previous}: not a Kembar release ({exc})") from None
    new = _read_tables(current)
    old_ties, new_ties = old["ties"].set_index("tie_id"), new["ties"].set_index("tie_id")
    added = sorted(set(new_ties.index) - set(old_ties.index))
    removed = sorted(set(old_ties.index) - set(new_ties.index))

    def sets(frames: dict[str, pd.DataFrame], name: str) -> dict[str, set[str]]:
        frame = frames[name]
        return {tie: set(group) for tie, group in _KEYS[name](frame).groupby(frame["tie_id"])}

    collections = {name: (sets(old, name), sets(new, name)) for name in _KEYS if name != "ties"}
    columns = [c for c in new_ties.columns if c in old_ties.columns]
    changed: dict[str, dict[str, list[Any]]] = {}
    for tie in sorted(set(new_ties.index) & set(old_ties.index)):
        before_row, after_row = old_ties.loc[tie, columns], new_ties.loc[tie, columns]
        diff: dict[str, list[Any]] = {
            column: [before_row[column], after_row[column]]
            for column in columns
            if before_row[column] != after_row[column]
        }
        for name, (before_sets, after_sets) in collections.items():
            before, after = before_sets.get(tie, set()), after_sets.get(tie, set())
            if before != after:
                diff[name] = [sorted(before - after), sorted(after - before)]
        if diff:
            changed[tie] = diff
    return {"previous": package.get("version"), "added": added, "removed": removed,
            "changed": changed}  # fmt: skip


def _changelog(changes: dict[str, Any], version: str) -> str:
    if changes["previous"] is None:
        return (f"# Kembar {version}\n\nThe first release: no previous release was given "
                "(`kembar release OUT/ --previous OLD/`).\n\n*Rilis pertama.*\n")  # fmt: skip
    lines = [
        (
            f"# Kembar {version}: changes since {changes['previous']} / perubahan sejak "
            f"{changes['previous']}"
        ),
        "",
        f"- ties added / hubungan baru: {len(changes['added'])}",
        f"- ties removed / hubungan dihapus: {len(changes['removed'])}",
        f"- ties changed / hubungan berubah: {len(changes['changed'])}",
        "",
    ]
    if changes["added"]:
        lines += ["## Added / Baru", "", *[f"- `{t}`" for t in changes["added"]], ""]
    if changes["removed"]:
        lines += ["## Removed / Dihapus", "", *[f"- `{t}`" for t in changes["removed"]], ""]
    if changes["changed"]:
        lines += ["## Changed / Berubah", ""]
        for tie, diff in changes["changed"].items():
            lines.append(f"- `{tie}`")
            for column, (before, after) in diff.items():
                if isinstance(before, list):
                    parts = [f"removed {', '.join(before)}" if before else "",
                             f"added {', '.join(after)}" if after else ""]  # fmt: skip
                    lines.append(f"  - {column}: {'; '.join(p for p in parts if p)}")
                else:
                    lines.append(f"  - {column}: {before or '(empty)'} → {after or '(empty)'}")
        lines.append("")
    return "\n".join(lines)


def _description(
    release_files: dict[str, Path], root: Path, store: KembarStore, version: str
) -> str:
    """The release's DCAT-AP description: the dataset as the server describes it, with one
    distribution per file of this release (byte size, SHA-256, media type, licence)."""
    from kembar.graph.linkeddata.void import release_distributions, void_description

    base = str(_version_iri(version))
    triples = void_description(store, base, served=False)
    triples += release_distributions(store, version, {
        name: (path.relative_to(root).as_posix(), path.stat().st_size, _sha256(path))
        for name, path in release_files.items()
    })  # fmt: skip
    buffer = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes())
    return buffer.decode("utf-8") if isinstance(buffer, bytes) else str(buffer)


def _prefixes() -> dict[str, str]:
    from kembar.ontology import ids

    return dict(ids.PREFIXES)


def _version_iri(version: str) -> str:
    from kembar.ontology import ids

    return str(ids.dataset_version(version))


def write_release(
    store: KembarStore,
    out: Path,
    *,
    previous: Path | None = None,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Release:
    """Write one release of *store* into the new folder *out* (see the module).

    Parameters
    ----------
    store : KembarStore
        What to release (the embedded graph, or a store with imports).
    out : Path
        The folder to create; it must not exist yet (or be empty).
    previous : Path, optional
        The previous release's folder, for the changelog.
    today : datetime.date, optional
        The year the panel runs to (default: the data version's).
    progress : callable, optional
        Called with the name of each step.

    Returns
    -------
    Release

    Raises
    ------
    ClientError
        When *out* exists and is not empty, cannot be written, or *previous* is no release.
    """
    from kembar.data import DATA_MODIFIED, DATA_VERSION
    from kembar.graph.linkeddata.void import ABOUT, CC_BY, CC_BY_SA, HOME, citation

    step = progress or (lambda _: None)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ClientError(f"{out} exists and is not an empty folder; choose a new one")
    if previous is not None and not (previous / "datapackage.json").is_file():
        raise ClientError(f"--previous {previous}: no datapackage.json there")
    part = out.with_name(out.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    try:
        (part / "tables").mkdir(parents=True)
        release = Release(out, DATA_VERSION)
        files: dict[str, Path] = {}
        for ext, (fmt, _, _) in DUMPS.items():
            step(f"dump .{ext}")
            path = part / f"kembar-{DATA_VERSION}.{ext}"
            with path.open("wb") as f:
                store.dump(f, fmt)
            files[ext] = path
        step("tables")
        tables = build_tables(store, today=today)
        resources = []
        for name, frame in tables.items():
            path = part / "tables" / f"{name}.csv"
            _csv(frame, path)
            resources.append(_resource(name, path, part))
            files[name] = path
            release.rows[name] = len(frame)
        imported = _imported(store)
        licence = CC_BY_SA if imported else CC_BY
        package = {
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": "kembar", "id": _version_iri(DATA_VERSION), "version": DATA_VERSION,
            "title": ABOUT["en"][0], "description": ABOUT["en"][1],
            "x_title_id": ABOUT["id"][0], "x_description_id": ABOUT["id"][1],
            "homepage": HOME, "created": f"{DATA_MODIFIED}T00:00:00Z",
            "keywords": ["sister cities", "twin towns", "paradiplomacy", "Indonesia",
                         "non-traditional security", "kota kembar"],
            "licenses": [{"name": "CC-BY-SA-4.0" if imported else "CC-BY-4.0", "path": licence,
                          "title": "Creative Commons Attribution-ShareAlike 4.0" if imported
                          else "Creative Commons Attribution 4.0"}],
            "contributors": [{"title": "The Kembar team", "roles": ["creator", "publisher"],
                              "path": HOME}],
            "sources": [{"title": "Kembar's fact table: pages read by its editors",
                         "path": HOME}] + ([{"title": "Wikipedia's lists of twin towns and sister cities",
                                             "path": "https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities"}]
                                           if imported else []),
            "x_citation": citation()["apa"],
            "resources": resources,
        }  # fmt: skip
        (part / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        step("codebook and changes")
        (part / "codebook.md").write_text(codebook(), encoding="utf-8")
        release.changes = _changes(part, previous)
        (part / "changes.json").write_text(
            json.dumps(release.changes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        (part / "CHANGELOG.md").write_text(_changelog(release.changes, DATA_VERSION),
                                           encoding="utf-8")  # fmt: skip
        files["datapackage"] = part / "datapackage.json"
        (part / "dataset.ttl").write_text(
            _description(files, part, store, DATA_VERSION), encoding="utf-8"
        )
        step("checksums")
        sums = sorted(p for p in part.rglob("*") if p.is_file())
        (part / "SHA256SUMS").write_text(
            "".join(f"{_sha256(p)}  {p.relative_to(part).as_posix()}\n" for p in sums),
            encoding="utf-8",
        )
        release.sizes = {p.relative_to(part).as_posix(): p.stat().st_size
                         for p in part.rglob("*") if p.is_file()}  # fmt: skip
        if out.exists():
            out.rmdir()
        part.rename(out)
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise ClientError(f"cannot write the release into {out}: {exc}") from None
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return release
