"""Driving the real app in Debian's headless Chromium (research/browser_testing.md)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.resources import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int

    def rss_mb(self) -> float:
        return _status_field(self.pid, "VmRSS") / 1024

    def threads(self) -> int:
        return _status_field(self.pid, "Threads")

    def thread_names(self) -> list[str]:
        tasks = Path(f"/proc/{self.pid}/task")
        names = []
        for tid in os.listdir(tasks):
            try:
                names.append((tasks / tid / "comm").read_text().strip())
            except FileNotFoundError:
                continue  # the thread ended between the listing and the read
        return names


def _status_field(pid: int, name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise KeyError(name)


@contextmanager
def streamlit_server(script: str = "app.py", env: dict[str, str] | None = None) -> Iterator[Server]:
    """Start `streamlit run` on a free local port (extra environment `env`); yields it once healthy."""
    port = free_port()
    log = open(ROOT / ".pytest_cache" / f"streamlit-{port}.log", "w") if (ROOT / ".pytest_cache").exists() \
        else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def fake_camera_flags(y4m: Path) -> list[str]:
    """Chromium's fake camera playing a .y4m file in a loop, allowed without a prompt."""
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={y4m}"]


@contextmanager
def browser_page(width: int = 1280, height: int = 1300, extra_args: list[str] | None = None) -> Iterator[object]:
    import tempfile

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                       args=FLAGS + (extra_args or []),
                                                       viewport={"width": width, "height": height})
        try:
            yield context.new_page()
        finally:
            context.close()


def second_tab(page: object) -> object:
    """Another tab of the same browser (its own Streamlit session)."""
    return page.context.new_page()


def downloaded_text(page: object, button: str, attempts: int = 3) -> str:
    """Click a download button and read what it gives. On a loaded machine a click that lands while
    the page redraws is lost: click again, as a person would (a download that never comes fails)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(attempts - 1):
        try:
            return _click_and_read(page, button)
        except PlaywrightTimeout:
            continue
    return _click_and_read(page, button)


def _click_and_read(page: object, button: str) -> str:
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=button).click(timeout=60_000)
    return Path(download.value.path()).read_text()
