"""The classroom dashboard in headless Chromium, served offline (no request leaves 127.0.0.1).

Expected values come from running the same model in this process, never typed in.
Set RESETSIM_SCREENSHOT_DIR=docs/img to also save screenshots (dashboard.png, debrief.png,
projector.png).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dashboard_pages import (
    header_after,
    knob,
    maybe_screenshot,
    months_until_first_log_entry,
    open_page,
    pick,
    step,
    wait_for_value,
)

from resetsim import list_scenarios, load_scenario
from resetsim.viz.dashboard_model import DEFAULT_SCENARIO, DashboardModel, knob_values

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

LOAD_TIMEOUT = 30_000
SCREENSHOT_MONTH = 66  # obama-2009: after Crimea (2014-03), in the crisis
SHORT = "teaching-neustadt"  # the shortest shipped scenario (48 months)


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
        "Russian president: political capital",
        "Russian president: command share",
        "Russian legislature: hawkishness (mean)",
        "Worldview gap",
        "Trade interdependence (share of US GDP)",
        "Random seed",
    ):
        control = knob(page, label)
        expect(control.get_by_role("slider")).to_have_count(1)
        expect(control.locator(".resetsim-number input")).to_have_count(1)
        # full-width track: the slider takes most of the sidebar, whatever its label
        width = control.locator(".v-slider").bounding_box()["width"]
        assert width > 200, f"{label}: slider track {width:.0f} px wide"
    # Mesa's internal settings are not shown to students
    for hidden in ("Render Interval", "Use Threads", "Play Interval"):
        expect(page.get_by_text(hidden, exact=False)).to_have_count(0)
    expect(page.get_by_text(f"Scenario {DEFAULT_SCENARIO}, seed 0")).to_be_visible()
    expect(page.get_by_text("Nothing proposed yet", exact=False)).to_be_visible()
    for image in page.locator("img.widget-image").all():
        expect(image).to_be_visible()
        assert image.evaluate("img => img.naturalWidth") > 300  # a real rendered figure
    assert page.get_by_text("This website runs on").count() == 0
    # a second browser (its own cookies, so its own solara session) has its own model
    second = open_page(second_page, server.url)
    step(page, 2)
    expect(second.get_by_text("Step: 0", exact=True)).to_be_visible()
    step(second, 1)
    expect(page.get_by_text("Step: 2", exact=True)).to_be_visible()
    assert blocked_requests == [], f"page asked for outside resources: {blocked_requests}"
    assert page_errors == []


def test_slider_shows_changed_badge_until_reset_rebuilds_the_model(
    dashboard: Any, blocked_requests: list[str], reset_until: Callable[..., None]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    start = knob_values(load_scenario(DEFAULT_SCENARIO))["capital"]
    moved = f"{start + 0.02:.2f}"
    readout = page.locator(".resetsim-readout")
    badge = page.get_by_text("changed - press Reset")
    expect(readout).to_contain_text(f"capital {start:.2f}")
    expect(badge).to_have_count(0)
    capital = knob(page, "US president: political capital")
    slider = capital.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_for_value(slider, float(moved))
    expect(capital.locator(".resetsim-number input")).to_have_value(moved)
    expect(badge).to_be_visible()
    step(page, 1)
    # the new value waits for Reset
    expect(readout).to_contain_text(f"capital {start:.2f}")
    reset_until(page, page.locator(".resetsim-readout", has_text=f"capital {moved}"))
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(badge).to_have_count(0)
    # the number box sets the knob too
    box = knob(page, "Worldview gap").locator(".resetsim-number input")
    box.fill("0.25")
    box.press("Enter")
    box.blur()
    expect(badge).to_be_visible(timeout=15_000)
    reset_until(page, page.locator(".resetsim-readout", has_text="Worldview gap 0.25"))
    assert blocked_requests == []


def test_stepping_redraws_plots_and_fills_the_log_feed(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    # a month past the first entry, so that the feed shows more than the first month
    months = months_until_first_log_entry() + 1
    expected = DashboardModel(scenario_name=DEFAULT_SCENARIO, seed=0).run(months).decision_log()
    plot = page.locator("img.widget-image").first
    src_before = plot.get_attribute("src") or ""
    png_before = plot.screenshot()
    step(page, months)
    expect(plot).not_to_have_attribute("src", src_before)
    assert plot.screenshot() != png_before
    entries = page.locator(".resetsim-log-entry")
    expect(page.locator(".resetsim-log-count")).to_have_text(str(len(expected)))
    expect(entries).to_have_count(len(expected))
    # newest first, in the model's own sentences
    expect(entries.first).to_contain_text(expected["reason"].iloc[-1])
    expect(entries.last).to_contain_text(expected["reason"].iloc[0])
    expect(page.get_by_text("Nothing proposed yet", exact=False)).to_have_count(0)
    maybe_screenshot(page, "dashboard.png", SCREENSHOT_MONTH - months)
    assert blocked_requests == []


def test_scenario_picker_lists_shipped_scenarios_and_reset_runs_the_picked_one(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    names = list(list_scenarios())
    other = "trump-2017"
    assert other in names
    step(page, 1)
    pick(page, other, count=len(names))
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    # the sliders start at the new scenario's own values
    wanted = knob_values(load_scenario(other))["worldview_gap"]
    slider = knob(page, "Worldview gap").get_by_role("slider")
    assert float(slider.get_attribute("aria-valuenow") or "nan") == pytest.approx(wanted)
    # Reset rebuilds the picked scenario, not the first one
    step(page, 3)
    page.get_by_role("button", name="Reset").click()
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    expect(page.locator(".resetsim-readout")).to_contain_text(f"Scenario {other}, seed 0")
    step(page, 2)
    expect(page.locator(".resetsim-view-header").first).to_contain_text(header_after(other, 2))
    assert blocked_requests == []


def test_after_a_finished_run_picking_a_scenario_enables_play_again(
    dashboard: Any, blocked_requests: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    months = int(load_scenario(SHORT).months) - 1  # months 0 .. months-1
    pick(page, SHORT)
    play = page.get_by_role("button", name="▶")
    play.click()
    expect(page.get_by_text("finished", exact=True)).to_be_visible(timeout=180_000)
    expect(page.get_by_text(f"Step: {months}", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="▶")).to_be_disabled()
    expect(page.get_by_role("button", name="Step")).to_be_disabled()
    pick(page, DEFAULT_SCENARIO)
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    page.get_by_role("button", name="▶").click()
    # playing may step several months per drawing on a busy machine
    expect(page.locator(".resetsim-step")).to_have_text(
        re.compile(r"Step: ([3-9]|\d\d)"), timeout=30_000
    )
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="Step")).to_be_enabled()
    assert blocked_requests == []


def test_a_value_outside_the_library_is_refused_on_the_server(
    dashboard: Any, blocked_requests: list[str], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    # a valid scenario file the server could read if it took the value as a path
    smuggled = tmp_path / "smuggled.toml"
    smuggled.write_text(_scenario_text(SHORT).replace(f'name = "{SHORT}"', 'name = "smuggled"'))
    assert load_scenario(str(smuggled)).name == "smuggled"
    for value in (str(smuggled), "../../etc/hostname"):
        # the drop-down cannot offer it; send it through the widget's own state, as a
        # modified client would
        page.evaluate(
            "v => { document.querySelector('.resetsim-scenario .v-select').__vue__"
            ".$emit('input', v); }",
            value,
        )
        expect(page.locator(".resetsim-error")).to_contain_text("is not a scenario of the library")
        expect(page.locator(".resetsim-readout")).to_contain_text(
            f"Scenario {DEFAULT_SCENARIO}, seed 0"
        )
    expect(page.locator(".resetsim-scenario .v-select")).to_contain_text(DEFAULT_SCENARIO)
    # the picker still works afterwards
    pick(page, SHORT)
    expect(page.locator(".resetsim-error")).to_have_count(0)
    assert blocked_requests == []


def _scenario_text(name: str) -> str:
    from resetsim.scenario.loader import builtin_dir

    return (builtin_dir() / f"{name}.toml").read_text()


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
