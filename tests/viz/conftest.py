"""Fixtures that serve a SolaraViz app offline and drive it in headless Debian Chromium.

* ``solara_assets_dir`` (session): the front-end assets folder (``$RESETSIM_SOLARA_ASSETS`` or
  ``<repo>/.solara-assets``); filled by ``scripts/install_solara_assets.py`` if incomplete.
* ``dashboard_server``: factory ``start(app_path, timeout=120.0, extra_env=None)`` that serves an
  app file (``python -m solara run --production``) on a free 127.0.0.1 port with the offline
  environment and private SOLARA_HOME/MPLCONFIGDIR/XDG_CACHE_HOME, waits for ``/readyz`` and
  returns a ``DashboardServer`` (``.url``, ``.process``, ``.log()``). Module-scoped, so a
  module can share one server between tests (each page is its own solara session, with its own
  model); every server it started is stopped when the module's tests are done.
* ``server`` (module) and ``dashboard``: the classroom dashboard served for a module, and a
  ``browser_page`` opened on it with the first run's controls on screen.
* ``context_pages``: factory of pages, each in a browser context of its own (a student's
  device), with the same fence as ``browser_page``.
* ``browser_page``: a Playwright page in headless ``/usr/bin/chromium`` (never a downloaded
  browser) in which every request to a host other than 127.0.0.1/localhost is aborted and its
  URL appended to ``blocked_requests``; console errors and page errors go to ``page_errors``.
* ``reset_until``: ``reset_until(page, locator)`` clicks SolaraViz's Reset until ``locator`` is
  visible. A slider's last value can still be queued in the browser when Reset is clicked
  (Jupyter widgets hold back a state update until the kernel has answered the previous one,
  while a button click is sent at once), so the first Reset may build the model with the value
  before; the test still fails if the new value never reaches the model.

Tests that use the browser carry ``@pytest.mark.browser``; they are skipped, with the reason,
when Chromium or the Playwright package is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from resetsim.viz.serve import assets_present, start_server, wait_until_ready

REPO = Path(__file__).resolve().parents[2]
ASSET_SCRIPT = REPO / "scripts" / "install_solara_assets.py"
CHROMIUM = Path(os.environ.get("RESETSIM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    # a second fence behind page.route: names other than the loopback ones do not resolve
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class DashboardServer:
    """A solara server started by ``dashboard_server``."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        """Return what the server printed so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


@dataclass
class _Servers:
    running: list[DashboardServer] = field(default_factory=list)

    def stop_all(self) -> None:
        for server in self.running:
            _stop(server.process)
        self.running.clear()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def solara_assets_dir() -> Path:
    """The front-end assets folder, installed from the npm registry if incomplete."""
    assets = Path(os.environ.get("RESETSIM_SOLARA_ASSETS") or REPO / ".solara-assets").resolve()
    if not assets_present(assets):
        proc = subprocess.run(
            [sys.executable, str(ASSET_SCRIPT), str(assets)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not assets_present(assets):
            pytest.fail(
                f"solara front-end assets missing in {assets} and {ASSET_SCRIPT.name} failed "
                f"(exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}",
                pytrace=False,
            )
    return assets


@pytest.fixture(scope="module")
def dashboard_server(
    solara_assets_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., DashboardServer]]:
    """Factory: ``start(app_path, timeout=120.0, extra_env=None) -> DashboardServer``.

    Servers are stopped at the end of the module that started them.
    """
    servers = _Servers()

    def start(
        app_path: str | os.PathLike[str],
        timeout: float = 120.0,
        extra_env: Mapping[str, str] | None = None,
    ) -> DashboardServer:
        home = tmp_path_factory.mktemp("solara-home")
        last_error: Exception | None = None
        for _attempt in range(3):  # another process may grab the free port before solara does
            port = _free_port()
            log_path = home / f"server-{port}.log"
            with open(log_path, "wb") as log:
                process = start_server(
                    app_path,
                    "127.0.0.1",
                    port,
                    assets_dir=solara_assets_dir,
                    home_dir=home,
                    extra_env=extra_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            server = DashboardServer(f"http://127.0.0.1:{port}", process, log_path)
            servers.running.append(server)
            try:
                wait_until_ready(server.url, timeout=timeout, process=process)
                return server
            except (RuntimeError, TimeoutError) as e:
                _stop(process)
                last_error = e
                if "address already in use" not in server.log().lower():
                    break
        pytest.fail(f"solara server did not start: {last_error}\n{server.log()[-4000:]}")

    yield start
    servers.stop_all()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Debian Chromium for the session (skips if it or Playwright is missing)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} not found (apt-get install -y chromium); browser tests skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )
    # a shared 2-core machine can take seconds to redraw every view after a new run
    sync_api.expect.set_options(timeout=15_000)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs that ``browser_page`` refused to load (anything not on 127.0.0.1/localhost)."""
    return []


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions seen by ``browser_page``."""
    return []


@pytest.fixture
def reset_until() -> Callable[..., None]:
    """``reset_until(page, locator, timeout=15.0)``: click Reset until ``locator`` is visible."""

    def click(page: Any, locator: Any, timeout: float = 15.0) -> None:
        from playwright.sync_api import expect

        deadline = time.monotonic() + timeout
        while True:
            page.get_by_role("button", name="Reset").click()
            try:
                expect(locator).to_be_visible(timeout=2_000)
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise

    return click


def _local_context(browser: Any, blocked: list[str], size=(1280, 900)) -> tuple[Any, Any]:
    """A new browser context (own cookies) and page that may only talk to 127.0.0.1."""
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, service_workers="block"
    )

    def route(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def context_pages(chromium_browser: Any, blocked_requests: list[str]) -> Iterator[Any]:
    """Factory ``new_page(width=1280, height=900)``: a page in a context of its own.

    Each context has its own cookies, so its own solara session (a student's device); all
    are closed after the test.
    """
    contexts = []

    def new_page(width: int = 1280, height: int = 900) -> Any:
        context, page = _local_context(chromium_browser, blocked_requests, (width, height))
        contexts.append(context)
        return page

    try:
        yield new_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def browser_page(
    chromium_browser: Any, blocked_requests: list[str], page_errors: list[str]
) -> Iterator[Any]:
    """A Playwright page (1280x900) that may only talk to 127.0.0.1/localhost."""
    context, page = _local_context(chromium_browser, blocked_requests)
    page.on("pageerror", lambda error: page_errors.append(f"pageerror: {error}"))
    page.on(
        "console",
        lambda msg: page_errors.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def server(dashboard_server: Callable[..., DashboardServer]) -> DashboardServer:
    """The classroom dashboard, one server per module (each page is its own session)."""
    from resetsim.viz.dashboard_cli import APP_PATH, SERVER_ENV

    return dashboard_server(APP_PATH, extra_env=SERVER_ENV)


@pytest.fixture
def dashboard(browser_page: Any, server: DashboardServer) -> Any:
    """A page showing the classroom dashboard, ready at month 0."""
    from dashboard_pages import open_page

    return open_page(browser_page, server.url)
