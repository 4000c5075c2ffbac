"""The docs/cases.md page: records always, forecasts where scored, verdicts that can fail."""

from __future__ import annotations

from pathlib import Path

from _tables import log_row, proposal, record, tables

from resetsim.cases.outcomes import load_cases
from resetsim.cases.report import render_cases_page, write_cases_page
from resetsim.cases.scoring import score_case


def row(*cells: str) -> str:
    """A Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def test_unscored_cases_show_their_record_with_dashes():
    page = render_cases_page(load_cases())
    assert page.count("not scored yet") == 7
    assert (
        row(
            "US Senate consents to the ABM Treaty",
            "proposal",
            "US",
            "1969-01 to 1973-08",
            "yes",
            "—",
            "—",
        )
        in page
    )
    assert "| Senate roll call on the ABM Treaty | Senate | 1972-08 | 88-2 (0.98) | — |" in page


def test_a_scored_case_shows_forecast_and_verdict(tmp_path):
    good = record(proposal(), case="good")
    bad = record(proposal(id="x", happened=False, date=None), case="bad")
    other = record(proposal(id="y", happened=False, date=None), case="other")
    rows = [log_row(r, 5, "US", "ratified") for r in range(4)]  # p = 1 in both cases
    scores = {
        "good": score_case(good, tables(rows), records={"bad": bad}),
        "bad": score_case(bad, tables(rows), records={"good": good, "other": other}),
    }
    page = render_cases_page({"good": good, "bad": bad}, scores)
    # good: forecast 1 for what happened, Brier 0; base rate (bad's record) 0, Brier 1.
    # bad: forecast 1 for what did not happen, Brier 1; base rate 1/2, Brier 0.25.
    assert (
        row(
            "the deal is ratified",
            "proposal",
            "US",
            "2000-01 to 2000-12",
            "yes",
            "1.00",
            "0.000",
            "0.00",
            "1.000",
        )
        in page
    )
    assert (
        row(
            "[good](#good)",
            "2000-01 to 2000-12",
            "no",
            "4",
            "1",
            "1",
            "0.000",
            "1.000",
            "model better than the base rate",
        )
        in page
    )
    assert (
        row(
            "[bad](#bad)",
            "2000-01 to 2000-12",
            "no",
            "4",
            "1",
            "1",
            "1.000",
            "0.250",
            "**model worse than the base rate**",
        )
        in page
    )
    assert "| 0.8-1.0 | 2 | 1.00 | 0.50 |" in page  # pooled reliability
    # one of two forecast-1.0 outcomes happened: Wilson [0.09, 0.91] excludes 1.0
    flagged = "- forecasts 0.8-1.0: mean forecast 1.00, but 1 of 2 happened (0.50, [0.09, 0.91])"
    assert flagged in page
    assert "over-forecast." in page
    assert "beats the base rate on 1 of 2 scored cases (1 of 2 held-out cases)" in page
    assert "It fails bad:" in page
    # bad's only outcome is missed with Brier 1: listed under "Missed most"; good's is not
    assert "Missed most:\n\n- the deal is ratified: record no, forecast 1.00" in page
    assert "record yes, forecast 1.00" not in page
    path = write_cases_page(tmp_path / "cases.md", {"good": good}, scores)
    assert path.read_text(encoding="utf-8").startswith("# The case library")


def test_provenance_is_printed_above_the_summary():
    page = render_cases_page(load_cases(), provenance="Scores from 3 runs per case.")
    assert page.index("Scores from 3 runs per case.") < page.index("| case | window |")


def test_the_shipped_page_lists_every_case():
    page = (Path(__file__).resolve().parents[2] / "docs" / "cases.md").read_text(encoding="utf-8")
    assert page.startswith("# The case library")
    for name in load_cases():
        assert f"\n## {name}\n" in page


def test_a_hand_written_note_beside_the_page_is_shown_under_its_case(tmp_path):
    good = record(proposal(), case="good")
    other = record(proposal(id="x"), case="other")
    rows = [log_row(r, 5, "US", "ratified") for r in range(4)]
    scores = {"good": score_case(good, tables(rows))}
    notes = tmp_path / "case-notes"
    notes.mkdir()
    (notes / "good.md").write_text("First line\nwraps here.\n\nSecond paragraph.\n", "utf-8")
    page = write_cases_page(tmp_path / "cases.md", {"good": good, "other": other}, scores)
    text = page.read_text(encoding="utf-8")
    section = text[text.index("## good") : text.index("## other")]
    assert "**Reading the forecast** (written by hand after the runs):" in section
    assert "First line wraps here.\n\nSecond paragraph." in section
    assert "Reading the forecast" not in text[text.index("## other") :]
    fates = score_case(good, tables(rows)).fates
    assert fates.to_dict("records") == [
        {"proposal": "deal", "tabled": 0.0, "blocked": 0.0, "blocked_by": "",
         "blocked_by_share": 0.0, "implemented": 0.0}
    ]  # fmt: skip
