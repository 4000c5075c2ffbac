"""Bad input through the real command line: one clear line, the right exit code, no trace.

Every case runs ``resetsim ...`` in a new process and checks the exit code (1 for bad
input, 2 for a usage error), that stderr holds no traceback, that its first line is an
``error:`` line naming the input, and that the output folders are as they were.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ENTRY = "from resetsim.cli import app; app()"


@dataclass
class Bad:
    """A bad command line: arguments (``{tmp}``, ``{file}`` and ``{ro}`` filled in), the
    exit code and the text the error line must contain."""

    id: str
    args: list[str]
    code: int
    says: list[str] = field(default_factory=list)


def _readonly(tmp: Path) -> Path:
    """A folder this process cannot write in (root writes anywhere but in /sys)."""
    if os.geteuid() == 0:
        return Path("/sys/resetsim-out")
    folder = tmp / "ro"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o555)
    return folder / "out"


SMALL = ["obama-2009", "--seeds", "2", "--months", "3"]
CASES = [
    Bad("batch-out-under-file", ["batch", *SMALL, "--out", "{file}/b"], 1, ["{file}", "a file"]),
    Bad("batch-out-readonly", ["batch", *SMALL, "--out", "{ro}"], 1, ["{ro}", "cannot write"]),
    Bad("run-out-under-file", ["run", "--months", "3", "--out", "{file}/r"], 1, ["{file}"]),
    Bad("run-out-readonly", ["run", "--months", "3", "--out", "{ro}"], 1, ["{ro}"]),
    Bad("plot-out-under-file", ["plot", "decay", "{tmp}", "--out", "{file}/d.png"], 1, ["{file}"]),
    Bad(
        "plot-out-readonly", ["plot", "decay", "{tmp}", "--out", "{ro}/d.png"], 1, ["cannot write"]
    ),
    Bad(
        "calibrate-out-under-file",
        ["calibrate", "--grid", "dynamics.favourability_mid=50,55", "--out", "{file}/c"],
        1,
        ["{file}"],
    ),
    Bad("calibrate-out-readonly", ["calibrate", "--grid", "a=1,2", "--out", "{ro}"], 1, ["{ro}"]),
    Bad("attribute-out-under-file", ["attribute", "--out", "{file}/a"], 1, ["{file}"]),
    Bad("sensitivity-out-under-file", ["sensitivity", "--out", "{file}/s"], 1, ["{file}"]),
    Bad("run-negative-seed", ["run", "--seed", "-1", "--out", "{tmp}/r"], 2, ["--seed"]),
    Bad("explain-negative-seed", ["explain", "--seed", "-3"], 2, ["--seed"]),
    Bad(
        "malformed-scheduler",
        ["batch", *SMALL, "--scheduler", "not an address", "--out", "{tmp}/b"],
        1,
        ["--scheduler", "not an address", "host:port"],
    ),
    Bad(
        "scheduler-port-out-of-range",
        ["batch", *SMALL, "--scheduler", "tcp://h:99999", "--out", "{tmp}/b"],
        1,
        ["tcp://h:99999"],
    ),
    Bad(
        "markup-in-out",
        ["batch", *SMALL, "--out", "{file}/x[/]y[bold]"],
        1,
        ["{file}/x[/]y[bold]"],
    ),
    Bad(
        "unknown-scenario",
        ["batch", "no-such-scenario", "--seeds", "1", "--out", "{tmp}/b"],
        1,
        ["no-such-scenario"],
    ),
    Bad("workers-1000", ["batch", *SMALL, "--workers", "1000", "--out", "{tmp}/b"], 1, ["--force"]),
    Bad(
        "serial-with-workers",
        ["batch", *SMALL, "--executor", "serial", "--workers", "2", "--out", "{tmp}/b"],
        1,
        ["--executor serial", "--workers 2"],
    ),
    Bad(
        "seeds-1e11",
        ["batch", "obama-2009", "--seeds", str(10**11), "--out", "{tmp}/b"],
        1,
        ["100,000,000,000 runs"],
    ),
    Bad(
        "two-million-runs-need-yes",
        ["batch", "obama-2009", "--seeds", "2000000", "--out", "{tmp}/b"],
        1,
        ["2,000,000 runs", "--yes"],
    ),
    Bad(
        "grid-range-1e9",
        ["batch", *SMALL, "--grid", "structure.trade_share=0:0.1:1000000000", "--out", "{tmp}/b"],
        1,
        ["0:0.1:1000000000", "1,000,000,000 values"],
    ),
    Bad(
        "grid-huge-n-digits",
        [
            "batch",
            *SMALL,
            "--grid",
            "structure.trade_share=0:0.1:" + "9" * 5000,
            "--out",
            "{tmp}/b",
        ],
        1,
        ["values is more than a grid axis may hold"],
    ),
    Bad(
        "batch-months-5000",
        ["batch", "obama-2009", "--seeds", "1", "--months", "5000", "--out", "{tmp}/b"],
        1,
        ["--months", "1200"],
    ),
    Bad("run-months-1e8", ["run", "--months", "100000000", "--out", "{tmp}/r"], 2, ["--months"]),
    Bad(
        "run-months-past-horizon",
        ["run", "--months", "500", "--out", "{tmp}/r"],
        1,
        ["--months 500", "horizon"],
    ),
    Bad(
        "run-set-twice",
        [
            "run",
            "--set",
            "structure.trade_share=0.01",
            "--set",
            "structure.trade_share=0.02",
            "--out",
            "{tmp}/r",
        ],
        1,
        ["given twice"],
    ),
    Bad(
        "batch-set-twice",
        [
            "batch",
            *SMALL,
            "--set",
            "structure.trade_share=0.01",
            "--set",
            "structure.trade_share=0.02",
            "--out",
            "{tmp}/b",
        ],
        1,
        ["structure.trade_share", "given twice"],
    ),
    Bad(
        "batch-grid-twice",
        [
            "batch",
            *SMALL,
            "--grid",
            "structure.trade_share=0.01",
            "--grid",
            "structure.trade_share=0.02",
            "--out",
            "{tmp}/b",
        ],
        1,
        ["given twice"],
    ),
    Bad(
        "batch-unknown-executor",
        ["batch", *SMALL, "--executor", "threads", "--out", "{tmp}/b"],
        1,
        ["threads"],
    ),
    Bad("unknown-command", ["nosuch"], 2, ["nosuch"]),
    Bad("deeply-nested-toml", ["run", "{deep}", "--out", "{tmp}/r"], 1, ["{deep}", "too deeply"]),
    Bad("unknown-option", ["run", "--nope"], 2, ["--nope"]),
    Bad("repair-not-a-batch", ["batch", "--repair", "{tmp}"], 1, ["--repair", "batch.toml"]),
    Bad(
        "forecast-unknown-case",
        ["forecast", "no-such-case", "--seeds", "2", "--out", "{tmp}/f"],
        1,
        ["no-such-case", "no such outcomes file", "us-cuba-2014"],
    ),
    Bad(
        "forecast-out-under-file",
        ["forecast", "us-cuba-2014", "--seeds", "2", "--out", "{file}/f"],
        1,
        ["{file}", "a file"],
    ),
    Bad(
        "forecast-out-readonly",
        ["forecast", "us-cuba-2014", "--seeds", "2", "--out", "{ro}"],
        1,
        ["{ro}", "cannot write"],
    ),
    Bad(
        "forecast-out-not-empty",
        ["forecast", "us-cuba-2014", "--seeds", "2", "--out", "{tmp}"],
        1,
        ["{tmp}", "not empty"],
    ),
    Bad(
        "forecast-page-under-file",
        ["forecast", "all", "--seeds", "2", "--out", "{tmp}/f", "--page", "{file}/cases.md"],
        1,
        ["--page", "{file}"],
    ),
    Bad("forecast-zero-seeds", ["forecast", "us-cuba-2014", "--seeds", "0"], 2, ["--seeds"]),
    Bad(
        "batch-zip-one-key",
        ["batch", *SMALL, "--zip", "structure.trade_share=0,0.01", "--out", "{tmp}/b"],
        1,
        ["--zip structure.trade_share", "at least two"],
    ),
    Bad(
        "batch-zip-uneven",
        [
            "batch",
            *SMALL,
            "--zip",
            "structure.trade_share=0,0.01",
            "--zip",
            "structure.worldview_gap=0.8,0.5,0.3",
            "--out",
            "{tmp}/b",
        ],
        1,
        ["structure.worldview_gap has 3", "as many values each"],
    ),
    Bad("show-out-not-toml", ["show", "obama-2009", "--out", "{tmp}/x.txt"], 1, [".toml"]),
    Bad("show-out-under-file", ["show", "obama-2009", "--out", "{file}/x.toml"], 1, ["{file}"]),
    Bad("classroom-unknown-scenario", ["classroom", "--scenario", "../x"], 1, ["../x"]),
    Bad("classroom-turn-5", ["classroom", "--turn-months", "5"], 1, ["--turn-months", "1, 3, 6"]),
    Bad("classroom-open-not-a-session", ["classroom", "--open", "{file}"], 1, ["--open", "{file}"]),
    Bad("classroom-save-no-folder", ["classroom", "--save", "{tmp}/no/s.json"], 1, ["--save"]),
]


def _fill(text: str, places: dict[str, str]) -> str:
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


def _tree(root: Path) -> list[tuple[str, int]]:
    return sorted(
        (str(p.relative_to(root)), p.stat().st_size if p.is_file() else -1) for p in root.rglob("*")
    )


def resetsim(*args: str, cwd: Path | None = None, timeout: float = 120):
    env = {**os.environ, "COLUMNS": "250"}
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


DRIVER = """
import contextlib, io, json, sys, traceback
from pathlib import Path
from resetsim.cli import app

def tree(root):
    return sorted((str(p), p.stat().st_size if p.is_file() else -1) for p in root.rglob("*"))

root = Path(sys.argv[1])
results = []
for args in json.loads(sys.argv[2]):
    out, err = io.StringIO(), io.StringIO()
    before = tree(root)
    code = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            app(args)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            traceback.print_exc()
    results.append(
        {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(),
         "unchanged": tree(root) == before}
    )
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Every case of CASES run through ``resetsim.cli.app``, one after another, in one new
    process (so that the command line's imports are paid once)."""
    import json

    root = tmp_path_factory.mktemp("bad-input")
    file = root / "a-file"
    file.write_text("x\n")
    deep = root / "deep.toml"
    deep.write_text('extends = "obama-2009"\nx = ' + "[" * 5000 + "]" * 5000 + "\n")
    places = {
        "tmp": str(root),
        "file": str(file),
        "ro": str(_readonly(root)),
        "deep": str(deep),
    }
    argv = [[_fill(a, places) for a in case.args] for case in CASES]
    env = {**os.environ, "COLUMNS": "250"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(root), json.dumps(argv)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    return places, dict(zip((c.id for c in CASES), results, strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_gives_one_clear_line(case, outcomes):
    places, results = outcomes
    result = results[case.id]
    assert result["code"] == case.code, result
    assert "Traceback" not in result["stderr"] + result["stdout"]
    lines = result["stderr"].strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result["stderr"]
    for text in case.says:
        assert _fill(text, places) in lines[0], lines[0]
    assert result["unchanged"]
    assert not Path("/sys/resetsim-out").exists()


def test_the_installed_entry_point_fails_cleanly(tmp_path):
    """The same path through the console script's own process (not the driver above)."""
    result = resetsim("run", "--seed", "-1", "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: Invalid value for '--seed'")
    assert not (tmp_path / "r").exists()


def test_user_text_is_never_read_as_markup(tmp_path):
    out = tmp_path / "x[/]y[bold]z"
    result = resetsim("batch", *SMALL, "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"-> {out}" in result.stdout and "Traceback" not in result.stderr
    assert (out / "manifest.json").is_file()


def test_malformed_scenario_files_fail_cleanly(tmp_path):
    """The scenario tests' table of bad files, through ``resetsim validate`` in one process."""
    sys.path.insert(0, str(Path(__file__).parent / "scenarios"))
    try:
        from test_bad_input import CASES as FILES
    finally:
        sys.path.pop(0)
    targets = []
    for i, case in enumerate(FILES):
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        for name, text in case.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        targets.append(str(folder / case.target))
    result = resetsim("validate", *targets, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for target in targets:
        assert f"INVALID {target}" in result.stderr


def test_disk_full_is_one_line_and_the_batch_resumes(tmp_path):
    """A write failing with ENOSPC mid-batch: one line, exit 1, then --resume completes it."""
    out = tmp_path / "b"
    args = ["batch", *SMALL, "--seeds", "4", "--chunk-size", "1", "--out", str(out), "--quiet"]
    code = (
        "import errno, resetsim.batch.store as s\n"
        "real = s._write_parquet\n"
        "calls = []\n"
        "def full(path, table):\n"
        "    calls.append(path)\n"
        "    if len(calls) > 7:\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device', str(path))\n"
        "    real(path, table)\n"
        "s._write_parquet = full\n" + ENTRY.replace("; ", "\n")
    )
    full = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )
    assert full.returncode == 1 and "Traceback" not in full.stderr
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1 and "no space left" in lines[0] and "--resume" in lines[0]
    resumed = resetsim(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    from resetsim.batch import load_batch, read_manifest

    assert read_manifest(out)["counts"]["ok"] == 4
    assert sorted(load_batch(out, ["runs"])["runs"]["run_id"]) == [0, 1, 2, 3]


def test_no_actors_writes_no_actors_folder(tmp_path):
    out = tmp_path / "b"
    result = resetsim("batch", *SMALL, "--no-actors", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    assert not (out / "actors").exists() and (out / "timeseries").is_dir()


def test_an_attribution_is_never_mixed_with_earlier_output(tmp_path):
    out = tmp_path / "a"
    out.mkdir()
    (out / "attribution.csv").write_text("old\n")
    result = resetsim("attribute", "--seeds", "2", "--out", str(out))
    assert result.returncode == 1 and "earlier attribution" in result.stderr
    assert [p.name for p in out.iterdir()] == ["attribution.csv"]


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@settings(max_examples=60, deadline=None)
@given(
    key=st.text(st.characters(blacklist_characters="\x00=", blacklist_categories=("Cs",))),
    value=_TEXT,
)
def test_any_set_text_is_parsed_or_refused_with_a_message(key, value):
    """``--set`` text: an overrides dict, or typer.Exit after one error line, never a crash."""
    import typer

    from resetsim.cli.common import parse_sets

    try:
        out = parse_sets([f"{key}={value}"])
    except typer.Exit as exc:
        assert exc.exit_code == 1
    else:
        assert list(out) == [key.strip()]


@settings(max_examples=80, deadline=None)
@given(
    value=st.one_of(
        _TEXT,
        st.builds(
            "{}:{}:{}".format,
            st.floats(allow_nan=True, allow_infinity=True),
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(min_value=-5, max_value=10**12),
        ),
    )
)
def test_any_grid_text_is_parsed_or_refused_with_a_batch_error(value):
    """``--grid`` text: at most MAX_GRID_VALUES values, or a BatchError, never another error."""
    from resetsim.batch.spec import MAX_GRID_VALUES, BatchError, normalise_values, parse_grid_text

    try:
        values = normalise_values("k", parse_grid_text("k", value))
    except BatchError as exc:
        assert str(exc).strip()
    else:
        assert 1 <= len(values) <= MAX_GRID_VALUES
