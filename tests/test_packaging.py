"""Every folder under a mapped package folder is listed in pyproject's ``packages``."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _shipped(config: dict[str, object], package: str, relative: str) -> bool:
    """Whether a package-data pattern of *package* (or of every package) matches *relative*."""
    data: dict[str, list[str]] = config["package-data"]  # type: ignore[assignment]
    patterns = [*data.get(package, []), *data.get("*", [])]
    return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)


def test_every_subfolder_is_a_listed_package_or_shipped_data() -> None:
    """A folder with Python code is a listed package; a folder of data only (the pages'
    static files, the translations, the cookbook's queries) is shipped by a package-data
    pattern of the nearest listed package, file by file."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    listed = set(config["packages"])
    for package, folder in config["package-dir"].items():
        for sub in [ROOT / folder, *(p for p in (ROOT / folder).rglob("*") if p.is_dir())]:
            if sub.name == "__pycache__":
                continue
            dotted = ".".join([package, *sub.relative_to(ROOT / folder).parts])
            if dotted in listed:
                continue
            assert not any(sub.rglob("*.py")), f"{dotted} ({sub}) is missing from packages"
            owner = max((p for p in listed if dotted.startswith(p + ".")), key=len)
            base = ROOT / folder / Path(*owner.split(".")[2:])
            for file in (f for f in sub.iterdir() if f.is_file() and not f.name.startswith(".")):
                relative = file.relative_to(base).as_posix()
                assert _shipped(config, owner, relative), f"{file} is not package data of {owner}"


def test_folder_names_are_not_importable(tmp_path: Path) -> None:
    """The installed project provides ``kembar.graph`` and ``kembar.api``, never bare
    ``graph`` or ``api`` (which would shadow, or be shadowed by, other packages).

    Asked in a fresh interpreter outside the repository: from its root the folders
    themselves are importable (the working directory is on ``sys.path``), which says
    nothing about the installation, and where the repository lives must not matter.
    """
    probe = (
        "import importlib.util as u, json; "
        "print(json.dumps({n: u.find_spec(n) is not None "
        "for n in ('graph', 'api', 'kembar.graph', 'kembar.api.cli')}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )  # fmt: skip
    assert json.loads(found.stdout) == {
        "graph": False, "api": False, "kembar.graph": True, "kembar.api.cli": True
    }  # fmt: skip


@pytest.mark.slow
def test_a_wheel_built_from_the_checkout_serves_the_pages(tmp_path: Path) -> None:
    """Every file a template or a script loads from ``/static`` is in the wheel, with the
    translations and the cookbook's queries: a server installed from it is whole."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("kembar-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = [
        *(ROOT / "api" / "templates").glob("*.html"),
        *(ROOT / "api" / "static" / "js").glob("*.js"),
    ]
    loaded = {m for f in sources for m in re.findall(r"/static/([\w./-]+\.\w+)", f.read_text())}
    assert len(loaded) >= 10
    missing = sorted(f for f in loaded if f"kembar/api/static/{f}" not in names)
    assert missing == []
    assert "kembar/api/locale/id/LC_MESSAGES/messages.po" in names
    assert "kembar/api/web/cookbook/01.rq" in names
