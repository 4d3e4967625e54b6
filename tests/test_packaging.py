"""The package ships every folder of kg/ and ontology/ (pip installs them all and warns about none)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _folders(top: Path, package: str) -> set[str]:
    found = {package}
    for path in top.rglob("*"):
        if path.is_dir() and "__pycache__" not in path.parts and not path.name.startswith("."):
            found.add(".".join([package, *path.relative_to(top).parts]))
    return found


def test_every_folder_of_the_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = _folders(ROOT / "kg", "kg") | _folders(ROOT / "ontology", "kg.ontology")
    assert on_disk - listed == set(), f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert listed - on_disk == set(), f"listed but absent: {sorted(listed - on_disk)}"
