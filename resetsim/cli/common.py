"""What every command shares: consoles, the one error printer, scenario loading, options.

Only typer and rich are imported here, so that ``resetsim --help`` stays quick; the
model, pandas and the executors load when a command runs.

Every command turns what a user can cause into one line on stderr and exit code 1 (2 for
a usage error), never a traceback: :func:`fail` prints user text literally (never as rich
markup), :func:`guard` turns the library's own errors and ``OSError`` into such a line, and
:class:`App` catches whatever escapes a command as a last resort.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from resetsim.cli.options import ExecutorOpt, SchedulerOpt, WorkersOpt

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "MAX_MONTHS",
    "App",
    "ExecutorOpt",
    "QuietOpt",
    "SchedulerOpt",
    "SeedOpt",
    "SetOpt",
    "WorkersOpt",
    "check_writable",
    "console",
    "err",
    "fail",
    "guard",
    "load_or_exit",
    "parse_sets",
    "say",
]

# click's exceptions, wherever this typer takes click from (recent typers vendor it)
_clicks = importlib.import_module(typer.BadParameter.__module__)
_EXITS = tuple({typer.Exit, getattr(_clicks, "Exit", typer.Exit)})
_ABORTS = tuple({typer.Abort, getattr(_clicks, "Abort", typer.Abort)})

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
MAX_MONTHS = 1200
"""Longest run the command line starts (100 years of months)."""

console = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SeedOpt = Annotated[
    int, typer.Option("--seed", min=0, help="Random seed, >= 0 (same seed, same run).")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="Override a parameter, e.g. --set structure.trade_share=0.05 (repeatable)."
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No progress bar.")]


def say(text: str, **kwargs: Any) -> None:
    """Print ``text`` to stdout literally (paths and names are never read as markup)."""
    console.print(text, markup=False, soft_wrap=True, **kwargs)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` to stderr (``message`` literally) and return an Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _os_error_text(exc: OSError) -> str:
    where = exc.filename or ""
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "no space left on the device; free some space"
    return f"{where}: {reason}" if where else reason


def user_message(exc: BaseException) -> str | None:
    """The one-line message for an error a user can cause, or None for a bug.

    The error classes are looked up among the modules already imported, so that this
    module does not import the model.
    """
    if isinstance(exc, OSError):
        return _os_error_text(exc)
    if isinstance(exc, RecursionError):
        return "nested too deeply to read (tables or lists inside each other)"
    scenario_errors = sys.modules.get("resetsim.scenario.errors")
    if scenario_errors is not None and isinstance(exc, scenario_errors.ScenarioError):
        return exc.render()
    for module, name in (
        ("resetsim.batch.spec", "BatchError"),
        ("resetsim.sensitivity.ranges", "RangesError"),
        ("resetsim.sensitivity.study", "StudyError"),
        ("resetsim.cases.errors", "CaseError"),
    ):
        found = sys.modules.get(module)
        if found is not None and isinstance(exc, getattr(found, name)):
            return str(exc)
    return None


@contextmanager
def guard(context: str = "") -> Iterator[None]:
    """Turn a user-caused error inside the block into ``fail`` (``context`` leads the line)."""
    try:
        yield
    except (*_EXITS, KeyboardInterrupt):
        raise
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        raise fail(f"{context}{message}") from None


def check_writable(path: Path, flag: str = "--out", *, folder: bool = True) -> None:
    """Refuse an output path that cannot be written, before any work starts.

    Finds the nearest existing folder on the way to ``path`` and checks that it is a
    folder and that a file can be created in it; nothing is left behind.

    Args:
        path: the output folder (``folder=True``) or file.
        flag: the option's name, for the message.
        folder: whether ``path`` itself is meant to be a folder.

    Raises:
        typer.Exit: after printing what is wrong.

    """
    text = str(path)
    if not text.strip():
        raise fail(f"{flag}: give a path")
    target = Path(path)
    if folder and target.exists() and not target.is_dir():
        raise fail(f"{flag} {text} is a file; give a folder")
    if not folder and target.is_dir():
        raise fail(f"{flag} {text} is a folder; give a file name")
    probe = target if folder else target.parent
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise fail(f"{flag} {text}: {probe} is a file, so nothing can be written under it")
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise fail(f"{flag} {text}: cannot write in {probe} ({_os_error_text(exc)})") from None


def parse_sets(pairs: list[str] | None) -> dict[str, object]:
    """Turn ``--set key=value`` strings into an overrides dict (a key given twice is an error)."""
    from resetsim.scenario.loader import parse_value

    out: dict[str, object] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise fail(f"--set {pair!r}: expected KEY=VALUE, e.g. structure.trade_share=0.05")
        if key in out:
            raise fail(f"--set {key} is given twice; give each key once")
        with guard(f"--set {pair!r}: "):
            out[key] = parse_value(value.strip())
    return out


def load_or_exit(name: str, sets: list[str] | None = None):
    """Load a scenario with overrides, or print every problem and exit 1.

    Warnings about the overrides (:class:`~resetsim.scenario.overrides.ScenarioWarning`)
    are printed as ``warning: ...`` lines on stderr.
    """
    import warnings

    from resetsim.scenario import load_scenario
    from resetsim.scenario.overrides import ScenarioWarning

    overrides = parse_sets(sets)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ScenarioWarning)
            scenario = load_scenario(name, overrides)
        for item in caught:
            if issubclass(item.category, ScenarioWarning):
                err.print(f"[yellow]warning:[/] {escape(str(item.message))}")
        return scenario
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        named = isinstance(exc, OSError | RecursionError) and name not in message
        raise fail(f"{name}: {message}" if named else message) from None


class App(typer.Typer):
    """The typer application, with one-line errors for usage mistakes and a last resort.

    A usage error (unknown option, value out of range) prints ``error: ...`` and exits
    2; an exception that escapes a command prints one line naming it and exits 1 (set
    ``RESETSIM_TRACEBACK=1`` to see the traceback). Tests that call the click command
    directly (``typer.testing.CliRunner``) see the plain typer behaviour.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line."""
        kwargs.setdefault("standalone_mode", False)
        try:
            result = super().__call__(*args, **kwargs)
        except _EXITS as exc:
            sys.exit(exc.exit_code)
        except _ABORTS:
            err.print("interrupted", markup=False)
            sys.exit(EXIT_INTERRUPTED)
        except _clicks.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
                help_text = exc.ctx.get_help()  # typer's rich help prints itself
                if help_text:
                    console.print(help_text, markup=False)
                sys.exit(EXIT_USAGE)
            hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            raise SystemExit(_usage_exit(exc.format_message() + hint)) from None
        except _clicks.ClickException as exc:
            fail(exc.format_message())
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if os.environ.get("RESETSIM_TRACEBACK"):
                raise
            message = user_message(exc)
            if message is None:
                first = (str(exc).strip().splitlines() or ["(no message)"])[0]
                message = (
                    f"unexpected {type(exc).__name__}: {first} (a bug: please report it "
                    "with the command; RESETSIM_TRACEBACK=1 shows where it happened)"
                )
            fail(message)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _usage_exit(message: str) -> int:
    err.print(f"[bold red]error:[/] {escape(' '.join(message.split()))}")
    return EXIT_USAGE
