"""The classroom dashboard in headless Chromium, served offline (no request leaves 127.0.0.1).

Expected values come from running the same model in this process, never typed in.
Set RESETSIM_DASHBOARD_SCREENSHOT=docs/img/dashboard.png to also save a screenshot.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mesa_info import step_text

from resetsim import list_scenarios, load_scenario
from resetsim.viz.dashboard_cli import APP_PATH, SERVER_ENV
from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, DashboardModel, knob_values

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOAD_TIMEOUT = 30_000
SCREENSHOT_MONTH = 66  # obama-2009: after Crimea (2014-03), in the crisis


@pytest.fixture(scope="module")
def server(dashboard_server: Callable[..., Any]) -> Any:
    # one server for the module; every page is its own session with its own model
    return dashboard_server(APP_PATH, extra_env=SERVER_ENV)


def _open(page: Any, url: str) -> Any:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("button", name="Step")).to_be_visible(timeout=LOAD_TIMEOUT)
    expect(page.get_by_text(step_text(0))).to_be_visible()
    expect(page.locator("img.widget-image")).to_have_count(4)
    return page


@pytest.fixture
def dashboard(browser_page: Any, server: Any) -> Any:
    return _open(browser_page, server.url)


def _step(page: Any, times: int, start: int = 0) -> None:
    from playwright.sync_api import expect

    button = page.get_by_role("button", name="Step")
    for i in range(start + 1, start + times + 1):
        button.click()
        expect(page.get_by_text(step_text(i))).to_be_visible()


def _wait_for_value(slider: Any, value: float, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        now = float(slider.get_attribute("aria-valuenow") or "nan")
        if now == pytest.approx(value, abs=1e-6):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"slider value is {now}, expected {value}")
        time.sleep(0.05)


def _months_until_first_log_entry(limit: int = 24) -> int:
    """Months the default model needs before its decision log has an entry."""
    model = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0)
    for month in range(1, limit + 1):
        model.step()
        if len(model.decision_log()):
            return month
    pytest.fail(f"{DEFAULT_SCENARIO} seed 0 tabled nothing in {limit} months")


def test_page_renders_offline_with_one_model_per_session(
    dashboard: Any,
    server: Any,
    second_page: Any,
    blocked_requests: list[str],
    page_errors: list[str],
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    for name in ("Reset", "▶", "Step"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    for label in (
        "US president: political capital",
        "US president: professional reputation",
        "US president: public prestige",
        "US president: command share",
        "Congress: hawkishness (mean)",
        "Bureaucracies: inertia (mean)",
        "Worldview gap",
        "Trade interdependence (share of US GDP)",
        "Random seed",
    ):
        expect(page.locator(".v-input", has_text=label).get_by_role("slider")).to_have_count(1)
    expect(page.get_by_text(f"Scenario {DEFAULT_SCENARIO}, seed 0")).to_be_visible()
    expect(page.get_by_text("Nothing proposed yet", exact=False)).to_be_visible()
    for image in page.locator("img.widget-image").all():
        expect(image).to_be_visible()
        assert image.evaluate("img => img.naturalWidth") > 300  # a real rendered figure
    assert page.get_by_text("This website runs on").count() == 0
    # a second browser (its own cookies, so its own solara session) has its own model
    second = _open(second_page, server.url)
    _step(page, 2)
    expect(second.get_by_text(step_text(0))).to_be_visible()
    _step(second, 1)
    expect(page.get_by_text(step_text(2))).to_be_visible()
    assert blocked_requests == [], f"page asked for outside resources: {blocked_requests}"
    assert page_errors == []


def test_slider_and_reset_rebuild_the_model(
    dashboard: Any, blocked_requests: list[str], reset_until: Callable[..., None]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    start = knob_values(load_scenario(DEFAULT_SCENARIO))["capital"]
    moved = f"{start + 0.02:.2f}"
    readout = page.locator(".resetsim-readout")
    expect(readout).to_contain_text(f"capital {start:.2f}")
    slider = page.locator(".v-input", has_text="US president: political capital").get_by_role(
        "slider"
    )
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _wait_for_value(slider, float(moved))
    _step(page, 1)
    # SolaraViz keeps the new value aside until Reset builds a new model with it
    expect(readout).to_contain_text(f"capital {start:.2f}")
    reset_until(page, page.locator(".resetsim-readout", has_text=f"capital {moved}"))
    expect(page.get_by_text(step_text(0))).to_be_visible()
    assert blocked_requests == []


def test_stepping_redraws_plots_and_fills_the_log_feed(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    # a month past the first entry, so that the feed shows more than the first month
    months = _months_until_first_log_entry() + 1
    expected = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0).run(months).decision_log()
    plot = page.locator("img.widget-image").first
    src_before = plot.get_attribute("src") or ""
    png_before = plot.screenshot()
    _step(page, months)
    expect(plot).not_to_have_attribute("src", src_before)
    assert plot.screenshot() != png_before
    entries = page.locator(".resetsim-log-entry")
    expect(page.locator(".resetsim-log-count")).to_have_text(str(len(expected)))
    expect(entries).to_have_count(len(expected))
    # newest first, in the model's own sentences
    expect(entries.first).to_contain_text(expected["reason"].iloc[-1])
    expect(entries.last).to_contain_text(expected["reason"].iloc[0])
    expect(page.get_by_text("Nothing proposed yet", exact=False)).to_have_count(0)
    _maybe_screenshot(page, months)
    assert blocked_requests == []


def test_scenario_picker_lists_shipped_scenarios_and_starts_a_new_run(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    names = list(list_scenarios())
    other = next((n for n in names if n != DEFAULT_SCENARIO), None)
    if other is None:
        pytest.skip("only one scenario is shipped")
    _step(page, 1)
    page.locator(".resetsim-scenario .v-select").click()
    options = page.get_by_role("option")
    expect(options).to_have_count(len(names))
    options.filter(has_text=re.compile(rf"^\s*{re.escape(other)}\s*$")).click()
    expect(page.locator(".resetsim-readout")).to_contain_text(f"Scenario {other}, seed 0")
    expect(page.get_by_text(step_text(0))).to_be_visible()
    # the sliders start at the new scenario's own values
    wanted = knob_values(load_scenario(other))["worldview_gap"]
    slider = page.locator(".v-input", has_text="Worldview gap").get_by_role("slider")
    assert float(slider.get_attribute("aria-valuenow") or "nan") == pytest.approx(wanted)
    assert blocked_requests == []


@pytest.fixture
def second_page(chromium_browser: Any, blocked_requests: list[str]) -> Iterator[Any]:
    """A page in a second browser context (its own cookies, so its own solara session)."""
    from urllib.parse import urlsplit

    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900}, service_workers="block"
    )

    def route(route: Any) -> None:
        parts = urlsplit(route.request.url)
        local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
        if local or parts.scheme in {"data", "blob", "about"}:
            route.continue_()
        else:
            blocked_requests.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def _maybe_screenshot(page: Any, months: int) -> None:
    """Save a screenshot of the dashboard after a few more months, if asked to."""
    target = os.environ.get("RESETSIM_DASHBOARD_SCREENSHOT")
    if not target:
        return
    _step(page, max(0, SCREENSHOT_MONTH - months), start=months)
    page.wait_for_timeout(500)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
