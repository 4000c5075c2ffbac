"""The ``resetsim`` command line (typer): every command lives in this package.

Modules by job: :mod:`~resetsim.cli.common` (consoles, the error printer ``fail``,
scenario loading, shared options), :mod:`~resetsim.cli.options` (options several commands
share), :mod:`~resetsim.cli.runs` (list, validate, show, run, explain, main),
:mod:`~resetsim.cli.batch`, :mod:`~resetsim.cli.plots` (plot, attribute),
:mod:`~resetsim.cli.checks` (validate-model), :mod:`~resetsim.cli.calibrate`,
:mod:`~resetsim.cli.inference` (calibrate's abc and null methods, robustness),
:mod:`~resetsim.cli.sensitivity`, :mod:`~resetsim.cli.cases` (forecast),
:mod:`~resetsim.cli.dashboard` and :mod:`~resetsim.cli.classroom`. The domain
packages hold no typer; commands import them when they run, so ``resetsim --help`` stays
quick.

Every command turns bad input into one line on stderr and exit code 1 (2 for a usage
error), never a traceback.
"""

from __future__ import annotations

import typer

from resetsim.cli import (
    batch,
    calibrate,
    cases,
    checks,
    classroom,
    dashboard,
    inference,
    plots,
    runs,
    sensitivity,
)
from resetsim.cli.common import App, console, err, fail, load_or_exit

__all__ = ["app", "console", "err", "fail", "load_or_exit", "main"]

app = App(
    name="resetsim",
    help="Agent-based simulation of bureaucratic politics in US-Russia relations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_COMMANDS = (  # name, function: in the order ``resetsim --help`` lists them
    ("list", runs.list_cmd),
    ("validate", runs.validate_cmd),
    ("show", runs.show_cmd),
    ("run", runs.run_cmd),
    ("explain", runs.explain_cmd),
    ("main", runs.main_cmd),
    ("batch", batch.batch_cmd),
    ("dashboard", dashboard.dashboard_cmd),
    ("classroom", classroom.classroom_cmd),
    ("plot", plots.plot_app),
    ("attribute", plots.attribute_cmd),
    ("validate-model", checks.validate_model_cmd),
    ("calibrate", calibrate.calibrate_cmd),
    ("sensitivity", sensitivity.sensitivity_cmd),
    ("robustness", inference.robustness_cmd),
    ("forecast", cases.forecast_cmd),
)
for _name, _command in _COMMANDS:
    if isinstance(_command, typer.Typer):  # a group of subcommands
        app.add_typer(_command, name=_name)
    else:
        app.command(_name)(_command)


def main() -> None:
    """Console entry point (the same as calling ``app()``)."""
    app()
