"""Copy the front-end files the pages load from ``node_modules`` into ``api/static/vendor``.

``make`` runs ``npm ci`` (``package.json`` and its lock file pin every version), then this
script, before it installs the package, so that the files are package data: a wheel built
from the repository serves them too. The folder is git-ignored; nothing minified is
committed. The script imports nothing of Kembar, since it runs before Kembar is installed::

    python api/web/vendor.py node_modules api/static/vendor
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

#: npm package -> the files of it that pages load (and its licence, shipped beside them).
FILES: dict[str, list[str]] = {
    "@zazuko/yasgui": [
        "build/yasgui.min.js",
        "build/yasgui.min.css",
        "package.json",
    ],  # MIT, declared there,
    "echarts": ["dist/echarts.min.js", "LICENSE"],
    "topojson-client": ["dist/topojson-client.min.js", "LICENSE"],
    "world-atlas": ["countries-110m.json", "LICENSE"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"],
    "redoc": ["bundles/redoc.standalone.js", "LICENSE"],
}

#: Text replaced in a copied file, with the reason: the pages may reach no other host, and
#: ReDoc's side menu loads its maker's logo from a CDN. A replacement that no longer finds
#: its text fails the copy, so that an upgrade is looked at.
REWRITES: dict[str, list[tuple[str, str]]] = {
    "redoc/redoc.standalone.js": [
        ("https://cdn.redoc.ly/redoc/logo-mini.svg", "/static/favicon.svg")
    ],
}


def copy(modules: Path, target: Path) -> list[Path]:
    """Copy :data:`FILES` from *modules* to *target*/<package>/<file name>; return them."""
    missing = [
        f"{package}/{name}"
        for package, names in FILES.items()
        for name in names
        if not (modules / package / name).is_file()
    ]
    if missing:
        raise SystemExit(f"vendor: not in {modules} (run `npm ci`): {', '.join(missing)}")
    shutil.rmtree(target, ignore_errors=True)
    written = []
    for package, names in FILES.items():
        folder = target / package.split("/")[-1]
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            written.append(Path(shutil.copy2(modules / package / name, folder / Path(name).name)))
    for name, pairs in REWRITES.items():
        path = target / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            if old not in text:
                raise SystemExit(f"vendor: {old!r} is no longer in {name}; look at REWRITES")
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return written


if __name__ == "__main__":
    source, destination = (Path(arg) for arg in sys.argv[1:3])
    print(f"vendor: {len(copy(source, destination))} files in {destination}")
