"""A real app server and a headless Chromium (Debian's, driven by Playwright).

Failed tests leave a screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("SCICITY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, scenario_dir: Path, script: str | None = None,
                 cwd: Path = ROOT, env: dict[str, str] | None = None, wait_s: float = 60
                 ) -> subprocess.Popen:
    """``streamlit run app.py`` (through the warm-up launcher), or ``streamlit run
    <script>``, of the code in ``cwd`` (default: this tree) on ``port``, with ``env``
    added; returns once the health check answers (within ``wait_s`` seconds)."""
    env = {**os.environ, "SCICITY_SCENARIO_DIR": str(scenario_dir),
           **({} if cwd == ROOT else {"PYTHONPATH": str(cwd)}), **(env or {})}
    run = (["-m", "scicity.cli.serve"] if script is None
           else ["-m", "streamlit", "run", script])
    proc = subprocess.Popen(
        [sys.executable, *run,
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode()) from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the app server in {cwd} did not start within {wait_s:.0f} s")


@pytest.fixture(scope="session")
def scenario_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("saved_scenarios")


@pytest.fixture(scope="session")
def server(scenario_dir: Path) -> Iterator[str]:
    port = free_port()
    proc = start_server(port, scenario_dir)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000},
                                  accept_downloads=True)
    pg = context.new_page()
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    if rep.when == "call":
        item.rep_call = rep
    return rep
