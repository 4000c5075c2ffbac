"""The dashboard's debrief views in headless Chromium: scoreboard, 20 seeds, two levels, projector.

Expected figures come from the same functions run in this process (the scoreboard's
``run_scores``, the 20-seed ``seed_spread``), never typed in. Set
RESETSIM_SCREENSHOT_DIR=docs/img to save debrief.png and projector.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_pages import maybe_screenshot, step

from resetsim import load_scenario
from resetsim.viz.dashboard_model import (
    DEFAULT_SCENARIO,
    DashboardModel,
    knob_overrides,
    knob_values,
)
from resetsim.viz.dashboard_presets import apply_preset
from resetsim.viz.dashboard_session import SpreadRecord
from resetsim.viz.dashboard_views import spread_rows
from resetsim.viz.ratification import ratification_rows
from resetsim.viz.scoreboard import run_scores, seed_spread

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _scores_after(months: int, **knobs: float) -> dict[str, Any]:
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0, **knobs)
    model.run(months)
    return run_scores(model.timeseries(), model.decision_log(), model.resets())


def test_each_reset_adds_a_scoreboard_row_and_20_seeds_compare_settings(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    months = 30
    step(page, months)
    page.get_by_role("button", name="strong persuader").click()
    expect(page.get_by_text("changed - press Reset")).to_be_visible()
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(page.locator(".resetsim-readout")).to_contain_text("capital 0.95")
    rows = page.locator(".resetsim-scoreboard tbody tr")
    expect(rows).to_have_count(2)
    kept = rows.nth(1)
    expected = _scores_after(months)
    expect(kept).to_contain_text("as shipped")
    cells = kept.locator("td")
    expect(cells.nth(4)).to_have_text(str(expected["ratified"]))
    expect(cells.nth(5)).to_have_text(str(expected["blocked"]))
    expect(cells.nth(7)).to_have_text(f"{expected['delivered_share']:.0%}")
    expect(cells.nth(8)).to_have_text(str(expected["months_above_baseline"]))
    expect(rows.first).to_contain_text("political capital 0.95")

    # 20 seeds for the knobs as set, then for the scenario's own values beside it
    base = load_scenario(DEFAULT_SCENARIO)
    strong = apply_preset("strong persuader", base, knob_values(base))
    page.get_by_role("button", name="Run 20 seeds").click()
    table = page.locator(".resetsim-spread-table")
    expect(table).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="scenario's own values").click()
    page.get_by_role("button", name="Run 20 seeds").click()
    expect(table.locator("th")).to_have_count(3, timeout=60_000)
    records = [
        SpreadRecord(label, seed_spread(base, knob_overrides(base, knobs)))
        for label, knobs in (("own", knob_values(base)), ("strong", strong))
    ]
    for row in spread_rows(records):
        line = table.locator("tr", has_text=row["figure"]).first
        expect(line.locator("td").nth(1)).to_have_text(row["own"])
        expect(line.locator("td").nth(2)).to_have_text(row["strong"])

    # the two-level game: each proposal's fate in both legislatures, as the model logged it
    step(page, months)
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0, **strong)
    model.run(months)
    for row in ratification_rows(model.decision_log(), model.spec):
        line = page.locator(".resetsim-ratification tr", has_text=row["proposal"])
        for value in list(row.values())[1:]:
            expect(line).to_contain_text(value)
    maybe_screenshot(page, "debrief.png", full_page=True)
    assert blocked_requests == []


def test_projector_mode_shows_two_panels_in_large_type(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    step(page, 20)
    page.locator(".v-input", has_text="Projector mode").locator("label").click()
    expect(page.locator(".resetsim-projector")).to_be_visible()
    expect(page.locator(".resetsim-scoreboard")).to_have_count(0)
    expect(page.locator("img.widget-image")).to_have_count(1)
    feed = page.locator(".resetsim-log")
    size = feed.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 20
    entry = page.locator(".resetsim-log-entry").first
    assert "votes" in (entry.get_attribute("title") or "") or "proposal" in (
        entry.get_attribute("title") or ""
    )
    maybe_screenshot(page, "projector.png")
    page.locator(".v-input", has_text="Projector mode").locator("label").click()
    expect(page.locator(".resetsim-scoreboard")).to_be_visible()
    assert blocked_requests == []
