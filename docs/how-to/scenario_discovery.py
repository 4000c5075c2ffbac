"""Scenario discovery with the EMA Workbench: where in the uncertainty space does a reset fail?

Samples the shipped parameter ranges (resetsim/sensitivity/ranges.toml) with a seeded Latin
hypercube, runs each point on common seeds through ``resetsim.ema``, marks the points
whose outcome passes a threshold (by default: a crisis after the reset in at least half
the seeds) and lets PRIM find the box of parameters where those points concentrate
(Bryant & Lempert 2010). See docs/how-to/use-with-other-tools.md.

    python docs/how-to/scenario_discovery.py --experiments 200 --seeds 4 --out results/sd

Writes OUT/experiments.csv (inputs and outcomes), OUT/trajectory.csv (PRIM's peeling
trajectory) and OUT/box.json (the chosen box) and prints the box.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    from resetsim.ema import OUTCOMES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="obama-2009", help="scenario name or .toml path")
    parser.add_argument("--experiments", type=int, default=200, help="points of the design")
    parser.add_argument("--seeds", type=int, default=4, help="runs per point (common seeds)")
    parser.add_argument("--months", type=int, default=None, help="stop runs after this many")
    parser.add_argument("--design-seed", type=int, default=1, help="seed of the Latin hypercube")
    parser.add_argument("--outcome", default="crisis", choices=list(OUTCOMES))
    parser.add_argument("--threshold", type=float, default=0.5, help="case of interest: >= this")
    parser.add_argument("--below", action="store_true", help="case of interest: < threshold")
    parser.add_argument("--min-density", type=float, default=0.8, help="least density of the box")
    parser.add_argument("--workers", type=int, default=1, help="processes (EMA's evaluator)")
    parser.add_argument("--out", type=Path, default=Path("results/scenario-discovery"))
    args = parser.parse_args(argv)
    for name in ("experiments", "seeds", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1 (got {getattr(args, name)})")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file; give a folder")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the design, PRIM, and write the outputs."""
    args = _arguments(argv)
    from resetsim.scenario import ScenarioError, load_scenario

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    from ema_workbench import MultiprocessingEvaluator, SequentialEvaluator

    from resetsim.ema import OUTCOMES, ema_model, lhs_design, prim_box

    model = ema_model(scenario, seeds=args.seeds, months=args.months)
    design = lhs_design(model, args.experiments, seed=args.design_seed)
    if args.workers > 1:
        evaluator = MultiprocessingEvaluator(model, n_processes=args.workers)
    else:
        evaluator = SequentialEvaluator(model)
    with evaluator:
        experiments, outcomes = evaluator.perform_experiments(scenarios=design)
    values = outcomes[args.outcome]
    interest = values < args.threshold if args.below else values >= args.threshold
    table = experiments.drop(columns=["policy", "model"], errors="ignore")
    for name in OUTCOMES:
        table[name] = outcomes[name]
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "experiments.csv", index=False)
    rule = f"{args.outcome} {'<' if args.below else '>='} {args.threshold:g}"
    result = {
        "scenario": args.scenario,
        "experiments": args.experiments,
        "seeds_per_experiment": args.seeds,
        "design_seed": args.design_seed,
        "case_of_interest": rule,
        "cases_of_interest": int(interest.sum()),
    }
    if 0 < interest.sum() < len(interest):
        box = prim_box(experiments[[u.name for u in model.uncertainties]], interest,
                       min_density=args.min_density)  # fmt: skip
        box.trajectory.to_csv(args.out / "trajectory.csv", index=False)
        result |= {
            "coverage": box.coverage,
            "density": box.density,
            "mass": box.mass,
            "limits": {k: list(v) for k, v in box.limits.items()},
        }
        print(f"{int(interest.sum())} of {len(interest)} points have {rule}.")
        print(f"PRIM box: coverage {box.coverage:.2f}, density {box.density:.2f}, "
              f"mass {box.mass:.2f}")  # fmt: skip
        for name, (low, high) in box.limits.items():
            print(f"  {low:.4g} <= {name} <= {high:.4g}")
    else:
        print(f"{int(interest.sum())} of {len(interest)} points have {rule}: nothing to "
              "tell apart; change --threshold or --outcome")  # fmt: skip
    (args.out / "box.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
