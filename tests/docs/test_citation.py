"""CITATION.cff: valid Citation File Format 1.2.0 that names the version being released."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
yaml = pytest.importorskip("yaml")


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_has_the_fields_cff_1_2_requires():
    cff = _cff()
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"].strip() and cff["title"].strip()
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    for ref in cff.get("references", []):
        assert {"type", "title", "authors"} <= set(ref)


def test_citation_version_and_license_match_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    cff = _cff()
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == project["license"]["text"]


@pytest.mark.skipif(shutil.which("cffconvert") is None, reason="cffconvert not installed")
def test_cffconvert_validates_the_file():
    done = subprocess.run(
        ["cffconvert", "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
