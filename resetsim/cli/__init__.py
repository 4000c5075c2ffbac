"""The ``resetsim`` command line (typer): every command lives in this package.

Modules by job: :mod:`~resetsim.cli.common` (consoles, the error printer ``fail``,
scenario loading, shared options), :mod:`~resetsim.cli.runs` (list, validate, show, run,
explain, main), :mod:`~resetsim.cli.batch`, :mod:`~resetsim.cli.plots` (plot, attribute),
:mod:`~resetsim.cli.checks` (validate-model, calibrate), :mod:`~resetsim.cli.sensitivity`,
:mod:`~resetsim.cli.cases` (forecast), :mod:`~resetsim.cli.dashboard` and
:mod:`~resetsim.cli.classroom`. The domain
packages hold no typer; commands import them when they run, so ``resetsim --help`` stays
quick.

Every command turns bad input into one line on stderr and exit code 1 (2 for a usage
error), never a traceback.
"""

from __future__ import annotations

from resetsim.cli import (
    batch,
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
app.command("list")(runs.list_cmd)
app.command("validate")(runs.validate_cmd)
app.command("show")(runs.show_cmd)
app.command("run")(runs.run_cmd)
app.command("explain")(runs.explain_cmd)
app.command("main")(runs.main_cmd)
app.command("batch")(batch.batch_cmd)
app.command("dashboard")(dashboard.dashboard_cmd)
app.command("classroom")(classroom.classroom_cmd)
app.add_typer(plots.plot_app, name="plot")
app.command("attribute")(plots.attribute_cmd)
app.command("validate-model")(checks.validate_model_cmd)
app.command("calibrate")(checks.calibrate_cmd)
app.command("sensitivity")(sensitivity.sensitivity_cmd)
app.command("robustness")(inference.robustness_cmd)
app.command("forecast")(cases.forecast_cmd)


def main() -> None:
    """Console entry point (the same as calling ``app()``)."""
    app()
