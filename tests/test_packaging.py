"""Every folder under a mapped package folder is listed in pyproject's ``packages``."""

from __future__ import annotations

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


def test_folder_names_are_not_importable() -> None:
    import importlib.util

    assert importlib.util.find_spec("kembar.graph") is not None
    for bare in ("graph", "api"):
        spec = importlib.util.find_spec(bare)
        assert spec is None or "kembar" not in str(spec.origin), bare
