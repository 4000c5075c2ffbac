"""Measure the role-play served for real: a teacher's console and N students in Chromium.

Run: ``python scripts/measure_classroom.py [STUDENTS]`` (default 30) from the project
folder, with the front-end assets in ``.solara-assets`` and Debian's ``/usr/bin/chromium``.
It serves ``resetsim classroom``'s app offline on a free 127.0.0.1 port, opens the teacher's
console and one browser context per student (its own cookies: its own solara session);
each student joins with the code and takes a role (teams of up to three). Then, for every
student in turn, it clicks "Send my choices" and times how long the teacher's console takes
to show that choice; the teacher advances the clock after each round and it times how long
the last student's page takes to show the new month. It prints the latencies (median and
maximum), the server's resident memory before and after the students joined (per student),
and the machine's load average. Nothing is asserted: these are measurements.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from resetsim.viz.classroom.app import __file__ as APP
from resetsim.viz.classroom.live import ENV
from resetsim.viz.dashboard_cli import SERVER_ENV
from resetsim.viz.serve import start_server, wait_until_ready

CODE, KEY = "MEASR", "measure-key"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-gpu"]  # fmt: skip


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.is_file():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def main(students: int = 30, rounds: int = 2) -> None:
    """Serve, seat ``students`` students, time ``rounds`` rounds of choices and advances."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = Path(tempfile.mkdtemp(prefix="classroom-measure-"))
    env = {**SERVER_ENV, ENV["code"]: CODE, ENV["key"]: KEY, ENV["team"]: "3",
           ENV["save"]: str(home / "session.json")}  # fmt: skip
    log = open(home / "server.log", "wb")  # closed with the server
    server = start_server(APP, "127.0.0.1", port, home_dir=home, extra_env=env, stdout=log,
                          stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, timeout=180, process=server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            teacher = browser.new_context().new_page()
            teacher.goto(f"{url}/teacher?key={KEY}")
            table = teacher.locator(".resetsim-role-table")
            expect(table).to_be_visible()
            before = rss_mb(server.pid)
            pages = []
            for i in range(students):
                page = browser.new_context(viewport={"width": 800, "height": 900}).new_page()
                page.goto(f"{url}/join")
                page.get_by_label("Your name (or your team's)").fill(f"S{i:02d}")
                page.get_by_label("Join code (on the teacher's screen)").fill(CODE)
                page.get_by_role("button", name="Join").click()
                buttons = page.locator(".resetsim-role-button")
                expect(buttons.first).to_be_visible()
                buttons.nth(i % buttons.count()).click()
                expect(page.locator(".resetsim-role-card")).to_be_visible()
                pages.append(page)
            after = rss_mb(server.pid)
            print(f"{students} students joined; server memory {before:.0f} MB -> {after:.0f} "
                  f"MB, {(after - before) / students:.1f} MB per student")  # fmt: skip
            to_teacher, to_students = [], []
            for turn in range(1, rounds + 1):
                for i, page in enumerate(pages):
                    started = time.monotonic()
                    page.get_by_role("button", name="Send my choices").click()
                    expect(table).to_contain_text(f"in (S{i:02d})")
                    to_teacher.append(time.monotonic() - started)
                started = time.monotonic()
                teacher.get_by_role("button", name="Advance 1 month").click()
                expect(pages[-1].locator(".resetsim-student-status")).to_contain_text(
                    f"Month {turn} ("
                )
                to_students.append(time.monotonic() - started)
            print(f"student click -> teacher console: median {statistics.median(to_teacher):.2f}"
                  f" s, max {max(to_teacher):.2f} s over {len(to_teacher)} clicks")  # fmt: skip
            print(f"teacher advance -> last student's page: "
                  f"{', '.join(f'{x:.2f}' for x in to_students)} s")  # fmt: skip
            print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
