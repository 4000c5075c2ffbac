"""Find, read, merge, override and validate scenario files.

Scenario files are TOML data and never execute code. A file may say
``extends = "parent-name"`` to inherit another scenario of the search path and change a
few values (a counterfactual in a few lines). Merging rules:

* tables merge key by key, recursively;
* rosters merge entry by entry on their key (presidents, legislatures and publics on
  ``side``; bureaucracies and factions on ``name``; proposals on ``id``); an entry with
  ``remove = true`` drops the inherited one;
* ``events`` and ``leader_changes`` given in the child replace the parent's list.

Overrides (``--set structure.trade_share=0.05`` or ``Scenario.with_overrides``) use dotted
keys; roster entries are addressed by their key (``presidents.US.capital``,
``bureaucracies.Defense.inertia``) or by ``*`` for all entries.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from resetsim.calendar import parse_month
from resetsim.scenario.errors import Problem, ScenarioError, locate_line
from resetsim.scenario.schema import (
    SIDES,
    Bureaucracy,
    Faction,
    Legislature,
    President,
    Proposal,
    Public,
    Scenario,
)

__all__ = [
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

ROSTER_KEYS: dict[str, str] = {
    "presidents": "side",
    "legislatures": "side",
    "publics": "side",
    "bureaucracies": "name",
    "factions": "name",
    "proposals": "id",
}
_REPLACED_LISTS = ("events", "leader_changes")


def builtin_dir() -> Path:
    """The folder of shipped scenarios (inside the wheel, or the source tree's ``scenarios/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "scenarios"
    return packaged if packaged.is_dir() else here.parent / "scenarios"


def search_path(extra: Iterable[Path] = ()) -> list[Path]:
    """Folders searched for scenario names, first match wins."""
    return [*(Path(p) for p in extra), builtin_dir()]


def list_scenarios() -> dict[str, str]:
    """Shipped scenario names with their one-line descriptions."""
    out = {}
    for file in sorted(builtin_dir().glob("*.toml")):
        try:
            desc = tomllib.loads(file.read_text(encoding="utf-8")).get("description", "")
        except tomllib.TOMLDecodeError:
            desc = "(unreadable: run `resetsim validate` on it)"
        out[file.stem] = str(desc).strip().splitlines()[0] if desc else ""
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), "", f"cannot read file: {exc.strerror}")]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    "",
                    f"TOML syntax error: {exc.msg if hasattr(exc, 'msg') else exc}",
                    line,
                )
            ]
        ) from None


def _resolve_name(name: str, dirs: list[Path], referrer: str) -> Path:
    if "/" in name or "\\" in name or name.startswith(".") or name.endswith(".toml"):
        raise ScenarioError(
            [
                Problem(
                    referrer,
                    "extends",
                    f"{name!r} must be a scenario name from the search path "
                    f"({', '.join(str(d) for d in dirs)}), not a file path",
                )
            ]
        )
    for folder in dirs:
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    known = sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.toml")})
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(known)}"
    raise ScenarioError(
        [
            Problem(
                referrer,
                "extends" if referrer != "<name>" else "",
                f"no scenario named {name!r}{hint}",
            )
        ]
    )


def _merge_roster(parent: list, child: list, key: str) -> list:
    merged = [copy.deepcopy(e) for e in parent]
    index = {e.get(key): i for i, e in enumerate(merged) if isinstance(e, dict)}
    for entry in child:
        if not isinstance(entry, dict):
            merged.append(entry)
            continue
        ident = entry.get(key)
        remove = entry.get("remove", False)
        body = {k: v for k, v in entry.items() if k != "remove"}
        if ident in index:
            if remove:
                merged[index[ident]] = None
            else:
                merged[index[ident]] = deep_merge(merged[index[ident]], body)
        elif not remove:
            merged.append(body)
    return [e for e in merged if e is not None]


def deep_merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``child`` over ``parent`` with the rules in the module docstring."""
    out = copy.deepcopy(dict(parent))
    for key, value in child.items():
        if key in ROSTER_KEYS and isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = _merge_roster(out[key], value, ROSTER_KEYS[key])
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _load_chain(
    path: Path, dirs: list[Path], seen: tuple[str, ...] = ()
) -> tuple[dict, list[Path]]:
    """Raw merged data of ``path`` and its ``extends`` ancestors, child last."""
    resolved = str(path.resolve())
    if resolved in seen:
        cycle = " -> ".join(Path(s).stem for s in (*seen, resolved))
        raise ScenarioError([Problem(str(path), "extends", f"extends cycle: {cycle}")])
    data = _read_toml(path)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data, [path]
    if not isinstance(parent_name, str):
        raise ScenarioError([Problem(str(path), "extends", "must be a scenario name (a string)")])
    parent_path = _resolve_name(parent_name, dirs, str(path))
    parent, chain = _load_chain(parent_path, dirs, (*seen, resolved))
    data = deep_merge(parent, data)
    if "name" not in _read_toml(path):
        data["name"] = path.stem
    return data, [*chain, path]


def parse_value(text: str) -> Any:
    """Interpret a command-line override value as TOML (numbers, booleans, lists), else text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


_ROSTER_TYPES: dict[str, type[BaseModel]] = {
    "presidents": President,
    "legislatures": Legislature,
    "publics": Public,
    "bureaucracies": Bureaucracy,
    "factions": Faction,
    "proposals": Proposal,
}


def _valid_keys(data: Mapping[str, Any]) -> list[str]:
    """Every dotted key an override may use on ``data``."""
    keys = []
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        if name in _ROSTER_TYPES:
            key = ROSTER_KEYS[name]
            idents = ["*", *(str(e.get(key)) for e in data.get(name, []) if isinstance(e, dict))]
            fields = [f for f in _ROSTER_TYPES[name].model_fields if f != key]
            keys += [f"{name}.{i}.{f}" for i in idents for f in fields]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += [f"{name}.{sub}" for sub in annotation.model_fields]
        else:
            keys.append(name)
    return keys


def _unknown_key(key: str, data: Mapping[str, Any], origin: str) -> Problem:
    valid = _valid_keys(data)
    close = difflib.get_close_matches(key, valid, n=5, cutoff=0.6)
    if not close:
        head = key.split(".")[0]
        close = [k for k in valid if k.startswith(head + ".") and ".*." not in k][:8]
        if not close:
            close = sorted({k.split(".")[0] for k in valid})
    return Problem(origin, key, f"unknown parameter; valid keys nearby: {', '.join(close)}")


def apply_overrides(
    data: Mapping[str, Any], overrides: Mapping[str, Any], origin: str = "<overrides>"
) -> dict[str, Any]:
    """Return a copy of raw scenario ``data`` with dotted-key ``overrides`` applied.

    Raises:
        ScenarioError: listing every unknown key, with valid keys nearby.

    """
    out = copy.deepcopy(dict(data))
    problems = []
    valid = set(_valid_keys(out))
    for key, value in overrides.items():
        parts = key.split(".")
        if key not in valid:
            problems.append(_unknown_key(key, out, origin))
            continue
        if parts[0] in ROSTER_KEYS:
            roster, ident, field = parts
            for entry in out.get(roster, []):
                if ident == "*" or str(entry.get(ROSTER_KEYS[roster])) == ident:
                    entry[field] = copy.deepcopy(value)
        elif len(parts) == 2:
            out.setdefault(parts[0], {})[parts[1]] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    if problems:
        raise ScenarioError(problems)
    return out


def _field_path(loc: tuple, data: Mapping[str, Any]) -> str:
    """Readable field path: ``bureaucracies[Defense].inertia`` rather than ``bureaucracies.2``."""
    parts: list[str] = []
    node: Any = data
    for i, item in enumerate(loc):
        if isinstance(item, int) and i > 0 and isinstance(node, list):
            entry = node[item] if item < len(node) else None
            key = ROSTER_KEYS.get(str(loc[i - 1]))
            label = entry.get(key) if isinstance(entry, dict) and key else None
            if label is None and isinstance(entry, dict):
                label = entry.get("label") or entry.get("date")
            parts[-1] += f"[{label}]" if label is not None else f"[{item}]"
            node = entry
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, Mapping) else None
    return ".".join(parts)


def _allowed(err: Mapping[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see docs/ODD.md for the fields allowed here)"
    if err["type"] == "missing":
        return "required field is missing"
    if "expected" in ctx:
        return f"{msg}"
    return msg


def _locate(chain: list[Path], loc: tuple) -> tuple[str, int | None]:
    for path in reversed(chain):
        line = locate_line(path, loc)
        if line is not None:
            return str(path), line
    return (str(chain[-1]) if chain else "<scenario>"), None


def _semantic_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Cross-field checks pydantic cannot do field by field."""
    problems: list[tuple[tuple, str]] = []
    start = parse_month(sc.start)
    end = start + sc.months - 1
    horizon = f"the horizon {sc.start} to {_fmt(end)}"

    for roster in ("presidents", "legislatures", "publics"):
        sides = [e.side for e in getattr(sc, roster)]
        if sorted(sides) != sorted(SIDES):
            problems.append(
                ((roster,), f"needs exactly one entry per side (US and RU), got {sides}")
            )
    for roster in ("bureaucracies", "factions"):
        for side in SIDES:
            if not any(e.side == side for e in getattr(sc, roster)):
                problems.append(((roster,), f"needs at least one entry for side {side}"))

    names: dict[str, str] = {}
    for roster in ("presidents", "bureaucracies", "factions", "publics"):
        for i, entry in enumerate(getattr(sc, roster)):
            if entry.name in names:
                problems.append(
                    (
                        (roster, i, "name"),
                        f"actor name {entry.name!r} is already used in {names[entry.name]}; "
                        "actor names must be unique",
                    )
                )
            names[entry.name] = roster
    agencies = {b.name for b in sc.bureaucracies}
    ids: set[str] = set()
    for i, prop in enumerate(sc.proposals):
        if prop.id in ids:
            problems.append((("proposals", i, "id"), f"proposal id {prop.id!r} is used twice"))
        ids.add(prop.id)
        for agency in prop.agencies:
            if agency not in agencies:
                close = difflib.get_close_matches(agency, sorted(agencies), n=3)
                hint = f"did you mean {', '.join(close)}?" if close else ""
                problems.append(
                    (
                        ("proposals", i, "agencies"),
                        f"implementing agency {agency!r} is not a bureaucracy of this "
                        f"scenario; allowed: {', '.join(sorted(agencies))} {hint}".strip(),
                    )
                )
        if prop.core and prop.concedes is None:
            problems.append(
                (
                    ("proposals", i, "concedes"),
                    "a core proposal must say which side gives up a core interest: "
                    'concedes = "US" or "RU"',
                )
            )
        if prop.earliest and not start <= parse_month(prop.earliest) <= end:
            problems.append((("proposals", i, "earliest"), f"{prop.earliest} is outside {horizon}"))
    for i, faction in enumerate(sc.factions):
        if faction.instruments and faction.seats == 0:
            problems.append(
                (("factions", i, "seats"), "a faction that votes on instruments needs seats > 0")
            )
    for i, event in enumerate(sc.events):
        if not start <= parse_month(event.date) <= end:
            problems.append((("events", i, "date"), f"{event.date} is outside {horizon}"))
        if event.kind in ("shock", "leader", "congress") and event.side is None:
            problems.append(
                (
                    ("events", i, "side"),
                    f'a {event.kind} event must say which side it hits: side = "US" or "RU"',
                )
            )
    previous = start
    for i, change in enumerate(sc.leader_changes):
        month = parse_month(change.date)
        if not start <= month <= end:
            problems.append((("leader_changes", i, "date"), f"{change.date} is outside {horizon}"))
        if month < previous:
            problems.append(
                (
                    ("leader_changes", i, "date"),
                    f"{change.date} comes before the previous leader change; "
                    "list leader changes in date order",
                )
            )
        previous = max(previous, month)
    for i, pres in enumerate(sc.presidents):
        if pres.term_end and parse_month(pres.term_end) < start:
            problems.append(
                (
                    ("presidents", i, "term_end"),
                    f"{pres.term_end} is before the scenario start {sc.start}",
                )
            )
    if sc.phases.crisis_exit <= sc.phases.crisis_level:
        problems.append(
            (
                ("phases", "crisis_exit"),
                f"must be above phases.crisis_level ({sc.phases.crisis_level}) so the "
                "crisis label has hysteresis",
            )
        )
    return problems


def _fmt(month: int) -> str:
    from resetsim.calendar import format_month

    return format_month(month)


def validate_data(
    data: Mapping[str, Any], chain: list[Path] | None = None, source: str = "<scenario>"
) -> Scenario:
    """Validate raw ``data`` into a :class:`Scenario`, collecting every problem.

    Raises:
        ScenarioError: with one :class:`Problem` per field error or cross-field error.

    """
    chain = chain or []
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            file, line = _locate(chain, err["loc"]) if chain else (source, None)
            value = err.get("input")
            shown = (
                ""
                if err["type"] in ("missing", "extra_forbidden") or isinstance(value, dict | list)
                else f" (got {value!r})"
            )
            problems.append(
                Problem(file, _field_path(err["loc"], data), _allowed(err) + shown, line)
            )
        raise ScenarioError(problems) from None
    semantic = _semantic_problems(scenario)
    if semantic:
        problems = []
        for loc, message in semantic:
            file, line = _locate(chain, loc) if chain else (source, None)
            problems.append(Problem(file, _field_path(loc, data), message, line))
        raise ScenarioError(problems)
    scenario._raw = copy.deepcopy(dict(data))
    scenario._chain = [str(p) for p in chain] or [source]
    return scenario


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
        folders = [candidate.resolve().parent, *folders]
        path = candidate
    else:
        path = _resolve_name(str(name_or_path), folders, "<name>")
    data, chain = _load_chain(path, folders)
    if overrides:
        data = apply_overrides(data, overrides)
    return validate_data(data, chain)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the validated scenario's canonical JSON (first 16 hex digits)."""
    payload = json.dumps(scenario.model_dump(mode="json"), sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:16]
