"""``resetsim validate-model`` on tiny ensembles writes its report, page and figures."""

import pandas as pd
from typer.testing import CliRunner

from resetsim.cli import app
from resetsim.validation.report import FIGURES

runner = CliRunner()


def test_validate_model_writes_tables_figures_and_page(tmp_path):
    out, doc = tmp_path / "report", tmp_path / "docs" / "validation.md"
    args = ["validate-model", "--seeds", "2", "--escalation-seeds", "3", "--workers", "1"]
    args += ["--mechanism-seeds", "0"]  # the comparison with controls: test_mechanism_page
    result = runner.invoke(app, [*args, "--out", str(out), "--doc", str(doc)])
    assert result.exit_code == 0, result.output  # a report: 0 even if a pattern fails
    for name in (
        "patterns.csv",
        "patterns.md",
        "windows.csv",
        "gallup.csv",
        "escalation.csv",
        "lateness.csv",
    ):
        assert (out / name).stat().st_size > 0
    for file in FIGURES.values():
        assert (out / file).read_bytes()[:4] == b"\x89PNG"
        assert (doc.parent / "img" / file).exists()
    table = pd.read_csv(out / "patterns.csv")
    assert set(table["pattern"]) == set(range(1, 10))
    assert set(table["result"]) <= {"pass", "FAIL"}
    page = doc.read_text()
    assert "| pattern | statistic | threshold | value | result |" in page
    assert "## Where the model misses" in page and "## How the defaults were chosen" in page
    for file in FIGURES.values():
        assert f"(img/{file})" in page
    failed = (table["result"] == "FAIL").sum()
    assert ("FAILED" in result.output) == bool(failed)


def test_validate_model_rejects_a_file_as_out(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = runner.invoke(app, ["validate-model", "--seeds", "2", "--out", str(target)])
    assert result.exit_code == 1
    assert "is a file" in result.output
    assert "Traceback" not in result.output


def test_validate_model_puts_the_null_and_placebo_comparison_on_the_page(tmp_path, monkeypatch):
    import resetsim.validation.mechanism as mechanism

    every = mechanism.claims_for
    monkeypatch.setattr(mechanism, "claims_for", lambda only=None: every({"1"}))
    out, doc = tmp_path / "report", tmp_path / "validation.md"
    args = ["validate-model", "--seeds", "2", "--escalation-seeds", "2", "--workers", "1"]
    args += ["--mechanism-seeds", "3", "--out", str(out), "--doc", str(doc)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "mechanism.csv")
    assert list(table["pattern"]) == [1] and table["runs"].iloc[0] == 3
    page = doc.read_text()
    assert "## Mechanism or construction" in page and "Of 1 patterns" in page
    assert "no calibration of its own" in page
    assert "Patterns beside the null model and placebo calendars" in result.output
