"""The wheel ships the templates inside the package, and the installed package finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import REPO

import mdgoals


def test_wheel_contains_the_package_and_its_templates(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    wheel = next(tmp_path.glob("mdgoals-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (REPO / "templates").iterdir() if p.is_file()}
    assert templates, "templates/ is empty"
    for name in templates:
        assert f"mdgoals/templates/{name}" in names
    assert "mdgoals/cli.py" in names and "mdgoals/reader/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "mdgoals = mdgoals.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_source_checkout_finds_the_templates():
    folder = mdgoals.templates_dir()
    assert (folder / "daily.md").is_file() and (folder / "style.css").is_file()


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "mdgoals", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"mdgoals, version {mdgoals.__version__}"
