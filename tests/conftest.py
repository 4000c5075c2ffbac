"""Fixtures every test folder shares."""

from __future__ import annotations

import pytest


@pytest.fixture
def refused(tmp_path):
    """Check that a file with bad content is refused with an error that names the file.

    ``refused(load, error, text, message, name)`` writes ``text`` to ``tmp_path / name``,
    calls ``load`` on it, and asserts that it raises ``error`` matching ``message`` (a
    regular expression) whose text includes the file's path.
    """

    def check(load, error: type[Exception], text: str, message: str, name: str) -> None:
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(error, match=message) as info:
            load(path)
        assert str(path) in str(info.value)

    return check
