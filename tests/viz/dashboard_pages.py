"""Helpers shared by the dashboard's browser tests: open a page, step, pick, find a knob."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, DashboardModel

LOAD_TIMEOUT = 60_000  # a first page can take this long on a loaded 2-core machine


def open_page(page: Any, url: str) -> Any:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("button", name="Step")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(page.locator("img.widget-image")).to_have_count(4)
    return page


def step(page: Any, times: int, start: int = 0) -> None:
    from playwright.sync_api import expect

    button = page.get_by_role("button", name="Step")
    for i in range(start + 1, start + times + 1):
        button.click()
        expect(page.get_by_text(f"Step: {i}", exact=True)).to_be_visible()


def knob(page: Any, label: str) -> Any:
    return page.locator(".resetsim-knob", has_text=label)


def wait_for_value(slider: Any, value: float, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        now = float(slider.get_attribute("aria-valuenow") or "nan")
        if now == pytest.approx(value, abs=1e-6):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"slider value is {now}, expected {value}")
        time.sleep(0.05)


def pick(page: Any, name: str, count: int | None = None) -> None:
    """Pick ``name`` in the drop-down (which offers ``count`` names, if given)."""
    from playwright.sync_api import expect

    page.locator(".resetsim-scenario .v-select").click()
    if count is not None:
        expect(page.get_by_role("option")).to_have_count(count)
    page.get_by_role("option").filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).click()
    expect(page.locator(".resetsim-readout")).to_contain_text(f"Scenario {name}, seed 0")


def header_after(scenario: str, months: int) -> str:
    """The relationship header the dashboard should show after ``months`` steps."""
    model = DashboardModel(scenario_name=scenario, seed=0)
    model.run(months)
    last = model.timeseries().iloc[-1]
    return f"Relationship in {last['date']}: {last['phase']}"


def months_until_first_log_entry(limit: int = 24) -> int:
    """Months the default model needs before its decision log has an entry."""
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0)
    for month in range(1, limit + 1):
        model.step()
        if len(model.decision_log()):
            return month
    pytest.fail(f"{DEFAULT_SCENARIO} seed 0 tabled nothing in {limit} months")


def maybe_screenshot(page: Any, name: str, more_months: int = 0, full_page: bool = False) -> None:
    """Save a screenshot after ``more_months`` further steps, if RESETSIM_SCREENSHOT_DIR is set.

    ``full_page`` makes the window tall enough to show every view before the screenshot.
    """
    folder = os.environ.get("RESETSIM_SCREENSHOT_DIR")
    if not folder:
        return
    if more_months > 0:
        now = int(page.locator(".resetsim-step").inner_text().split(":")[1])
        step(page, more_months, start=now)
    if full_page:
        page.set_viewport_size({"width": 1400, "height": 1750})
    page.wait_for_timeout(800)
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
