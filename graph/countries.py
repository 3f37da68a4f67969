"""Country names as the world lists write them -> ISO 3166-1 alpha-2 codes.

``country_converter`` does the real work; this module adds what its regular expressions
do not know in the scraped lists: the UK's constituent countries, "Region, Country"
forms, and a few misspellings seen in the data.

>>> r = CountryResolver()
>>> r.iso2("Germany"), r.iso2("England"), r.iso2("Ohio, United States"), r.iso2("Grece")
('DE', 'GB', 'US', 'GR')
>>> r.iso2("Atlantis") is None
True
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

__all__ = ["SOVEREIGNS", "CountryResolver"]

#: Dependent territories with their own ISO code -> the ISO code of their sovereign.
SOVEREIGNS: dict[str, str] = {
    "AS": "US", "GU": "US", "MP": "US", "PR": "US", "VI": "US",
    "AI": "GB", "BM": "GB", "VG": "GB", "KY": "GB", "FK": "GB", "GI": "GB", "GG": "GB",
    "IM": "GB", "JE": "GB", "MS": "GB", "SH": "GB", "TC": "GB", "PN": "GB",
    "AW": "NL", "BQ": "NL", "CW": "NL", "SX": "NL",
    "GF": "FR", "PF": "FR", "GP": "FR", "MQ": "FR", "YT": "FR", "NC": "FR", "RE": "FR",
    "BL": "FR", "MF": "FR", "PM": "FR", "WF": "FR",
    "FO": "DK", "GL": "DK", "HK": "CN", "MO": "CN", "CX": "AU", "CC": "AU", "NF": "AU",
    "AX": "FI", "TK": "NZ",
}  # fmt: skip

# Names in the scraped lists that country_converter does not map, checked by hand.
ALIASES: dict[str, str] = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "grece": "GR",
    "madagaskar": "MG",
    "kazakhstah": "KZ",
    "surinam": "SR",
    "island": "IS",  # German for Iceland, as one list writes it
    "kosovo": "XK",
    "west bank": "PS",
    "gaza strip": "PS",
    "republic of china": "TW",
    "taiwan": "TW",
    "bosnia and hercegovina": "BA",
    "in italy": "IT",
    "moldavia": "MD",
}


class CountryResolver:
    """Resolve free-text country names to upper-case ISO alpha-2 codes, with caching."""

    def __init__(self) -> None:
        import country_converter as coco  # heavy (pandas): import only when resolving

        logging.getLogger("country_converter").setLevel(logging.CRITICAL)
        self._coco = coco.CountryConverter()
        self._cached = lru_cache(maxsize=None)(self._resolve)

    def iso2(self, name: str) -> str | None:
        """Return the ISO alpha-2 code of *name*, or None when it cannot be resolved."""
        return self._cached(name.strip())

    def name(self, iso2: str) -> str | None:
        """Return the short English name of the country *iso2*."""
        if iso2 == "XK":
            return "Kosovo"
        found = self._coco.convert(iso2, src="ISO2", to="name_short", not_found=None)
        return found if isinstance(found, str) else None

    def _resolve(self, name: str) -> str | None:
        if not name:
            return None
        candidates = [name]
        if "," in name:  # "Ohio, United States", "Azores, Portugal"
            candidates += [part.strip() for part in reversed(name.split(","))]
        for candidate in candidates:
            alias = ALIASES.get(candidate.lower())
            if alias:
                return alias
            found = self._coco.convert(candidate, to="ISO2", not_found=None)
            if isinstance(found, str) and re.fullmatch(r"[A-Z]{2}", found):
                return found
        return None
