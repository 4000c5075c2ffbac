"""Helpers for the scenario tests: write small TOML files, call the CLI, read its output.

Bad files are written into ``tmp_path`` and the tests run from there, so paths in messages
stay short (the CLI's console wraps long lines at spaces; ``flat`` undoes that).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from resetsim.cli import app


def flat(text: str) -> str:
    """Output with every run of whitespace collapsed to one space (undoes line wrapping)."""
    return " ".join(text.split())


@dataclass
class CliResult:
    exit_code: int
    output: str
    exception: BaseException | None

    @property
    def flat(self) -> str:
        return flat(self.output)

    def assert_clean_failure(self) -> None:
        """Exit 1 with a message, and no traceback or stray exception."""
        assert self.exit_code == 1, self.output
        assert self.exception is None or isinstance(self.exception, SystemExit), repr(
            self.exception
        )
        assert "Traceback" not in self.output
        assert self.output.strip()


@pytest.fixture
def cli():
    """Call ``resetsim ARGS...`` in-process; returns a CliResult."""
    runner = CliRunner()

    def invoke(*args: str) -> CliResult:
        result = runner.invoke(app, [str(a) for a in args])
        return CliResult(result.exit_code, result.output, result.exception)

    return invoke


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """``tmp_path`` as the current folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write(workdir):
    """Write dedented TOML to ``workdir/name``; returns the file name (relative)."""

    def _write(name: str, text: str) -> str:
        (workdir / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return name

    return _write
