"""What ``resetsim dashboard`` needs to serve the classroom dashboard offline.

The command itself is :func:`resetsim.cli.dashboard.dashboard_cmd`; this module holds
no typer.

The dashboard (``resetsim/viz/dashboard.py``) is a Mesa SolaraViz app. Its page loads
JavaScript, CSS and fonts from the server itself, out of a local assets folder that
``scripts/install_solara_assets.py`` fills once from the npm registry; after that, no
internet access is needed. The server listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import sys
from pathlib import Path

from resetsim.viz.serve import DEFAULT_ASSETS_DIR, assets_present

__all__ = [
    "APP_PATH",
    "SERVER_ENV",
    "find_assets_dir",
    "host_warning",
    "install_assets",
    "is_loopback",
    "missing_packages",
]

APP_PATH = Path(__file__).resolve().with_name("dashboard.py")
_SOURCE_ROOT = Path(__file__).resolve().parents[2]
_SCRIPT = _SOURCE_ROOT / "scripts" / "install_solara_assets.py"

#: Server settings for a classroom: no "runs on Solara" banner over the plots, a tab title,
#: and no warnings about hook use inside Mesa's own components.
SERVER_ENV = {
    "SOLARA_THEME_SHOW_BANNER": "false",
    "SOLARA_THEME_TITLE": "resetsim dashboard",
    "SOLARA_CHECK_HOOKS": "off",
    # plain http on 127.0.0.1 is the intended use; solara warns about cookies on every visit
    "PYTHONWARNINGS": "ignore::UserWarning:solara.server.starlette",
}

_VIZ_PACKAGES = ("solara", "ipyvuetify", "ipyvue")


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host.lower() in {"localhost", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_warning(host: str) -> str | None:
    """The warning to print for a host other machines can reach, else None."""
    if is_loopback(host):
        return None
    return (
        f"--host {host}: the dashboard will be reachable from other machines on the network. "
        "It has no password and anyone who can reach it can run models on this machine; "
        "use it only on a network you trust (the default, 127.0.0.1, is this machine only)."
    )


def missing_packages() -> list[str]:
    """Packages of the ``viz`` extra that the dashboard server needs and cannot import."""
    return [name for name in _VIZ_PACKAGES if importlib.util.find_spec(name) is None]


def find_assets_dir(explicit: Path | None = None) -> tuple[Path, bool]:
    """The assets folder to serve from, and whether it already holds the assets.

    Looks at ``explicit``, then ``$RESETSIM_SOLARA_ASSETS``, then ``./.solara-assets``, then
    ``.solara-assets`` in the source checkout. If none holds the assets, returns the first
    of those that applies as the place to install them.
    """
    if explicit is not None:
        path = explicit.resolve()
        return path, assets_present(path)
    env = os.environ.get("RESETSIM_SOLARA_ASSETS")
    if env:
        path = Path(env).resolve()
        return path, assets_present(path)
    candidates = [Path.cwd() / DEFAULT_ASSETS_DIR]
    if (_SOURCE_ROOT / "pyproject.toml").is_file():
        candidates.append(_SOURCE_ROOT / DEFAULT_ASSETS_DIR)
    for path in candidates:
        if assets_present(path):
            return path.resolve(), True
    return candidates[-1].resolve(), False


def install_assets(dest: Path) -> tuple[bool, str]:
    """Fill ``dest`` with ``scripts/install_solara_assets.py`` (needs npm and the registry).

    Returns:
        ``(True, "")`` on success, else ``(False, message)`` with what to do.

    """
    if not _SCRIPT.is_file():
        return False, (
            f"the dashboard's front-end assets are missing in {dest}, and the script that "
            "installs them (scripts/install_solara_assets.py) is only in a source checkout. "
            "Run it there, then set RESETSIM_SOLARA_ASSETS to the folder it filled."
        )
    spec = importlib.util.spec_from_file_location("install_solara_assets", _SCRIPT)
    if spec is None or spec.loader is None:
        return False, f"cannot load {_SCRIPT}"
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(module)
        status = module.main([str(dest)])
    except (OSError, RuntimeError, ValueError) as exc:
        return False, f"could not install the dashboard's front-end assets into {dest}: {exc}"
    if status == 0 and assets_present(dest):
        return True, ""
    if status == 2:
        return False, (
            "npm is not installed, and it is needed once to fetch the dashboard's front-end "
            "assets from the npm registry (Debian/Ubuntu: sudo apt-get install -y npm; or "
            "install Node.js). Alternatively point RESETSIM_SOLARA_ASSETS at a folder filled "
            f"by scripts/install_solara_assets.py on another machine. Wanted in: {dest}"
        )
    return False, (
        f"could not install the dashboard's front-end assets into {dest} (is the npm "
        "registry reachable?). See the messages above; once it works, no network is needed."
    )
