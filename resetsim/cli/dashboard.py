"""``resetsim dashboard``: serve the classroom dashboard offline on this machine.

The server runs in a child process that dies with this command however it ends (Ctrl-C,
SIGTERM, SIGHUP, or SIGKILL of this process: see :mod:`resetsim.processes`).
"""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import err, fail, say
from resetsim.cli.options import PortOpt

__all__ = ["AssetsOption", "dashboard_cmd", "prepare_server", "run_server"]


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host.strip("[]"), port))
        except (OSError, UnicodeError):
            return False
    return True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP stop the server as Ctrl-C does."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(sig, _interrupt)
        except ValueError:  # not in the main thread (e.g. called from a test runner's thread)
            pass


#: The ``--assets`` option of the commands that serve a solara app.
AssetsOption = Annotated[
    Path | None,
    typer.Option("--assets", help="Front-end assets folder (default: .solara-assets)."),
]


def dashboard_cmd(
    port: PortOpt = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    assets: AssetsOption = None,
) -> None:
    """The classroom dashboard (Mesa SolaraViz) in your browser, offline."""
    from resetsim.viz import dashboard_cli as setup

    folder = prepare_server(host, port, assets)
    shown = f"[{host}]" if ":" in host else host
    say(f"Dashboard: http://{shown}:{port}  (open it in a browser; Ctrl-C stops it)")
    run_server(setup.APP_PATH, host, port, folder, "dashboard")


def prepare_server(host: str, port: int, assets: Path | None) -> Path:
    """Check the packages, assets (installing them once), host and port; returns the assets.

    Shared by ``resetsim dashboard`` and ``resetsim classroom``.
    """
    from resetsim.viz import dashboard_cli as setup

    missing = setup.missing_packages()
    if missing:
        raise fail(
            f"the dashboard needs packages that are not installed ({', '.join(missing)}); "
            "install the viz extra: pip install -e '.[viz]' in the project folder "
            "(or pip install 'resetsim[viz]')."
        )
    warning = setup.host_warning(host)
    if warning:
        err.print(f"warning: {warning}", markup=False)
    folder, present = setup.find_assets_dir(assets)
    if not present:
        say(
            "The dashboard's front-end assets are not installed yet; fetching them once "
            f"into {folder} (about 70 MB, from the npm registry)..."
        )
        ok, message = setup.install_assets(folder)
        if not ok:
            raise fail(message)
    if not _port_free(host, port):
        raise fail(
            f"cannot listen on {host}:{port} (in use, or not an address of this machine); "
            "choose another with --port or --host."
        )
    return folder


def run_server(app_path: Path, host: str, port: int, folder: Path, what: str) -> None:
    """Serve ``app_path`` until Ctrl-C or a signal; a failure is one line, exit 1."""
    from resetsim.viz import dashboard_cli as setup
    from resetsim.viz.serve import serve

    for name, value in setup.SERVER_ENV.items():
        os.environ.setdefault(name, value)
    _stop_on_signals()
    try:
        status = serve(app_path, host, port, assets_dir=folder)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    if status not in (0, -2, -15, 130):
        raise fail(f"the {what} server stopped (status {status}); see its messages above.")
