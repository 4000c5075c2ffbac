"""Prove the dashboard harness on a throwaway 3-agent SolaraViz app served offline."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mesa_info import step_text

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TINY_APP = textwrap.dedent(
    '''
    """Throwaway SolaraViz app: 3 agents whose wealth grows by `rate` each step."""

    import mesa
    import solara
    from mesa.visualization import SolaraViz, make_plot_component


    class Saver(mesa.Agent):
        def __init__(self, model):
            super().__init__(model)
            self.wealth = 0

        def step(self):
            self.wealth += self.model.rate


    class TinyModel(mesa.Model):
        def __init__(self, rate=1, seed=None):
            super().__init__(seed=seed)
            self.rate = rate
            Saver.create_agents(self, 3)
            self.datacollector = mesa.DataCollector(
                model_reporters={"Total": lambda m: sum(a.wealth for a in m.agents)}
            )
            self.datacollector.collect(self)

        def step(self):
            self.agents.do("step")
            self.datacollector.collect(self)


    def RateInfo(model):
        return solara.Text(f"Rate: {model.rate}, agents: {len(model.agents)}")


    model_params = {
        "rate": {"type": "SliderInt", "value": 1, "label": "Rate", "min": 1, "max": 5, "step": 1},
    }


    @solara.component
    def Page():
        # one model per browser session, not one shared by every session
        model = solara.use_memo(lambda: TinyModel(rate=1), [])
        SolaraViz(
            model,
            components=[make_plot_component("Total"), RateInfo],
            model_params=model_params,
            name="Tiny",
        )
    '''
)


@pytest.fixture(scope="module")
def tiny_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = tmp_path_factory.mktemp("tiny_app") / "app.py"
    app.write_text(TINY_APP)
    return app


@pytest.fixture(scope="module")
def tiny_server(dashboard_server: Callable[..., Any], tiny_app: Path) -> Any:
    # one server for the module: every test opens its own page, hence its own session and model
    return dashboard_server(tiny_app)


@pytest.fixture
def dashboard(browser_page: Any, tiny_server: Any) -> Any:
    from playwright.sync_api import expect

    browser_page.goto(tiny_server.url)
    expect(browser_page.get_by_role("button", name="Step")).to_be_visible(timeout=30_000)
    expect(browser_page.get_by_text(step_text(0))).to_be_visible()
    return browser_page


def _step(page: Any, times: int) -> None:
    from playwright.sync_api import expect

    step = page.get_by_role("button", name="Step")
    for _ in range(times):
        step.click()
    expect(page.get_by_text(step_text(times))).to_be_visible()


def test_page_renders_offline(
    dashboard: Any, blocked_requests: list[str], page_errors: list[str]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    for name in ("Reset", "▶", "Step"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    expect(page.get_by_text("Tiny", exact=True)).to_be_visible()
    expect(page.get_by_text("Rate: 1, agents: 3")).to_be_visible()
    expect(page.locator("img.widget-image").first).to_be_visible()
    # the template CSS and fonts came from the local assets (unstyled pages have no app bar)
    assert page.locator(".v-app-bar").first.evaluate("e => getComputedStyle(e).position") in {
        "fixed",
        "absolute",
    }
    assert blocked_requests == [], f"page asked for outside resources: {blocked_requests}"
    assert page_errors == []


def test_step_button_increments_step_count(dashboard: Any, blocked_requests: list[str]) -> None:
    _step(dashboard, 3)
    assert blocked_requests == []


def test_slider_changes_model_parameter(
    dashboard: Any, blocked_requests: list[str], reset_until: Callable[..., None]
) -> None:
    from playwright.sync_api import expect

    page = dashboard
    slider = page.locator(".v-input", has_text="Rate").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuenow", "1")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuenow", "3")
    # SolaraViz keeps the new value aside and builds a model with it on Reset
    reset_until(page, page.get_by_text("Rate: 3, agents: 3"))
    expect(page.get_by_text(step_text(0))).to_be_visible()
    assert blocked_requests == []


def test_plot_image_changes_after_steps(dashboard: Any, blocked_requests: list[str]) -> None:
    from playwright.sync_api import expect

    page = dashboard
    plot = page.locator("img.widget-image").first
    expect(plot).to_be_visible()
    src_before = plot.get_attribute("src")
    png_before = plot.screenshot()
    _step(page, 2)
    expect(plot).not_to_have_attribute("src", src_before or "")
    png_after = plot.screenshot()
    assert png_after != png_before
    assert blocked_requests == []
