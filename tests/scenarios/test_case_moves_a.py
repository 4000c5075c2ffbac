"""The US-Soviet cases run on the generative core: their actors' moves make the clashes.

detente-1969 and reagan-gorbachev-1985 declare ``[[moves]]`` by analogy with
history-1992-2016-generative (their headers and docs/case-notes). These tests check that
the repertoire is held by actors of both sides, that the moves happen in a run and vanish
with ``dynamics.move_rate_scale = 0`` (the null model), and that a move waiting for a
third country's war fires only once a what-if schedules the opportunity. Seeds 4100-4119
(the test block of this file).
"""

from __future__ import annotations

import pytest

from resetsim.model import ResetModel
from resetsim.scenario import load_scenario

CASES = ("detente-1969", "reagan-gorbachev-1985")
SEED = 4100


def _holders(name: str) -> dict[str, set[tuple[str, str]]]:
    """Move id -> the (side, actor) pairs that hold it in a fresh model of ``name``."""
    model = ResetModel(load_scenario(name), seed=SEED)
    held: dict[str, set[tuple[str, str]]] = {}
    for agent in model.agents:
        for move in getattr(agent, "moves", ()):
            held.setdefault(move.id, set()).add((agent.side, agent.name))
    return held


def _actor_moves(scenario, seed: int):
    model = ResetModel(scenario, seed=seed)
    model.run()
    events = model.events()
    return events[events["origin"] == "actor"]


@pytest.mark.parametrize("case", CASES)
def test_every_move_is_held_and_each_side_has_hostile_and_cooperative_ones(case):
    sc = load_scenario(case)
    held = _holders(case)
    assert {m.id for m in sc.moves} == set(held)  # no move is left without a holder
    for side in ("US", "SU"):
        directions = {m.direction for m in sc.moves if any(s == side for s, _ in held[m.id])}
        assert directions == {"hostile", "cooperative"}, side
    # agencies, not only presidents, hold moves on both sides (the FPRI article's process)
    presidents = {sc.presidents[0].name, sc.presidents[1].name}
    for side in ("US", "SU"):
        assert any(s == side and a not in presidents for pairs in held.values() for s, a in pairs)


@pytest.mark.parametrize("case", CASES)
def test_moves_happen_and_the_null_model_has_none(case):
    sc = load_scenario(case)
    shipped = _actor_moves(sc, SEED)
    assert set(shipped["side"]) == {"US", "SU"}
    assert set(shipped["direction"]) == {"hostile", "cooperative"}
    assert shipped["responds_to"].notna().any()  # some moves answer the other side's
    null = _actor_moves(sc.with_overrides({"dynamics.move_rate_scale": 0.0}), SEED)
    assert null.empty


@pytest.mark.parametrize("case", CASES)
def test_a_move_waiting_for_a_war_next_door_fires_only_once_one_is_scheduled(case, write):
    """No third country's war is scheduled (none could be dated at the cut-off), so the
    Soviet move into a neighbour never fires; a what-if that schedules one opens it for six
    months, and only then."""
    seeds = range(SEED, SEED + 20)
    sc = load_scenario(case)
    assert not any((_actor_moves(sc, s)["kind"] == "near-abroad-war").any() for s in seeds[:5])
    date = {"detente-1969": "1975-01", "reagan-gorbachev-1985": "1988-01"}[case]
    name = write(
        "what-if.toml",
        f"""
        extends = "{case}"

        [[events]]
        date = "{date}"
        kind = "opportunity"
        label = "A pro-Western coup in a neighbour"
        severity = 0.0
        opens = ["near-abroad-war"]
        """,
    )
    what_if = load_scenario(name)
    moves = [_actor_moves(what_if, s) for s in seeds]
    dates = [d for m in moves for d in m.loc[m["kind"] == "near-abroad-war", "date"]]
    assert dates, "the opened move never fired in 20 runs"
    year, month = map(int, date.split("-"))
    window = {f"{year + (month - 1 + k) // 12}-{(month - 1 + k) % 12 + 1:02d}" for k in range(6)}
    assert set(dates) <= window  # only while the opportunity is open
