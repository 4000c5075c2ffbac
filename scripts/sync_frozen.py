"""Copy the generative calibration's values into the cases' frozen lines.

A case scenario takes its behavioural values from ``history-1992-2016-generative`` (the
ABC posterior medians) and never re-tunes them; each such line ends in a comment that
names that scenario, e.g. ``relax_rate = 0.0734  # posterior median of
history-1992-2016-generative (ABC)``. After a new calibration this script rewrites the
value of every such line in ``scenarios/*.toml`` from the calibrated scenario as loaded
(its own values and what it inherits), keeping the comment, and prints what changed.

    python scripts/sync_frozen.py [--check]

``--check`` changes nothing and exits 1 if a line is stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from resetsim.scenario import load_scenario

SOURCE = "history-1992-2016-generative"
LINE = re.compile(
    rf"^(?P<key>\w+)(?P<eq>\s*=\s*)(?P<value>[-+0-9.eE]+)(?P<rest>\s*#.*{re.escape(SOURCE)}.*)$"
)
SECTION = re.compile(r"^\[(?P<name>\w+)\]\s*$")


def calibrated() -> dict[str, dict[str, float]]:
    """The calibrated scenario's ``structure``, ``dynamics`` and ``phases`` values by key."""
    spec = load_scenario(SOURCE)
    return {
        "structure": spec.structure.model_dump(),
        "dynamics": spec.dynamics.model_dump(),
        "phases": spec.phases.model_dump(),
    }


def sync(text: str, values: dict[str, dict[str, float]]) -> tuple[str, list[str]]:
    """``text`` with every frozen line of a known section set to ``values``; what changed."""
    section, out, changed = None, [], []
    for line in text.splitlines(keepends=True):
        if head := SECTION.match(line):
            section = head["name"]
        match = LINE.match(line.rstrip("\n"))
        if match and section in values and match["key"] in values[section]:
            new = f"{values[section][match['key']]:g}"
            if float(new) != float(match["value"]):
                changed.append(f"{section}.{match['key']}: {match['value']} -> {new}")
                line = f"{match['key']}{match['eq']}{new}{match['rest']}\n"
        out.append(line)
    return "".join(out), changed


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or check) every shipped scenario's frozen lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale lines, change nothing")
    args = parser.parse_args(argv)
    values, stale = calibrated(), False
    for path in sorted(Path("scenarios").glob("*.toml")):
        text, changed = sync(path.read_text(encoding="utf-8"), values)
        for change in changed:
            print(f"{path}: {change}")
        stale |= bool(changed)
        if changed and not args.check:
            path.write_text(text, encoding="utf-8")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
