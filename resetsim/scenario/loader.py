"""Find, read, merge, override and validate scenario files.

Scenario files are TOML data and never execute code. A file may say
``extends = "parent-name"`` to inherit another scenario of the search path and change a
few values (a counterfactual in a few lines). Merging rules:

* tables merge key by key, recursively;
* rosters merge entry by entry on their key (presidents, legislatures and publics on
  ``side``; bureaucracies and factions on ``name``; proposals on ``id``); an entry with
  ``remove = true`` drops the inherited one;
* ``events``, ``leader_changes`` and ``structure_changes`` given in the child replace
  the parent's list;
* a file without ``name`` is named after its file (``bush-2001.toml`` -> ``bush-2001``).

Removing an entry the parent does not have is an error, and a child entry whose key is
close to an inherited one (``"Republican hawk"``) is reported with a "did you mean".

Overrides (``--set structure.trade_share=0.05`` or ``Scenario.with_overrides``) use dotted
keys; roster entries are addressed by their key (``presidents.US.capital``,
``bureaucracies.Defense.inertia``) or by ``*`` for all entries.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from resetsim.calendar import parse_month
from resetsim.scenario.errors import (
    Problem,
    ScenarioError,
    allowed_for,
    fields_allowed,
    locate_line,
    schema_field,
    unwrap_annotation,
)
from resetsim.scenario.schema import (
    STRUCTURE_CHANGE_FIELDS,
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
    "sides": "id",
    "presidents": "side",
    "legislatures": "side",
    "publics": "side",
    "bureaucracies": "name",
    "factions": "name",
    "proposals": "id",
}
_REPLACED_LISTS = ("events", "leader_changes", "structure_changes")
OVERRIDES_ORIGIN = "<overrides>"


@dataclass
class _MergeNotes:
    """What merging noticed: problems to report and hints for new roster entries."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    hints: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)


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
            desc = tomllib.loads(file.read_text(encoding="utf-8-sig")).get("description", "")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            desc = "(unreadable: run `resetsim validate` on it)"
        lines = str(desc).strip().splitlines()
        out[file.stem] = lines[0] if lines else ""
    return out


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), "", f"cannot read file: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise ScenarioError(
            [Problem(str(path), "", "cannot read file: it is not UTF-8 text (TOML must be)")]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(getattr(exc, "msg", None) or exc)
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        match = _TOML_POSITION.search(str(exc))
        if match:  # Python < 3.14 keeps the position only in the message
            line, column = int(match.group(1)), int(match.group(2))
            message = _TOML_POSITION.sub("", message)
        where = f" (column {column})" if column else ""
        hint = ""
        if re.search(r"^\s*[A-Za-z_]+\s*=\s*\d{4}-\d{2}\s*(#.*)?$", _line(text, line)):
            hint = '; write calendar months in quotes, e.g. date = "2009-01"'
        raise ScenarioError(
            [Problem(str(path), "", f"TOML syntax error: {message}{where}{hint}", line)]
        ) from None


def _line(text: str, line: int | None) -> str:
    lines = text.splitlines()
    return lines[line - 1] if line and 0 < line <= len(lines) else ""


def _resolve_name(name: str, dirs: list[Path], referrer: str) -> Path:
    line = locate_line(referrer, ("extends",), exact=True) if referrer != "<name>" else None
    if "/" in name or "\\" in name or name.startswith(".") or name.endswith(".toml"):
        raise ScenarioError(
            [
                Problem(
                    referrer,
                    "extends",
                    f"{name!r} must be a scenario name from the search path "
                    f"({', '.join(str(d) for d in dirs)}), not a file path",
                    line,
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
                line,
            )
        ]
    )


def _merge_roster(
    parent: list,
    child: list,
    key: str,
    roster: str = "",
    notes: _MergeNotes | None = None,
    origin: str = "",
) -> list:
    merged = [copy.deepcopy(e) for e in parent]
    index = {e.get(key): i for i, e in enumerate(merged) if isinstance(e, dict)}
    inherited = sorted(str(k) for k in index if k is not None)
    for position, entry in enumerate(child):
        if not isinstance(entry, dict):
            merged.append(entry)
            continue
        ident = entry.get(key)
        if ident is None and notes is not None:
            notes.problems.append(
                Problem(
                    origin,
                    f"{roster}[{position}]",
                    f"this entry has no {key}: to change an inherited entry, name it "
                    f"({key} = ...; inherited: {', '.join(inherited) or 'none'}); to add "
                    "a new one, give all its fields",
                    locate_line(origin, (roster, position)) if origin else None,
                )
            )
            continue
        remove = entry.get("remove", False)
        body = {k: v for k, v in entry.items() if k != "remove"}
        if not isinstance(remove, bool):
            if notes is not None:
                notes.problems.append(
                    Problem(
                        origin,
                        f"{roster}[{ident}].remove",
                        f"must be true or false (got {remove!r})",
                        locate_line(origin, (roster, 0, "remove"), entry=(key, str(ident)))
                        if origin
                        else None,
                    )
                )
            continue
        if ident in index:
            if remove is True:
                merged[index[ident]] = None
            else:
                merged[index[ident]] = deep_merge(merged[index[ident]], body)
            continue
        close = difflib.get_close_matches(str(ident), inherited, n=3, cutoff=0.75)
        if remove:
            if notes is not None:
                what = f"did you mean {', '.join(close)}?" if close else "inherited: "
                what += "" if close else (", ".join(inherited) or "none")
                line = locate_line(origin, (roster, 0), entry=(key, str(ident))) if origin else None
                notes.problems.append(
                    Problem(
                        origin,
                        f"{roster}[{ident}].remove",
                        f"remove = true, but no inherited entry has {key} = {ident!r}; {what}",
                        line,
                    )
                )
            continue
        if close and notes is not None:
            notes.hints[(roster, str(ident))] = (
                f"{ident!r} is a new entry, not a change to an inherited one; "
                f"did you mean {', '.join(repr(c) for c in close)}?"
            )
        merged.append(body)
    return [e for e in merged if e is not None]


def deep_merge(
    parent: Mapping[str, Any],
    child: Mapping[str, Any],
    _notes: _MergeNotes | None = None,
    _origin: str = "",
) -> dict[str, Any]:
    """Merge ``child`` over ``parent`` with the rules in the module docstring."""
    out = copy.deepcopy(dict(parent))
    for key, value in child.items():
        if key in ROSTER_KEYS and isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = _merge_roster(out[key], value, ROSTER_KEYS[key], key, _notes, _origin)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _load_chain(
    path: Path,
    dirs: list[Path],
    seen: tuple[str, ...] = (),
    notes: _MergeNotes | None = None,
    referrer: Path | None = None,
) -> tuple[dict, list[Path]]:
    """Raw merged data of ``path`` and its ``extends`` ancestors, child last."""
    resolved = str(path.resolve())
    if resolved in seen:
        cycle = " -> ".join(Path(s).stem for s in (*seen, resolved))
        closer = referrer or path  # the file whose extends closes the cycle
        raise ScenarioError(
            [
                Problem(
                    str(closer),
                    "extends",
                    f"extends cycle: {cycle}; a scenario cannot inherit from itself",
                    locate_line(closer, ("extends",), exact=True),
                )
            ]
        )
    own = _read_toml(path)
    data = dict(own)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        data.setdefault("name", path.stem)
        return data, [path]
    if not isinstance(parent_name, str):
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    "extends",
                    "must be the name of another scenario in quotes, e.g. "
                    f'extends = "obama-2009" (got {parent_name!r})',
                    locate_line(path, ("extends",), exact=True),
                )
            ]
        )
    parent_path = _resolve_name(parent_name, dirs, str(path))
    parent, chain = _load_chain(parent_path, dirs, (*seen, resolved), notes, path)
    data = deep_merge(parent, data, notes, str(path))
    if "name" not in own:
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
            entries = data.get(name)
            entries = entries if isinstance(entries, list) else []
            idents = ["*", *(str(e.get(key)) for e in entries if isinstance(e, dict))]
            fields = [f for f in _ROSTER_TYPES[name].model_fields if f != key]
            keys += [name, *(f"{name}.{i}.{f}" for i in idents for f in fields)]
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
        key = str(key)
        value = _plain(key, value)
        if key not in valid:
            problems.append(_unknown_key(key, out, origin))
            continue
        head, _, rest = key.partition(".")
        if head in ROSTER_KEYS and rest:
            ident, _, name = rest.rpartition(".")  # an entry's name may itself contain dots
            entries = out.get(head)
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and (
                    ident == "*" or str(entry.get(ROSTER_KEYS[head])) == ident
                ):
                    entry[name] = copy.deepcopy(value)
        elif rest:
            table = out.setdefault(head, {})
            if isinstance(table, dict):  # otherwise validation reports the bad table
                table[rest] = copy.deepcopy(value)
        else:
            out[key] = copy.deepcopy(value)
    if problems:
        raise ScenarioError(problems)
    return out


def _plain(key: str, value: Any) -> Any:
    """An override value as plain Python, for strict validation.

    Numpy scalars (from grids and samplers) become Python numbers, and a whole float
    (``18.0`` from a slider) becomes an int where the field is a whole number. Everything
    else is left for validation to judge.
    """
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        value = item()
    if isinstance(value, float) and value.is_integer():
        head, _, rest = key.partition(".")
        loc = (
            (head, 0, rest.rpartition(".")[2])
            if head in ROSTER_KEYS and rest
            else (tuple(key.split(".", 1)))
        )
        _, info, _ = schema_field(loc)
        if info is not None and unwrap_annotation(info.annotation)[0] is int:
            value = int(value)
    return value


def _field_path(loc: tuple, data: Mapping[str, Any]) -> str:
    """Readable field path: ``bureaucracies[Defense].inertia`` rather than ``bureaucracies.2``."""
    parts: list[str] = []
    node: Any = data
    for i, item in enumerate(loc):
        if item == "[key]":  # pydantic's marker for a bad key of a table such as reading
            continue
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


def _message(err: Mapping[str, Any], loc: tuple) -> str:
    """A pydantic error in plain words, with what the field allows."""
    kind = err["type"]
    if kind == "extra_forbidden":
        where, names = fields_allowed(loc)
        close = difflib.get_close_matches(str(loc[-1]), names, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else "."
        return f"unknown field{hint} Fields allowed {where}: {', '.join(names)}"
    if loc and loc[-1] == "[key]":
        keys = allowed_for(loc).removeprefix("a table with keys ").split(" and values")[0]
        return f"unknown key {str(loc[-2])!r}; allowed keys: {keys}"
    allowed = allowed_for(loc)
    if kind == "missing":
        return "required field is missing" + (f"; allowed: {allowed}" if allowed else "")
    value = err.get("input")
    shown = "" if isinstance(value, dict | list) else f" (got {_show(value)})"
    msg = str(err["msg"]).removeprefix("Value error, ")
    if allowed and kind.endswith(_PLAIN_KINDS):
        return f"must be {allowed}{shown}"
    if allowed and kind not in ("value_error", "assertion_error"):
        return f"{msg}; allowed: {allowed}{shown}"
    return f"{msg}{shown}"


_PLAIN_KINDS = (
    "_type",
    "_parsing",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "literal_error",
    "int_from_float",
    "finite_number",
    "pattern_mismatch",
)


def _show(value: Any) -> str:
    """A value as the user wrote it: TOML-like, with its type when that is the problem."""
    if isinstance(value, str):
        return f'text "{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}.0"
    return repr(value) if not hasattr(value, "isoformat") else f"{value} (a TOML date)"


def _entry_key(loc: tuple, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """(key, value) naming the roster entry at ``loc``, e.g. ("name", "Defense")."""
    if len(loc) < 2 or loc[0] not in ROSTER_KEYS or not isinstance(loc[1], int):
        return None
    entries = data.get(str(loc[0]))
    if not isinstance(entries, list) or loc[1] >= len(entries):
        return None
    entry = entries[loc[1]]
    key = ROSTER_KEYS[str(loc[0])]
    if not isinstance(entry, dict) or entry.get(key) is None:
        return None
    return key, str(entry[key])


def _locate(
    chain: list[Path], loc: tuple, data: Mapping[str, Any], missing: bool = False
) -> tuple[str, int | None]:
    """File and line where the value at ``loc`` is written, child file first."""
    entry = _entry_key(loc, data)
    roster = len(loc) >= 2 and loc[0] in ROSTER_KEYS and isinstance(loc[1], int)
    if roster and entry is None and len(chain) > 1:
        return str(chain[-1]), None  # an unnamed entry's position differs file to file
    for path in reversed(chain):
        line = locate_line(path, loc, entry, exact=True)
        if line is not None:
            return str(path), line
    if missing and len(loc) > 1:  # point at the table that lacks the key
        for path in reversed(chain):
            line = locate_line(path, loc[:-1], entry, exact=True)
            if line is not None:
                return str(path), line
    return (str(chain[-1]) if chain else "<scenario>"), None


def _override_for(loc: tuple, data: Mapping[str, Any], overrides: Mapping[str, Any]) -> str:
    """The override key that set the value at ``loc``, or ''."""
    if not overrides or not loc:
        return ""
    head = str(loc[0])
    candidates = []
    if head in ROSTER_KEYS and len(loc) >= 3 and isinstance(loc[1], int):
        entry = _entry_key(loc, data)
        if entry:
            candidates.append(f"{head}.{entry[1]}.{loc[2]}")
        candidates.append(f"{head}.*.{loc[2]}")
    elif len(loc) >= 2 and isinstance(loc[1], str):
        candidates.append(f"{head}.{loc[1]}")
    candidates.append(head)
    return next((c for c in candidates if c in overrides), "")


def _semantic_problems(sc: Scenario) -> list[tuple[tuple, str]]:
    """Cross-field checks pydantic cannot do field by field."""
    problems: list[tuple[tuple, str]] = []
    start = parse_month(sc.start)
    end = start + sc.months - 1
    horizon = f"the horizon {sc.start} to {_fmt(end)}"

    side_ids = sc.side_ids
    one_of = ", ".join(f'"{i}"' for i in side_ids)
    either = " or ".join(f'"{i}"' for i in side_ids)
    if len(sc.sides) == 1:
        problems.append((("sides",), "declare both sides or none (none: US and RU)"))
    if len(set(side_ids)) != len(side_ids):
        problems.append((("sides",), f"the two sides need different ids, got {list(side_ids)}"))
    for roster in ("presidents", "legislatures", "publics", "bureaucracies", "factions"):
        for i, entry in enumerate(getattr(sc, roster)):
            if entry.side not in side_ids:
                problems.append(
                    ((roster, i, "side"), f'must be one of {one_of} (got text "{entry.side}")')
                )
    for roster in ("presidents", "legislatures", "publics"):
        sides = [e.side for e in getattr(sc, roster)]
        if sorted(sides) != sorted(side_ids):
            problems.append(
                (
                    (roster,),
                    f"needs exactly one entry per side ({' and '.join(side_ids)}), got {sides}",
                )
            )
    for roster in ("bureaucracies", "factions"):
        for side in side_ids:
            if not any(e.side == side for e in getattr(sc, roster)):
                problems.append(((roster,), f"needs at least one entry for side {side}"))
    for i, change in enumerate(sc.leader_changes):
        if change.side not in side_ids:
            problems.append(
                (
                    ("leader_changes", i, "side"),
                    f'must be one of {one_of} (got text "{change.side}")',
                )
            )

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
                    f"concedes = {either}",
                )
            )
        for key in ("concedes", "initiator"):
            value = getattr(prop, key)
            if value not in (*side_ids, None, *(("both",) if key == "initiator" else ())):
                problems.append(
                    (("proposals", i, key), f'must be one of {one_of} (got text "{value}")')
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
                    f"a {event.kind} event must say which side it hits: side = {either}",
                )
            )
        if event.side is not None and event.side not in side_ids:
            problems.append(
                (("events", i, "side"), f'must be one of {one_of} (got text "{event.side}")')
            )
        for key in event.reading:
            if key not in side_ids:
                problems.append(
                    (("events", i, "reading", key), f"unknown key {key!r}; allowed keys: {one_of}")
                )
    for roster, what in (("leader_changes", "leader"), ("structure_changes", "structure")):
        problems += _dated_in_order(getattr(sc, roster), roster, what, start, end, horizon)
    for i, change in enumerate(sc.structure_changes):
        if not change.changes():
            problems.append(
                (
                    ("structure_changes", i),
                    "a structure change must set at least one of "
                    + ", ".join(STRUCTURE_CHANGE_FIELDS),
                )
            )
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


def _dated_in_order(
    entries: list, roster: str, what: str, start: int, end: int, horizon: str
) -> list[tuple[tuple, str]]:
    """Problems of dated entries outside the horizon or out of date order."""
    problems: list[tuple[tuple, str]] = []
    previous = start
    for i, entry in enumerate(entries):
        month = parse_month(entry.date)
        if not start <= month <= end:
            problems.append(((roster, i, "date"), f"{entry.date} is outside {horizon}"))
        if month < previous:
            problems.append(
                (
                    (roster, i, "date"),
                    f"{entry.date} comes before the previous {what} change; "
                    f"list {what} changes in date order",
                )
            )
        previous = max(previous, month)
    return problems


def _fmt(month: int) -> str:
    from resetsim.calendar import format_month

    return format_month(month)


def validate_data(
    data: Mapping[str, Any],
    chain: list[Path] | None = None,
    source: str = "<scenario>",
    overrides: Mapping[str, Any] | None = None,
    notes: _MergeNotes | None = None,
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
    notes = notes or _MergeNotes()
    overrides = overrides or {}

    def problem(loc: tuple, message: str, missing: bool = False) -> Problem:
        key = _override_for(loc, data, overrides)
        if key:
            return Problem(OVERRIDES_ORIGIN, key, message)
        file, line = _locate(chain, loc, data, missing) if chain else (source, None)
        return Problem(file, _field_path(loc, data), message, line)

    problems = list(notes.problems)
    errors: list = []
    scenario: Scenario | None = None
    try:
        scenario = Scenario.model_validate(data, strict=True)
    except ValidationError as exc:
        errors = exc.errors()
        for err in errors:
            loc = tuple(err["loc"])
            message = _message(err, loc)
            entry = _entry_key(loc, data)
            hint = notes.hints.get((str(loc[0]), entry[1])) if entry else None
            if hint and err["type"] == "missing":
                message += f" ({hint})"
            problems.append(problem(loc, message, err["type"] == "missing"))
        # Cross-field checks too, on a copy without the bad values, so that one pass
        # reports (say) a misspelt key and an event outside the horizon together.
        repaired = _without(data, [tuple(e["loc"]) for e in errors])
        if repaired is not None:
            try:
                scenario = Scenario.model_validate(repaired, strict=True)
            except ValidationError:
                scenario = None
        if scenario is None:
            raise ScenarioError(_ordered(problems, chain)) from None
    # Values deleted by the repair took defaults: checks on their table or entry could be
    # artefacts of that, so they wait until the field errors are fixed.
    repaired_at = {tuple(e["loc"])[:2] for e in errors} if problems else set()
    for loc, message in _semantic_problems(scenario):
        if tuple(loc)[:2] not in repaired_at:
            problems.append(problem(loc, message, missing=True))
    if problems:
        raise ScenarioError(_ordered(problems, chain))
    scenario._raw = copy.deepcopy(dict(data))
    scenario._chain = [str(p) for p in chain] or [source]
    return scenario


def _without(data: Mapping[str, Any], locs: list[tuple]) -> dict[str, Any] | None:
    """A copy of ``data`` with the values at ``locs`` deleted (so defaults apply), or None.

    Only keys of tables can be deleted; an error on a whole list entry gives None.
    """
    out = copy.deepcopy(dict(data))
    for loc in locs:
        path = loc[:-1] if loc and loc[-1] == "[key]" else loc
        if not path or isinstance(path[-1], int):
            return None
        node: Any = out
        for part in path[:-1]:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
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
        path = _resolve_name(str(name_or_path), folders, "<name>")
    notes = _MergeNotes()
    data, chain = _load_chain(path, folders, notes=notes)
    if overrides:
        data = apply_overrides(data, overrides)
    return validate_data(data, chain, overrides=overrides, notes=notes)


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the validated scenario's canonical JSON (first 16 hex digits)."""
    data = scenario.model_dump(mode="json")
    if not scenario.sides:  # as in 0.1.0, whose files declare no sides
        del data["sides"]
    payload = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:16]
