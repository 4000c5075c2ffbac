"""Where a result came from: Python, the versions of the packages that shape it, the commit.

:func:`environment` is recorded in every batch manifest (``manifest["environment"]``) so
that a reader can rebuild the software a batch ran on: the Python version and platform,
the installed versions of resetsim and of the libraries its results pass through, and,
when resetsim runs from a git checkout, the commit and whether the checkout had
uncommitted changes. Following the practice of recording the computational environment
with every result (Sandve et al. 2013, "Ten simple rules for reproducible computational
research", rules 3 and 4).
"""

from __future__ import annotations

import platform
import subprocess
import sys
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

__all__ = ["PACKAGES", "environment", "git_state", "package_versions"]

PACKAGES: tuple[str, ...] = (
    "resetsim",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "pydantic",
    "scipy",
    "dask",
)
"""Distributions whose versions are recorded (those not installed are recorded as None)."""


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each distribution in ``names`` (None when not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@cache
def git_state(root: Path | None = None) -> dict[str, Any] | None:
    """Commit and dirtiness of the checkout resetsim runs from, or None outside one.

    Args:
        root: the checkout's top folder (default: the folder above the ``resetsim``
            package, which holds ``pyproject.toml`` in a source checkout).

    Returns:
        ``{"commit": <40 hex digits>, "dirty": bool}`` where ``dirty`` says that tracked
        files differ from the commit; None when ``root`` is not the top of a git checkout
        of resetsim (an installed wheel) or git is missing.

    """
    root = root or Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / "resetsim").is_dir():
        return None  # installed package, not a source checkout
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None or Path(top).resolve() != root.resolve():
        return None
    commit = _git(root, "rev-parse", "HEAD")
    if commit is None:
        return None
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": bool(status)}


def environment() -> dict[str, Any]:
    """The software a result is produced with (see the module docstring)."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "executable": sys.executable,
        "packages": package_versions(),
        "git": git_state(),
    }
