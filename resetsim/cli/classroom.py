"""``resetsim classroom``: a role-play session, the teacher's console and the students' join page.

One solara server (the same offline set-up as ``resetsim dashboard``) serves
``/teacher?key=...`` and ``/join``. The command chooses the scenario, seed and turn length
(or reopens a saved session), the session file the console saves to, a join code and the
teacher's key, passes them to the server in its environment and prints the two addresses.
It listens on 127.0.0.1 unless ``--host`` says otherwise.
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path
from typing import Annotated

import typer

from resetsim.cli.common import fail, say
from resetsim.cli.dashboard import AssetsOption, prepare_server, run_server
from resetsim.cli.options import PortOpt

__all__ = ["classroom_cmd", "reachable_address"]


def reachable_address(host: str) -> str:
    """The address students should type: ``host``, or this machine's for a wildcard host.

    For a wildcard host, the address of the interface that would reach the local network
    (a UDP socket is "connected" to a private address, which sends nothing); the host
    name's address is often a loopback one (127.0.1.1 on Debian).
    """
    if host not in ("0.0.0.0", "::", ""):
        return f"[{host}]" if ":" in host else host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        if not address.startswith("127."):
            return address
    except OSError:
        pass
    return "<this machine's address>"


def classroom_cmd(
    scenario: Annotated[
        str, typer.Option("--scenario", help="Scenario of the library to play.")
    ] = "teaching-neustadt",
    seed: Annotated[int, typer.Option("--seed", min=0, help="The run's seed.")] = 0,
    turn_months: Annotated[
        int, typer.Option("--turn-months", help="Months a turn lasts: 1, 3, 6 or 12.")
    ] = 1,
    save: Annotated[
        Path, typer.Option("--save", help="Session file the console saves to (JSON).")
    ] = Path("classroom-session.json"),
    reopen: Annotated[
        Path | None, typer.Option("--open", help="Reopen a saved session file.")
    ] = None,
    port: PortOpt = 8766,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on (default: this machine only; "
            "0.0.0.0 serves the class's network).",
        ),
    ] = "127.0.0.1",
    assets: AssetsOption = None,
) -> None:
    """A role-play: students play the actors from their own devices, the model the rest."""
    from resetsim.scenario import list_scenarios
    from resetsim.viz.classroom.app import __file__ as app_file
    from resetsim.viz.classroom.live import ENV
    from resetsim.viz.classroom.record import RecordError, SessionRecord
    from resetsim.viz.classroom.session import TURN_LENGTHS, new_code

    library = list_scenarios()
    if reopen is not None:
        try:
            record = SessionRecord.load(reopen, library)
        except RecordError as exc:
            raise fail(f"--open {reopen}: {exc}") from None
        scenario, seed = record.scenario, record.seed
    elif scenario not in library:
        raise fail(f"--scenario {scenario!r} is not in the library; choose one of: "
                   f"{', '.join(library)}")  # fmt: skip
    if turn_months not in TURN_LENGTHS:
        raise fail(f"--turn-months must be one of {', '.join(map(str, TURN_LENGTHS))}")
    if not save.parent.resolve().is_dir():
        raise fail(f"--save {save}: folder {save.parent} does not exist")
    folder = prepare_server(host, port, assets)
    code, key = new_code(), secrets.token_urlsafe(12)
    settings = {
        "scenario": scenario, "seed": str(seed), "turn": str(turn_months), "code": code,
        "key": key, "save": str(save.resolve()),
        "reopen": str(reopen.resolve()) if reopen else "",
    }  # fmt: skip
    address = reachable_address(host)
    settings["join_url"] = f"http://{address}:{port}/join"
    for name, value in settings.items():
        os.environ[ENV[name]] = value
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else address
    say(f"Role-play: {scenario}, seed {seed}{' (reopened)' if reopen else ''}")
    say(f"Teacher's console (keep this address to yourself): "
        f"http://{local}:{port}/teacher?key={key}")  # fmt: skip
    say(f"Students join at {settings['join_url']} with the code {code}")
    say(f"The console saves to {save.resolve()}; Ctrl-C stops the server.")
    run_server(Path(app_file), host, port, folder, "classroom")
