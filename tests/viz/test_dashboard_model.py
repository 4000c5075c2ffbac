"""The dashboard's model adapter, figures and command, without a browser."""

from __future__ import annotations

import inspect
import socket
import statistics

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import resetsim
from resetsim.cli import app
from resetsim.viz.dashboard_cli import host_warning, is_loopback
from resetsim.viz.dashboard_model import (
    DEFAULT_SCENARIO,
    KNOBS,
    DashboardModel,
    knob_overrides,
    knob_values,
    model_params,
)
from resetsim.viz.dashboard_views import (
    ImplementationFigure,
    LeadersFigure,
    RelationshipFigure,
    StanceFigure,
    log_entries,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def base() -> resetsim.Scenario:
    return resetsim.load_scenario(DEFAULT_SCENARIO)


@pytest.mark.parametrize("name", list(resetsim.list_scenarios()))
def test_sliders_left_alone_run_the_shipped_scenario(name: str) -> None:
    try:
        shipped = resetsim.load_scenario(name)
    except resetsim.ScenarioError as exc:  # a file being written right now
        pytest.skip(f"{name} does not load: {exc}")
    params = model_params(name)
    defaults = {k: (v["value"] if isinstance(v, dict) else v) for k, v in params.items()}
    model = DashboardModel(**defaults)
    assert model.overrides == {}
    assert model.spec.content_hash == shipped.content_hash


def test_model_params_match_the_constructor(base: resetsim.Scenario) -> None:
    params = model_params(DEFAULT_SCENARIO, seed=3)
    signature = inspect.signature(DashboardModel.__init__).parameters
    assert set(params) == set(signature) - {"self"}
    values = knob_values(base)
    for knob in KNOBS:
        slider = params[knob.name]
        assert slider["type"] == "SliderFloat"
        assert slider["min"] <= slider["value"] <= slider["max"]
        assert slider["value"] == pytest.approx(values[knob.name])
    assert params["seed"]["value"] == 3
    assert params["scenario_name"] == DEFAULT_SCENARIO


def test_same_knobs_same_run_as_the_public_api(base: resetsim.Scenario) -> None:
    model = DashboardModel(capital=0.3, seed=5).run(24)
    direct = resetsim.ResetModel(base.with_overrides({"presidents.US.capital": 0.3}), seed=5)
    direct.run(24)
    pd.testing.assert_frame_equal(model.timeseries(), direct.timeseries())


def test_president_knobs_set_the_us_president_only(base: resetsim.Scenario) -> None:
    model = DashboardModel(capital=0.2, reputation=0.9, prestige=0.1, command_share=0.5)
    us = next(p for p in model.spec.presidents if p.side == "US")
    ru_before = next(p for p in base.presidents if p.side == "RU")
    ru_after = next(p for p in model.spec.presidents if p.side == "RU")
    assert (us.capital, us.reputation, us.prestige, us.command_share) == (0.2, 0.9, 0.1, 0.5)
    assert ru_after == ru_before


def test_congress_knob_shifts_us_factions_keeping_their_differences(
    base: resetsim.Scenario,
) -> None:
    us_before = {f.name: f.hawkishness for f in base.factions if f.side == "US"}
    mean = statistics.fmean(us_before.values())
    target = round(mean - 0.1, 2)
    model = DashboardModel(hawkishness=target)
    us_after = {f.name: f.hawkishness for f in model.spec.factions if f.side == "US"}
    shifts = {name: us_after[name] - us_before[name] for name in us_before}
    assert all(0.0 <= v <= 1.0 for v in us_after.values())
    unclipped = [s for n, s in shifts.items() if 0.0 < us_after[n] < 1.0]
    assert unclipped and np.allclose(unclipped, target - mean, atol=1e-4)
    ru_before = [f for f in base.factions if f.side == "RU"]
    assert [f for f in model.spec.factions if f.side == "RU"] == ru_before
    assert model.knobs_now()["hawkishness"] <= mean


def test_inertia_knob_moves_every_bureaucracy(base: resetsim.Scenario) -> None:
    model = DashboardModel(inertia=0.9)
    before = {b.name: b.inertia for b in base.bureaucracies}
    after = {b.name: b.inertia for b in model.spec.bureaucracies}
    assert all(after[n] > before[n] or after[n] == 1.0 for n in before)


def test_structure_knobs(base: resetsim.Scenario) -> None:
    model = DashboardModel(worldview_gap=0.0, trade_share=0.034)
    assert model.spec.structure.worldview_gap == 0.0
    assert model.spec.structure.trade_share == pytest.approx(0.034)


def test_knob_at_its_snapped_default_changes_nothing(base: resetsim.Scenario) -> None:
    # obama-2009's trade share (0.0023) is not on the slider's 0.001 grid
    snapped = knob_values(base)["trade_share"]
    assert snapped != base.structure.trade_share
    assert knob_overrides(base, {"trade_share": snapped}) == {}
    with pytest.raises(KeyError, match="unknown knob"):
        knob_overrides(base, {"charisma": 1.0})


@pytest.mark.parametrize(
    "figure", [RelationshipFigure, StanceFigure, LeadersFigure, ImplementationFigure]
)
def test_live_figures_redraw_each_month(figure: type) -> None:
    model = DashboardModel(seed=1)
    painter = figure(model)
    frames = [painter.render(model)]
    for _ in range(30):
        model.step()
        frames.append(painter.render(model))
    assert all(frame.startswith(PNG_MAGIC) for frame in frames)
    assert len(set(frames)) > 1
    assert figure.header(model)


def test_log_entries_newest_first() -> None:
    model = DashboardModel(seed=0).run(36)
    log = model.decision_log()
    entries = log_entries(log, limit=5)
    assert len(entries) == min(5, len(log))
    assert [e[3] for e in entries] == list(log["reason"].iloc[::-1].head(5))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_hosts_need_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert host_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_other_hosts_get_a_warning(host: str) -> None:
    assert not is_loopback(host)
    message = host_warning(host)
    assert message and "other machines" in message


def test_dashboard_command_refuses_a_busy_port(solara_assets_dir) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            app, ["dashboard", "--port", str(port), "--assets", str(solara_assets_dir)]
        )
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1" in result.output
    assert "Traceback" not in result.output


def test_dashboard_command_explains_missing_npm(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm here
    monkeypatch.delenv("NPM", raising=False)
    result = CliRunner().invoke(app, ["dashboard", "--assets", str(tmp_path / "assets")])
    assert result.exit_code == 1
    assert "npm is not installed" in result.output
    assert "Traceback" not in result.output


def test_dashboard_command_names_a_missing_viz_extra(monkeypatch) -> None:
    import resetsim.viz.dashboard_cli as dashboard_cli

    monkeypatch.setattr(dashboard_cli, "missing_packages", lambda: ["solara"])
    result = CliRunner().invoke(app, ["dashboard"])
    assert result.exit_code == 1
    assert "solara" in result.output and "[viz]" in result.output


def test_mesa_reset_rebuilds_the_picked_scenario():
    """Mesa 3.5's Reset passes a Mesa scenario as ``scenario`` to a model that takes one."""
    solara_viz = pytest.importorskip("mesa.visualization.solara_viz")
    build = getattr(solara_viz, "_build_model_init_kwargs", None)
    if build is None:
        pytest.skip("this Mesa's Reset passes the model parameters as they are")
    model = DashboardModel(scenario_name="trump-2017", seed=2)
    params = {"scenario_name": "trump-2017", "seed": 2, "capital": 0.5}
    kwargs = build(model, params, add_scenario_when_empty=True, require_model_accepts_scenario=True)
    rebuilt = type(model)(**kwargs)
    assert rebuilt.spec.name == "trump-2017"
    assert rebuilt.knobs_now()["capital"] == pytest.approx(0.5)
