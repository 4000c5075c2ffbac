"""Serve a Mesa SolaraViz dashboard with no internet access.

A solara page loads its JavaScript, CSS and fonts from the server's own ``/_solara/cdn/``
route, which the server answers from a local folder (``SOLARA_ASSETS_PROXY_CACHE_DIR``) and
otherwise from a public CDN. Fill that folder once with::

    python scripts/install_solara_assets.py .solara-assets

and serve an app file with::

    python -m resetsim.viz.serve path/to/app.py --port 8765

The server runs as a subprocess (``python -m solara run ... --production``), so that the
environment variables below are read by a fresh interpreter before solara imports its settings,
and so that a test can start and stop it like any other server. Production mode loads minified
bundles and makes no outside request; the version check against PyPI and the usage telemetry
are switched off.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from resetsim.processes import die_with_parent

__all__ = [
    "DEFAULT_ASSETS_DIR",
    "assets_present",
    "default_assets_dir",
    "serve",
    "server_command",
    "solara_env",
    "start_server",
    "wait_until_ready",
]

#: Folder used when no assets folder is given and ``$RESETSIM_SOLARA_ASSETS`` is unset.
DEFAULT_ASSETS_DIR = ".solara-assets"

# A file every page requests (solara 1.64.1, ipywidgets 8, Vue 2 front end).
_MARKER = Path("@widgetti/solara-vuetify-app@10.1.1/dist/solara-vuetify-app8.min.js")


def default_assets_dir() -> Path:
    """Return the assets folder to use when none is given.

    Returns:
        ``$RESETSIM_SOLARA_ASSETS`` if set, else ``.solara-assets`` in the current directory,
        as an absolute path.

    """
    return Path(os.environ.get("RESETSIM_SOLARA_ASSETS") or DEFAULT_ASSETS_DIR).resolve()


def assets_present(assets_dir: str | os.PathLike[str]) -> bool:
    """Tell whether ``assets_dir`` holds the front-end bundle every solara page loads.

    Args:
        assets_dir: Folder filled by ``scripts/install_solara_assets.py``.

    Returns:
        True if the main solara bundle is there (a quick check, not a full one; the script's
        ``--check`` option checks every package).

    """
    return (Path(assets_dir) / _MARKER).is_file()


def solara_env(
    assets_dir: str | os.PathLike[str], home_dir: str | os.PathLike[str] | None = None
) -> dict[str, str]:
    """Return the environment variables that make a solara server run offline.

    Args:
        assets_dir: Folder filled by ``scripts/install_solara_assets.py``; the server answers
            ``/_solara/cdn/...`` from it.
        home_dir: If given, a folder under which private ``solara``, ``matplotlib`` and
            ``cache`` folders are created and used as ``SOLARA_HOME``, ``MPLCONFIGDIR`` and
            ``XDG_CACHE_HOME`` (for tests: nothing is read from or written to the user's home).
            If None, those variables are not set and the usual locations apply.

    Returns:
        Variables to add to the server's environment (``os.environ | solara_env(...)``).

    """
    env = {
        "SOLARA_ASSETS_PROXY": "true",
        "SOLARA_ASSETS_PROXY_CACHE_DIR": str(Path(assets_dir).resolve()),
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
        # a fixed id, so that solara does not write one to SOLARA_HOME at import
        "SOLARA_TELEMETRY_SERVER_USER_ID": "resetsim-offline",
        "MPLBACKEND": "Agg",
    }
    if home_dir is not None:
        home = Path(home_dir).resolve()
        dirs = {
            "SOLARA_HOME": home / "solara",
            "MPLCONFIGDIR": home / "matplotlib",
            "XDG_CACHE_HOME": home / "cache",
        }
        for name, path in dirs.items():
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
    return env


def server_command(
    app_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    production: bool = True,
    python: str | None = None,
) -> list[str]:
    """Return the command line that runs the solara server for an app file.

    Args:
        app_path: Python file that defines ``page`` or ``Page`` (e.g. a SolaraViz object).
        host: Address to listen on.
        port: Port to listen on.
        production: Serve minified bundles and skip development features (default True).
        python: Interpreter to run solara with; defaults to the current one.

    Returns:
        The argument list for :class:`subprocess.Popen`.

    """
    cmd = [
        python or sys.executable,
        "-m",
        "solara",
        "run",
        str(Path(app_path).resolve()),
        "--host",
        host,
        "--port",
        str(port),
        "--no-open",
        "--no-check-version",
    ]
    if production:
        cmd.append("--production")
    return cmd


def start_server(
    app_path: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    assets_dir: str | os.PathLike[str] | None = None,
    home_dir: str | os.PathLike[str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    production: bool = True,
    **popen_kwargs: object,
) -> subprocess.Popen[bytes]:
    """Start the solara server for an app file in a subprocess and return at once.

    Args:
        app_path: Python file that defines ``page`` or ``Page``.
        host: Address to listen on.
        port: Port to listen on.
        assets_dir: Folder filled by ``scripts/install_solara_assets.py``; defaults to
            :func:`default_assets_dir`.
        home_dir: Passed to :func:`solara_env`.
        extra_env: Further variables for the server's environment.
        production: Passed to :func:`server_command`.
        **popen_kwargs: Passed to :class:`subprocess.Popen` (e.g. ``stdout``).

    Returns:
        The running server process; use :func:`wait_until_ready` before sending requests,
        and ``terminate()`` to stop it.

    Raises:
        FileNotFoundError: If the app file or the front-end assets are missing.

    """
    app = Path(app_path)
    if not app.is_file():
        raise FileNotFoundError(f"app file not found: {app}")
    assets = Path(assets_dir) if assets_dir is not None else default_assets_dir()
    if not assets_present(assets):
        raise FileNotFoundError(
            f"solara front-end assets missing in {assets}; run: "
            f"python scripts/install_solara_assets.py {assets}"
        )
    env = {**os.environ, **solara_env(assets, home_dir), **(extra_env or {})}
    cmd = server_command(app, host, port, production=production)
    popen_kwargs.setdefault("preexec_fn", _server_dies_with_us)
    return subprocess.Popen(cmd, env=env, cwd=app.resolve().parent, **popen_kwargs)  # type: ignore[call-overload]


def _server_dies_with_us() -> None:
    """In the server process before it starts: stop (SIGTERM) when the command ends."""
    die_with_parent(signal.SIGTERM)


def wait_until_ready(
    url: str, timeout: float = 30.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Wait until a solara server answers ``GET {url}/readyz`` with status 200.

    Args:
        url: Root URL of the server, e.g. ``http://127.0.0.1:8765``.
        timeout: Seconds to wait at most.
        process: The server process; if given, stop waiting as soon as it has exited.

    Raises:
        RuntimeError: If ``process`` exited before the server answered.
        TimeoutError: If the server did not answer in time.

    """
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"solara server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"solara server at {url} did not answer within {timeout} s")
        time.sleep(0.1)


def serve(app_path: str | os.PathLike[str], *args: Any, **options: Any) -> int:
    """Serve an app file in production mode, offline, until the server stops or Ctrl-C.

    The server runs in a subprocess (see the module docstring); this function blocks.

    Args:
        app_path: Python file that defines ``page`` or ``Page`` (e.g. a SolaraViz object).
        *args: ``host`` and ``port``, as in :func:`start_server`.
        **options: as in :func:`start_server` (``assets_dir``, ``home_dir``, ...).

    Returns:
        The server's exit status (0 after Ctrl-C).

    Raises:
        FileNotFoundError: If the app file or the front-end assets are missing.

    """
    process = start_server(app_path, *args, **options)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m resetsim.viz.serve APP [--host H] [--port P] [--assets DIR]``.

    Args:
        argv: Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The server's exit status, or 2 if the app or the assets are missing.

    """
    parser = argparse.ArgumentParser(description="Serve a SolaraViz app offline.")
    parser.add_argument("app", help="Python file defining `page` or `Page`")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--assets", default=None, help="assets folder (default: .solara-assets)")
    args = parser.parse_args(argv)
    try:
        return serve(args.app, args.host, args.port, assets_dir=args.assets)
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
