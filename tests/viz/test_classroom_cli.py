"""``resetsim classroom`` without serving: what it prints and hands the server; the key check."""

from __future__ import annotations

import re
import socket

import pytest
from typer.testing import CliRunner

from resetsim.cli import app
from resetsim.viz.classroom.live import ENV
from resetsim.viz.classroom.session import ClassroomSession
from resetsim.viz.classroom.teacher import key_matches


@pytest.fixture
def served(monkeypatch, solara_assets_dir):
    """Run the command with the server replaced by a recorder of what it would serve."""
    import resetsim.cli.classroom as command

    for name in ENV.values():
        monkeypatch.setenv(name, "")  # restored after the test
    calls = []
    monkeypatch.setattr(command, "run_server", lambda *args: calls.append(args))

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]

    def run(*args: str):
        result = CliRunner().invoke(
            app, ["classroom", "--port", str(port), "--assets", str(solara_assets_dir), *args]
        )
        return result, calls, port

    return run


def test_prints_the_console_and_join_addresses(served, tmp_path) -> None:
    import os

    result, calls, port = served("--seed", "4", "--save", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    key = os.environ[ENV["key"]]
    code = os.environ[ENV["code"]]
    assert f"http://127.0.0.1:{port}/teacher?key={key}" in result.output
    join = f"join at http://127.0.0.1:{port}/join with the code {code}"
    assert join in result.output
    assert len(key) >= 16 and re.fullmatch(r"[A-Z2-9]{5}", code)
    assert os.environ[ENV["seed"]] == "4" and os.environ[ENV["scenario"]] == "teaching-neustadt"
    assert os.environ[ENV["save"]] == str((tmp_path / "s.json").resolve())
    (app_path, host, served_port, _folder, _what) = calls[0]
    assert app_path.name == "app.py" and (host, served_port) == ("127.0.0.1", port)


def test_reopens_a_saved_session(served, tmp_path) -> None:
    import os

    saved = ClassroomSession("obama-2009", seed=9, code="AAAAA", save_path=tmp_path / "s.json")
    saved.advance()
    saved.save()
    result, _, _ = served("--open", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    assert "obama-2009, seed 9 (reopened)" in result.output
    assert os.environ[ENV["reopen"]] == str((tmp_path / "s.json").resolve())


def test_the_console_needs_the_key() -> None:
    assert key_matches("key=s3cret", "s3cret")
    assert key_matches("x=1&key=s3cret", "s3cret")
    assert not key_matches("key=s3cre", "s3cret")
    assert not key_matches(None, "s3cret")
    assert not key_matches("key=", "")  # no key set: the console stays closed


def test_join_address_for_a_wildcard_host_is_not_loopback() -> None:
    from resetsim.cli.classroom import reachable_address

    assert reachable_address("127.0.0.1") == "127.0.0.1"
    assert reachable_address("::1") == "[::1]"
    wildcard = reachable_address("0.0.0.0")
    assert not wildcard.startswith("127.")
    assert wildcard == "<this machine's address>" or wildcard.count(".") == 3
