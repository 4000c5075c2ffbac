"""Scenario files fail loudly: every bad file gives exit 1 and a message naming the file,
the field, the line where known and what is allowed, never a traceback.

Each case is checked three ways: through the Python API (the exact Problem: file, field
path, line), through ``resetsim validate FILE`` and through ``resetsim run FILE``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resetsim.scenario import ScenarioError, load_scenario
from resetsim.scenario.errors import unwrap_annotation
from resetsim.scenario.loader import builtin_dir
from resetsim.scenario.schema import Dynamics, PhaseRules, Structure

OBAMA = (builtin_dir() / "obama-2009.toml").read_text(encoding="utf-8")
HEAD = 'extends = "obama-2009"\ndescription = "A bad file."\n'
BAD_FILES = Path(__file__).parent / "data" / "bad_scenarios.toml"


@dataclass
class Case:
    """A bad scenario: files to write, the one to load, and the problem expected."""

    id: str
    files: dict[str, str]
    field: str  # expected Problem.field ("" for file-level problems)
    says: list[str]  # substrings of the message
    line: int | None = None  # expected line, None when not known
    target: str = "bad.toml"
    count: int = 1
    extra: dict = field(default_factory=dict)


CASES = [
    Case(
        "missing-required-top-level",
        {"bad.toml": OBAMA.replace('start = "2009-01"\n', "")},
        "start",
        ["required field is missing", '"YYYY-MM"'],
    ),
    Case(
        "extends-cycle",
        {"bad.toml": 'extends = "other"\n', "other.toml": 'extends = "bad"\n'},
        "extends",
        ["extends cycle", "bad -> other -> bad"],
        line=1,
        extra={"file": "other.toml"},
    ),
    Case(
        "extends-itself",
        {"bad.toml": 'extends = "bad"\n'},
        "extends",
        ["extends cycle", "bad -> bad"],
        line=1,
    ),
    Case(
        "missing-parent",
        {"bad.toml": 'extends = "obama-2010"\n'},
        "extends",
        ["no scenario named 'obama-2010'", "did you mean obama-2009?"],
        line=1,
    ),
    Case(
        "extends-relative-path",
        {"bad.toml": 'extends = "../obama-2009"\n'},
        "extends",
        ["must be a scenario name from the search path", "not a file path"],
        line=1,
    ),
    Case(
        "extends-absolute-path",
        {"bad.toml": f'extends = "{builtin_dir() / "obama-2009.toml"}"\n'},
        "extends",
        ["not a file path"],
        line=1,
    ),
    Case(
        "extends-not-text",
        {"bad.toml": "extends = 2009\n"},
        "extends",
        ['must be the name of another scenario in quotes, e.g. extends = "obama-2009"'],
        line=1,
    ),
    Case(
        "several-errors-together",
        {
            "bad.toml": HEAD
            + 'initial_trust = "0.25"\n'
            + "[structure]\ntrade_shar = 0.01\nclash_impact = 2.0\n"
            + '[[events]]\ndate = "2030-01"\nkind = "clash"\nlabel = "Far future"\n'
        },
        "initial_trust",
        ["must be a number from 0 to 1", 'got text "0.25"'],
        line=3,
        count=4,
        extra={
            "also": [
                ("structure.trade_shar", 5),
                ("structure.clash_impact", 6),
                ("events[Far future].date", 8),
            ]
        },
    ),
]


def _data_cases() -> list[Case]:
    """The cases of ``data/bad_scenarios.toml``: HEAD and a bad snippet in ``bad.toml``."""
    table = tomllib.loads(BAD_FILES.read_text(encoding="utf-8"))["case"]
    return [
        Case(c["id"], {"bad.toml": HEAD + c["text"]}, c["field"], c["says"], c.get("line"))
        for c in table
    ]


CASES += _data_cases()


def _problems(case: Case, folder: Path) -> list:
    for name, text in case.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder / case.target)
    return info.value.problems


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_api_names_file_field_line_and_allowed(case, tmp_path):
    problems = _problems(case, tmp_path)
    assert len(problems) == case.count, problems
    problem = next((p for p in problems if p.field == case.field), None)
    assert problem is not None, [p.field for p in problems]
    assert Path(problem.file).name == case.extra.get("file", case.target)
    assert problem.line == case.line, str(problem)
    for text in case.says:
        assert text in problem.message, problem.message
    for other_field, other_line in case.extra.get("also", []):
        other = next(p for p in problems if p.field == other_field)
        assert other.line == other_line, str(other)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_cli_validate_and_run_fail_cleanly(case, cli, write):
    for name, text in case.files.items():
        write(name, text)
    result = cli("validate", case.target)
    result.assert_clean_failure()
    where = case.extra.get("file", case.target)
    assert f"{where}:{case.line}:" in result.flat if case.line else where in result.flat
    for text in case.says:
        assert " ".join(text.split()) in result.flat
    if not re.search(r"\[[a-z]", case.field):  # see test_cli_prints_field_paths_verbatim
        assert case.field in result.flat
    run = cli("run", case.target, "--out", "out")
    run.assert_clean_failure()
    assert where in run.flat
    assert not Path("out").exists()


def test_cli_prints_field_paths_verbatim(cli, write):
    write("bad.toml", HEAD + '[[proposals]]\nid = "new-start"\nagencies = ["Pentagon"]\n')
    result = cli("validate", "bad.toml")
    assert "proposals[new-start].agencies" in result.flat


def test_valid_files_pass(cli, write):
    write(
        "mine.toml",
        """
        extends = "obama-2009"
        description = "A small counterfactual."

        [structure]
        trade_share = 0.01

        [[factions]]
        name = "Republican hawks"
        seats = 15
        """,
    )
    assert cli("validate", "mine.toml").exit_code == 0
    result = cli("run", "mine.toml", "--months", "3", "--seed", "2", "--out", "out")
    assert result.exit_code == 0, result.output
    assert Path("out/timeseries.parquet").is_file()


def test_unreadable_and_absent_files(cli, workdir):
    (workdir / "latin1.toml").write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    result = cli("validate", "latin1.toml")
    result.assert_clean_failure()
    assert "not UTF-8" in result.flat
    result = cli("validate", "nowhere.toml")
    result.assert_clean_failure()
    assert "no such scenario file" in result.flat
    result = cli("run", "obama-2010")
    result.assert_clean_failure()
    assert "did you mean obama-2009?" in result.flat


def test_validate_reports_every_file(cli, write):
    write("one.toml", HEAD + "months = 0\n")
    write("two.toml", HEAD + "[structure]\ntrade_share = 0.5\n")
    result = cli("validate", "one.toml", "two.toml", "obama-2009")
    result.assert_clean_failure()
    assert "one.toml:3: months" in result.flat
    assert "two.toml:4: structure.trade_share" in result.flat
    assert "ok obama-2009" in result.flat


# ---------------------------------------------------------------- generated cases
def _unit_fields() -> list[tuple[str, str, float, float]]:
    """(table, field, low, high) of every bounded number in structure, dynamics, phases."""
    out = []
    for table, model in (("structure", Structure), ("dynamics", Dynamics), ("phases", PhaseRules)):
        for name, info in model.model_fields.items():
            bare, _, _ = unwrap_annotation(info.annotation)
            meta = list(info.metadata)
            lows = [getattr(m, k) for m in meta for k in ("ge", "gt") if hasattr(m, k)]
            highs = [getattr(m, k) for m in meta for k in ("le", "lt") if hasattr(m, k)]
            if bare in (int, float) and lows and highs:
                out.append((table, name, float(lows[0]), float(highs[0])))
    return out


BOUNDED = _unit_fields()


def _only_problem(text: str):
    """The one problem that loading HEAD + ``text`` gives (it must give exactly one)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bad.toml"
        path.write_text(HEAD + text, encoding="utf-8")
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
    (problem,) = info.value.problems
    return problem


@settings(max_examples=25, deadline=None)
@given(
    target=st.sampled_from(BOUNDED),
    above=st.booleans(),
    by=st.floats(min_value=0.01, max_value=50, allow_nan=False),
)
def test_any_out_of_range_number_is_reported_with_its_range(target, above, by):
    table, name, low, high = target
    value = high + by if above else low - by
    problem = _only_problem(f"[{table}]\n{name} = {value!r}\n")
    assert problem.field == f"{table}.{name}"
    assert problem.line == 4
    assert problem.message.startswith(("must be a number", "must be a whole number"))
    assert f"{high:g}" in problem.message and f"{low:g}" in problem.message


@settings(max_examples=25, deadline=None)
@given(target=st.sampled_from(BOUNDED), data=st.data())
def test_any_misspelt_key_is_reported_with_a_suggestion(target, data):
    table, name, _, _ = target
    i = data.draw(st.integers(min_value=0, max_value=len(name) - 1))
    typo = name[:i] + name[i + 1 :] if len(name) > 4 else name + "x"  # drop one letter
    if typo in dict.fromkeys(f for t, f, _, _ in BOUNDED if t == table):
        return
    problem = _only_problem(f"[{table}]\n{typo} = 0.5\n")
    assert problem.field == f"{table}.{typo}"
    assert problem.line == 4
    assert "unknown field" in problem.message
    assert name in problem.message  # suggested, or at least listed as allowed


def test_installed_command_fails_cleanly(write, workdir):
    """The real entry point, in a subprocess: exit codes and no traceback on stderr."""
    script = Path(sys.executable).with_name("resetsim")
    if not script.exists():
        pytest.skip("the resetsim console script is not installed next to this Python")
    write("bad.toml", HEAD + "[structure]\ntrade_share = 0.5\nworldview_gapp = 0.1\n")
    env = {**os.environ, "COLUMNS": "200"}
    bad = subprocess.run(
        [script, "validate", "bad.toml"], capture_output=True, text=True, env=env, timeout=60
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr + bad.stdout
    assert "bad.toml:4: structure.trade_share: must be a number from 0 to 0.2" in bad.stderr
    assert "bad.toml:5: structure.worldview_gapp: unknown field" in bad.stderr
    good = subprocess.run(
        [script, "validate", "obama-2009"], capture_output=True, text=True, env=env, timeout=60
    )
    assert good.returncode == 0, good.stderr
