"""Find, read, merge, override and validate scenario files.

Scenario files are TOML data and never execute code. A file may say
``extends = "parent-name"`` to inherit another scenario of the search path and change a
few values (a counterfactual in a few lines). Merging rules:

* tables merge key by key, recursively;
* rosters merge entry by entry on their key (presidents, legislatures and publics on
  ``side``; bureaucracies and factions on ``name``; proposals and moves on ``id``); an entry with
  ``remove = true`` drops the inherited one;
* ``events``, ``leader_changes`` and ``structure_changes`` given in the child replace
  the parent's list, except that a child's ``events`` list in which any entry has an
  ``id`` merges by id like a roster: an entry with an inherited id changes that event
  (the fields it gives), ``remove = true`` drops it, a new id adds an event;
* a file without ``name`` is named after its file (``bush-2001.toml`` -> ``bush-2001``).

Removing an entry the parent does not have is an error, and a child entry whose key is
close to an inherited one (``"Republican hawk"``) is reported with a "did you mean".

Overrides (``--set structure.trade_share=0.05`` or ``Scenario.with_overrides``) use dotted
keys; roster entries are addressed by their key (``presidents.US.capital``,
``bureaucracies.Defense.inertia``) or by ``*`` for all entries.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from resetsim.scenario.checks import semantic_problems
from resetsim.scenario.errors import ITEMISED_PROBLEMS, Problem, ScenarioError
from resetsim.scenario.files import (
    OVERRIDES_ORIGIN,
    ROSTER_KEYS,
    MergeNotes,
    builtin_dir,
    deep_merge,
    list_scenarios,
    load_chain,
    resolve_name,
    search_path,
)
from resetsim.scenario.institutions import drop_institution_defaults
from resetsim.scenario.issues import drop_stake_defaults
from resetsim.scenario.messages import entry_key, field_path, locate, override_for, plain_message
from resetsim.scenario.overrides import apply_overrides, parse_value
from resetsim.scenario.readings import drop_reading_default
from resetsim.scenario.schema import (
    Scenario,
)
from resetsim.scenario.statutes import drop_statute_defaults

__all__ = [
    "OVERRIDES_ORIGIN",
    "ROSTER_KEYS",
    "apply_overrides",
    "builtin_dir",
    "deep_merge",
    "list_scenarios",
    "load_scenario",
    "parse_value",
    "scenario_hash",
    "search_path",
    "validate_data",
]


def validate_data(
    data: Mapping[str, Any],
    chain: list[Path] | None = None,
    source: str = "<scenario>",
    overrides: Mapping[str, Any] | None = None,
    notes: MergeNotes | None = None,
) -> Scenario:
    """Validate raw ``data`` into a :class:`Scenario`, collecting every problem.

    Validation is strict about types: a number written in quotes is an error, not a
    silent conversion. Cross-field checks (dates in the horizon, agencies that exist,
    leader changes in order) run once every field is valid.

    Args:
        data: the merged raw scenario.
        chain: the files it was read from, parent first (for file names and lines).
        source: what to call the data when there is no file.
        overrides: dotted-key overrides already applied to ``data``; problems in values
            they set are reported against ``<overrides>`` rather than a file line.
        notes: problems and hints noticed while merging ``extends`` chains.

    Raises:
        ScenarioError: with one :class:`Problem` per field error or cross-field error.

    """
    chain = chain or []
    notes = notes or MergeNotes()
    overrides = overrides or {}

    def problem(loc: tuple, message: str, missing: bool = False) -> Problem:
        key = override_for(loc, data, overrides)
        if key:
            return Problem(OVERRIDES_ORIGIN, key, message)
        file, line = locate(chain, loc, data, missing) if chain else (source, None)
        return Problem(file, field_path(loc, data), message, line)

    problems = list(notes.problems)
    errors: list = []
    more = 0  # problems counted but not described (past ITEMISED_PROBLEMS)
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        more = max(0, len(errors) - ITEMISED_PROBLEMS)
        for err in errors[:ITEMISED_PROBLEMS]:
            loc = tuple(err["loc"])
            message = plain_message(err, loc)
            entry = entry_key(loc, data)
            hint = notes.hints.get((str(loc[0]), entry[1])) if entry else None
            if hint and err["type"] == "missing":
                message += f" ({hint})"
            problems.append(problem(loc, message, err["type"] == "missing"))
        # Cross-field checks too, on a copy without the bad values, so that one pass
        # reports (say) a misspelt key and an event outside the horizon together.
        repaired = None if more else _without(data, [tuple(e["loc"]) for e in errors])
        if repaired is not None:
            try:
                scenario = Scenario.model_validate(repaired, strict=True)
            except ValidationError:
                scenario = None
        if scenario is None:
            raise ScenarioError(_ordered(problems, chain), more) from None
    # Values deleted by the repair took defaults: checks on their table or entry could be
    # artefacts of that, so they wait until the field errors are fixed.
    repaired_at = {tuple(e["loc"])[:2] for e in errors} if problems else set()
    checks = [(loc, m) for loc, m in semantic_problems(scenario) if loc[:2] not in repaired_at]
    more = max(0, len(problems) + len(checks) - ITEMISED_PROBLEMS)
    for loc, message in checks[: max(0, ITEMISED_PROBLEMS - len(problems))]:
        problems.append(problem(loc, message, missing=True))
    if problems or more:
        raise ScenarioError(_ordered(problems, chain), more)
    scenario._raw = copy.deepcopy(dict(data))
    scenario._chain = [str(p) for p in chain] or [source]
    return scenario


def _without(data: Mapping[str, Any], locs: list[tuple]) -> dict[str, Any] | None:
    """A copy of ``data`` with the values at ``locs`` deleted (so defaults apply), or None.

    Only keys of tables can be deleted; an error on a whole list entry gives None. Only
    the tables and lists on the way to a deleted value are copied (``data`` is unchanged).
    """
    out = dict(data)
    copied = {id(out)}
    for loc in locs:
        path = loc[:-1] if loc and loc[-1] == "[key]" else loc
        if not path or isinstance(path[-1], int):
            return None
        node: Any = out
        for part in path[:-1]:
            try:
                child = node[part]
            except (KeyError, IndexError, TypeError):
                return None
            if isinstance(child, dict | list) and id(child) not in copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                copied.add(id(child))
                node[part] = child
            node = child
        if not isinstance(node, dict):
            return None
        node.pop(path[-1], None)
    return out


def _ordered(problems: list[Problem], chain: list[Path]) -> list[Problem]:
    """Problems without duplicates, file by file (child first), then by line."""
    files = [str(p) for p in reversed(chain)]
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for p in problems:
        if (p.file, p.field, p.message) not in seen:
            seen.add((p.file, p.field, p.message))
            unique.append(p)
    rank = {f: i for i, f in enumerate(files)}
    return sorted(unique, key=lambda p: (rank.get(p.file, -1), p.line or 0))


def load_scenario(
    name_or_path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    dirs: Iterable[Path] = (),
) -> Scenario:
    """Load a scenario by shipped name or by path to a ``.toml`` file.

    Args:
        name_or_path: a name listed by ``resetsim list`` or a path to a TOML file.
        overrides: optional dotted-key overrides, e.g. ``{"structure.trade_share": 0.05}``.
        dirs: extra folders searched before the shipped scenarios.

    Raises:
        ScenarioError: if the file or any override is invalid; the message names the file,
            field path, line where known, and what is allowed.

    """
    folders = search_path(dirs)
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        if not candidate.is_file():
            raise ScenarioError([Problem(str(candidate), "", "no such scenario file")])
        folders = [candidate.parent, *folders]  # as the user wrote it, for short messages
        path = candidate
    else:
        path = resolve_name(str(name_or_path), folders, "<name>")
    notes = MergeNotes()
    data, chain = load_chain(path, folders, notes=notes)
    if overrides:
        data = apply_overrides(data, overrides)
    return validate_data(data, chain, overrides=overrides, notes=notes)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the validated scenario's canonical JSON (first 16 hex digits)."""
    data = scenario.model_dump(mode="json")
    if not scenario.sides:  # as in 0.1.0, whose files declare no sides
        del data["sides"]
    for event in data["events"]:  # as in 0.1.0, whose events have no ids
        if event["id"] is None:
            del event["id"]
    drop_institution_defaults(data)  # as in 0.1.0, which had none of these tables
    drop_stake_defaults(data)  # nor these fields
    drop_statute_defaults(data)  # nor statutes
    drop_reading_default(data)  # nor the factor on scheduled clashes' readings
    if data["phases"].get("severe_clash_level", 0.0) is None:  # nor a severe clash's level
        del data["phases"]["severe_clash_level"]
    payload = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:16]
