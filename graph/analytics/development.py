"""Development level and world region of a country, from well-kept sources, not a hand list.

Two readings of "developed", both dated and sourced:

- **OECD membership in a given year**, from ``country-converter`` (the year each member
  joined); usable for any date, so a tie of 1975 is judged by the OECD of 1975. Before
  1961 the founding members count (the OEEC states with the United States and Canada).
- **IMF advanced economy**, from the IMF World Economic Outlook (April 2024), the list in
  ``kembar/data/imf-advanced-economies.csv``; one date only, so it describes today.

World regions are country-converter's continents (Africa, America, Asia, Europe, Oceania).

>>> oecd_member("KR", 1990), oecd_member("KR", 1996)
(False, True)
>>> level("DE", 1960), level("ID", 2020), level("SG", basis="imf"), level("SG", 2020)
('developed', 'developing', 'developed', 'developing')
>>> world_region("ID"), level("GB", 1979)
('Asia', 'developed')
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from importlib.resources import files
from typing import Literal

__all__ = [
    "BASES",
    "OECD_FOUNDED",
    "imf_advanced",
    "level",
    "oecd_member",
    "pair_kind",
    "world_region",
]

#: The year the OECD Convention came into force.
OECD_FOUNDED = 1961

#: The readings of "developed" :func:`level` knows.
BASES = ("oecd", "imf")

Level = Literal["developed", "developing"]


@lru_cache(maxsize=1)
def _country_table() -> dict[str, tuple[int | None, str | None]]:
    """ISO 3166 alpha-2 code -> (year of OECD accession, continent)."""
    import country_converter as coco

    table = coco.CountryConverter().data
    found: dict[str, tuple[int | None, str | None]] = {}
    for code, oecd, continent in zip(table["ISO2"], table["OECD"], table["continent"], strict=True):
        joined = None if isinstance(oecd, float) and math.isnan(oecd) else int(oecd)
        for alias in str(code).split("|"):  # a few cells are patterns: ^GB$|^UK$
            found[alias.strip("^$")] = (joined, continent if isinstance(continent, str) else None)
    return found


@lru_cache(maxsize=1)
def _imf() -> frozenset[str]:
    text = (files("kembar.data") / "imf-advanced-economies.csv").read_text(encoding="utf-8")
    return frozenset(row["iso2"] for row in csv.DictReader(text.splitlines()))


def oecd_member(iso2: str, year: int) -> bool:
    """Whether the country had joined the OECD by *year* (founders count before 1961)."""
    joined = _country_table().get(iso2.upper(), (None, None))[0]
    return joined is not None and joined <= max(year, OECD_FOUNDED)


def imf_advanced(iso2: str) -> bool:
    """Whether the IMF counts the economy as advanced (WEO, April 2024)."""
    return iso2.upper() in _imf()


def level(iso2: str, year: int | None = None, basis: str = "oecd") -> Level:
    """``developed`` or ``developing``: OECD member in *year* (default: now) or IMF advanced."""
    if basis == "imf":
        developed = imf_advanced(iso2)
    elif basis == "oecd":
        developed = oecd_member(iso2, 9999 if year is None else year)
    else:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    return "developed" if developed else "developing"


def pair_kind(a: str, b: str, year: int | None = None, basis: str = "oecd") -> str:
    """``developed-developed``, ``developed-developing`` or ``developing-developing``.

    >>> pair_kind("ID", "DE", 1960)
    'developed-developing'
    """
    first, second = sorted((level(a, year, basis), level(b, year, basis)))
    return f"{first}-{second}"


def world_region(iso2: str) -> str | None:
    """The country's continent (country-converter), or None for an unknown code."""
    return _country_table().get(iso2.upper(), (None, None))[1]
