"""The shipped scenario library: every file validates, runs to its horizon and says what
it is for; trump-2017 schedules nothing after 2016; each counterfactual differs from its
parent only in what it claims to change."""

from __future__ import annotations

import pytest

from resetsim.calendar import format_month, parse_month
from resetsim.runner import simulate
from resetsim.scenario import list_scenarios, load_scenario
from resetsim.scenario.loader import ROSTER_KEYS, builtin_dir

# INTERFACE.md: the scenario names that must ship.
REQUIRED = {
    "obama-2009",
    "bush-2001",
    "trump-2017",
    "history-1992-2016",
    "china-absorber",
    "shared-worldview",
    "compliant-congress",
    "command-presidency",
    "hawks-both-sides",
    "teaching-neustadt",
}
SHIPPED = sorted(list_scenarios())
META = {"name", "description", "question", "seed_says"}


def test_required_scenarios_ship():
    assert REQUIRED <= set(SHIPPED)


def test_cli_validates_every_shipped_file(cli):
    files = sorted(builtin_dir().glob("*.toml"))
    result = cli("validate", *files)
    assert result.exit_code == 0, result.output
    assert sum(line.startswith("ok ") for line in result.output.splitlines()) == len(files)


@pytest.mark.parametrize("name", SHIPPED)
def test_scenario_says_what_it_is_for(name):
    sc = load_scenario(name)
    assert sc.name == name
    for field in ("description", "question", "seed_says"):
        text = getattr(sc, field).strip()
        assert len(text) > 20, f"{name}: {field} is missing or too short"
        assert "\n" not in text, f"{name}: {field} should be one line"


@pytest.mark.parametrize("name", SHIPPED)
def test_scenario_runs_to_its_horizon(name):
    sc = load_scenario(name)
    result = simulate(sc, seed=11, actors=False)
    ts = result.timeseries
    assert len(ts) == sc.months
    assert ts["date"].iloc[0] == sc.start
    assert ts["date"].iloc[-1] == format_month(parse_month(sc.start) + sc.months - 1)
    assert ts["relationship"].between(-1, 1).all()
    assert ts["trust"].between(0, 1).all()
    assert result.metadata["scenario_hash"] == sc.content_hash


def test_trump_2017_schedules_nothing_after_2016():
    sc = load_scenario("trump-2017")
    cutoff = parse_month("2016-12")
    assert sc.start == "2017-01" and sc.months == 72  # 2017-01 to 2022-12
    assert all(parse_month(e.date) <= cutoff for e in sc.events)
    assert all(parse_month(c.date) <= cutoff for c in sc.leader_changes)
    assert all(parse_month(c.date) <= cutoff for c in sc.structure_changes)
    assert sc.structure.clash_rate > 0  # random clashes are all that can happen


def test_trump_2017_clashes_at_the_rate_and_severity_of_1992_2016():
    """Its random clashes stand for all of history's: scheduled and random together."""
    history = load_scenario("history-1992-2016")
    scheduled = [e for e in history.events if e.kind in ("clash", "shock", "congress")]
    random_rate, random_severity = history.structure.clash_rate, history.structure.clash_severity
    rate = len(scheduled) / history.months + random_rate
    severity = (
        sum(e.severity for e in scheduled) / history.months + random_rate * random_severity
    ) / rate
    trump = load_scenario("trump-2017").structure
    assert trump.clash_rate == pytest.approx(rate, abs=0.005)
    assert trump.clash_severity == pytest.approx(severity, abs=0.005)


def test_trump_2017_carries_the_seed_proposals():
    props = {p.id: p for p in load_scenario("trump-2017").proposals}
    core = {
        "lift-ukraine-sanctions": "statute",
        "recognise-crimea": "executive",
        "cut-aid-ukraine-georgia": "appropriation",
        "halt-nato-enlargement": "treaty",
    }
    for pid, instrument in core.items():
        assert props[pid].core and props[pid].concedes == "US"
        assert props[pid].instrument == instrument
    assert props["halt-nato-enlargement"].initiator == "RU"
    peripheral = [p for p in props.values() if not p.core]
    assert {"syria-counterterrorism", "arms-control"} <= {p.id for p in peripheral}


def test_trump_2017_president_fits_the_seed():
    sc = load_scenario("trump-2017")
    us = next(p for p in sc.presidents if p.side == "US")
    ru = next(p for p in sc.presidents if p.side == "RU")
    assert us.stance >= sc.dynamics.core_threshold  # wants a deal, even a core one
    assert us.reputation < 0.35  # "his inexperience in foreign policy"
    assert ru.command_share > us.command_share
    assert next(p for p in sc.publics if p.side == "US").favourability == pytest.approx(30, abs=3)


def test_bush_2001_opens_with_the_gallup_figure_and_the_9_11_deal():
    sc = load_scenario("bush-2001")
    assert next(p for p in sc.publics if p.side == "US").favourability == 52
    kinds = {e.date: e.kind for e in sc.events}
    assert kinds["2001-09"] == "deal"
    for date in ("2001-12", "2003-03", "2003-11", "2004-03", "2004-11", "2007-02", "2008-04"):
        assert kinds[date] == "clash", date
    assert kinds["2008-08"] == "clash"
    assert any(p.id == "moscow-treaty" and p.instrument == "treaty" for p in sc.proposals)


def test_teaching_scenario_is_small():
    sc = load_scenario("teaching-neustadt")
    for side in ("US", "RU"):
        assert len([b for b in sc.bureaucracies if b.side == side]) <= 3
    assert 2 <= len(sc.factions) <= 4
    assert sc.months <= 60
    assert 2 <= len(sc.proposals) <= 3
    assert len(sc.events) <= 3


# ---------------------------------------------------------------- counterfactuals
def _flatten(dump: dict) -> dict[str, object]:
    """Dotted paths of every leaf; roster entries by their key, replaced lists by index."""
    out: dict[str, object] = {}

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key)
        elif isinstance(node, list) and path in ROSTER_KEYS:
            for entry in node:
                walk(entry, f"{path}[{entry[ROSTER_KEYS[path]]}]")
        elif isinstance(node, list) and node and isinstance(node[0], dict):
            for i, entry in enumerate(node):
                walk(entry, f"{path}[{i}]")
        else:
            out[path] = node

    walk(dump, "")
    return out


def _diff(child: str, parent: str) -> dict[str, tuple]:
    a = _flatten(load_scenario(parent).model_dump(mode="json"))
    b = _flatten(load_scenario(child).model_dump(mode="json"))
    keys = (set(a) | set(b)) - META
    return {k: (a.get(k), b.get(k)) for k in sorted(keys) if a.get(k) != b.get(k)}


def _us_factions(name: str) -> list[str]:
    return [f.name for f in load_scenario(name).factions if f.side == "US"]


def test_china_absorber_changes_only_trade():
    diff = _diff("china-absorber", "obama-2009")
    assert set(diff) == {"structure.trade_share"}
    assert diff["structure.trade_share"][1] == pytest.approx(560 / 16_700, abs=0.002)


def test_shared_worldview_changes_only_the_gap():
    diff = _diff("shared-worldview", "obama-2009")
    assert set(diff) == {"structure.worldview_gap"}
    assert diff["structure.worldview_gap"][1] == 0


def test_hawks_both_sides_changes_only_presidents_stances():
    diff = _diff("hawks-both-sides", "obama-2009")
    parent = load_scenario("obama-2009")
    claimed = {"presidents[US].stance", "presidents[RU].stance"}
    claimed |= {f"leader_changes[{i}].stance" for i in range(len(parent.leader_changes))}
    assert set(diff) == claimed
    assert all(new < 0 for _, new in diff.values())


def test_compliant_congress_changes_only_us_factions():
    diff = _diff("compliant-congress", "trump-2017")
    names = _us_factions("trump-2017")
    assert set(diff) == {f"factions[{n}].{f}" for n in names for f in ("stance", "hawkishness")}
    for n in names:
        assert diff[f"factions[{n}].stance"][1] >= 0.5
        assert diff[f"factions[{n}].hawkishness"][1] <= 0.3


def test_command_presidency_changes_only_us_command_share():
    diff = _diff("command-presidency", "trump-2017")
    assert set(diff) == {"presidents[US].command_share"}
    russia = next(p for p in load_scenario("trump-2017").presidents if p.side == "RU")
    assert diff["presidents[US].command_share"][1] == pytest.approx(russia.command_share)
