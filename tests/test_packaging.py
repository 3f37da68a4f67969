"""Every folder under a mapped package folder is listed in pyproject's ``packages``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subfolder_is_a_listed_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    listed = set(config["packages"])
    for package, folder in config["package-dir"].items():
        for sub in [ROOT / folder, *(p for p in (ROOT / folder).rglob("*") if p.is_dir())]:
            if sub.name == "__pycache__":
                continue
            dotted = ".".join([package, *sub.relative_to(ROOT / folder).parts])
            assert dotted in listed, f"{dotted} ({sub}) is missing from [tool.setuptools] packages"


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
