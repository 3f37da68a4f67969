"""One call for a researcher: ``load("ties")`` is the table as a pandas DataFrame, with the
dtypes its schema gives (nullable integers, booleans and strings, dates as datetimes, coded
columns as categoricals whose categories are the codes in their order).

Without *source*, the table is read from the embedded graph of the installed Kembar (the
curated data of this version); with *source*, from a release folder (``kembar release``)
or its ``datapackage.json`` — never from the network.

>>> stages = load("stages")
>>> str(stages["year"].dtype), str(stages["date"].dtype), str(stages["stage"].dtype)
('Int64', 'datetime64[ns]', 'category')
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
from kembar.graph.errors import ClientError

__all__ = ["dtypes", "load", "typed"]


def dtypes(schema: dict[str, Any]) -> dict[str, Any]:
    """The pandas dtype of each column of a Table Schema (dates apart: :func:`typed`)."""
    out: dict[str, Any] = {}
    for field in schema["fields"]:
        kind = field["type"]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            out[field["name"]] = pd.CategoricalDtype(enum)
        elif kind in ("integer", "year"):
            out[field["name"]] = "Int64"
        elif kind == "number":
            out[field["name"]] = "Float64"
        elif kind == "boolean":
            out[field["name"]] = "boolean"
        elif kind != "date":
            out[field["name"]] = "string"
    return out


def typed(frame: pd.DataFrame, schema: dict[str, Any]) -> pd.DataFrame:
    """*frame* with the dtypes of *schema*: dates as ``datetime64``, the rest by :func:`dtypes`."""
    frame = frame.copy()
    for field in schema["fields"]:
        if field["type"] == "date" and field["name"] in frame:
            frame[field["name"]] = pd.to_datetime(frame[field["name"]], format="ISO8601")
    for name, dtype in dtypes(schema).items():
        if name in frame:
            column = frame[name]
            if dtype == "boolean" and column.dtype == object:
                column = column.map({"true": True, "false": False, True: True, False: False})
            frame[name] = column.astype(dtype)
    return frame


@cache
def _reader() -> Any:
    """One reader of the embedded graph: the tables share its queries (and its audit)."""
    from kembar.graph.release.tables import Reader
    from kembar.graph.store import KembarStore

    return Reader(KembarStore())


@cache
def _embedded(name: str) -> pd.DataFrame:
    """One table of the embedded graph, read once."""
    from kembar.graph.release.schema import TABLES
    from kembar.graph.release.tables import shaped

    return typed(shaped(_reader(), name), TABLES[name]["schema"])


def load(name: str, source: str | Path | None = None) -> pd.DataFrame:
    """One table of the dataset as a typed pandas DataFrame.

    Parameters
    ----------
    name : str
        ``ties``, ``stages``, ``parties``, ``sources``, ``fields``, ``security``,
        ``validation`` or ``ties_by_year`` (docs/codebook.md says what each column holds).
    source : str or Path, optional
        A release folder or its ``datapackage.json``; by default the embedded graph.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ClientError
        For an unknown table, or a *source* that is not a release.
    """
    from kembar.graph.release.tables import TABLE_NAMES

    if name not in TABLE_NAMES:
        raise ClientError(f"no table {name!r}; the tables are {', '.join(TABLE_NAMES)}")
    if source is None:
        return _embedded(name).copy()
    path = Path(source)
    descriptor = path if path.name == "datapackage.json" else path / "datapackage.json"
    try:
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        resource = next(r for r in package["resources"] if r["name"] == name)
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise ClientError(f"{source}: not a Kembar release with a table {name!r} ({exc})") from None
    frame = pd.read_csv(
        descriptor.parent / resource["path"], dtype=str, keep_default_na=False, na_values=[""]
    )
    return typed(frame, resource["schema"])
