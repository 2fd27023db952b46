"""Load and fault, through the real server on loopback: ten uploads at once and two live sessions,
then the server killed while it saves a session, and started again.

Bounded in count and time; every address is 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from datetime import date
from pathlib import Path

import numpy as np

from tests.helpers.browser import browser_page, chromium_available, fake_camera_flags, second_tab, streamlit_server
from tests.helpers.clips import transformed, y4m_camera
from tests.helpers.live_page import CAMERA_FPS, frames_analysed, start, wait_for_frames
from tests.helpers.resources import require
from tests.helpers.trainer_page import choose_clips, sign_in
from trainer import accounts
from trainer.database import make_engine
from trainer.workspace import Workspace

UPLOADS = 10
VIDEO = 'video[data-testid="stVideo"]'


def named_by_content(folder: Path) -> None:
    """Every file a clip's hash names holds exactly that clip: nothing half-written."""
    for path in folder.iterdir():
        if path.name.startswith(".") or "-annotated" in path.name:
            continue
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name.split(".")[0], path


def test_ten_uploads_two_live_sessions_and_a_kill_during_a_save(tmp_path: Path, retro_clip: Path) -> None:
    require(chromium_available(), "Debian's chromium is not installed (apt-get install chromium)")
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'retrocoach.db'}")
    trainer = accounts.add_trainer(engine, "coach", "a good password")
    workspace = Workspace(engine, trainer, data / "videos", data / "cache")
    client = workspace.add_client("Load Test")
    # Ten different clips: the sample, each a little brighter than the last.
    clips = [transformed(retro_clip, tmp_path / f"clip{k}.mp4",
                         lambda f, k=k: np.clip(f.astype(np.int16) + 3 * k, 0, 255).astype(np.uint8))
             for k in range(UPLOADS)]
    camera = y4m_camera(retro_clip, tmp_path / "cam.y4m", fps=CAMERA_FPS)
    env = {"RETROCOACH_DATA_DIR": str(data)}
    with streamlit_server(env=env) as server:
        with browser_page() as first:
            first.goto(server.url)
            first.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', timeout=60_000)
            idle_mb = server.rss_mb()
            tabs = [first] + [second_tab(first) for _ in range(UPLOADS - 1)]
            for tab, clip in zip(tabs, clips):
                if tab is not first:
                    tab.goto(server.url)
                    # A busy server (the tabs before follow their jobs) takes a while to draw a new page.
                    tab.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', timeout=120_000)
                tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(clip))
            for tab in tabs:
                tab.wait_for_selector(VIDEO, timeout=600_000)
                assert tab.get_by_text("Walked backwards").count() >= 1
            busy_mb = server.rss_mb()
            for tab in tabs[1:]:
                tab.close()
        named_by_content(data / "cache")
        assert len([p for p in (data / "cache").glob("*.mp4") if "-annotated" not in p.name]) == UPLOADS

        # Two live sessions at once, each with frames flowing.
        with browser_page(extra_args=fake_camera_flags(camera)) as one:
            two = second_tab(one)
            start(one, server.url)
            start(two, server.url)
            for page in (one, two):
                wait_for_frames(page, 30, timeout_s=120.0)
            flowing = [frames_analysed(page) for page in (one, two)]
            time.sleep(3)
            assert all(frames_analysed(page) > before for page, before in zip((one, two), flowing))
            live_mb = server.rss_mb()
        # The coaches end 5 s after their browsers went, and with them their pose models.
        deadline = time.monotonic() + 90
        while any(n.startswith("mediapipe") for n in server.thread_names()) and time.monotonic() < deadline:
            time.sleep(1)
        assert not any(n.startswith("mediapipe") for n in server.thread_names())
        after_mb = server.rss_mb()
        # The uploads were analysed by the job workers, not in the server: it holds their reports and tracks.
        assert busy_mb < idle_mb + 250, (idle_mb, busy_mb)
        # Two live sessions leave the pose libraries they loaded and the allocator's slack, not a
        # pose model per session.
        assert after_mb < live_mb + 300, (idle_mb, busy_mb, live_mb, after_mb)

        # A session saved, then the server killed while it saves another.
        workspace.add_session(client, _analysis(clips[0]), date(2026, 11, 2), "overground", video=clips[0])
        with browser_page(height=1600) as page:
            sign_in(page, server.url)
            page.get_by_text("Add a session").first.click()
            choose_clips(page, [clips[1]])
            page.get_by_role("button", name="Save session").click()
            page.wait_for_timeout(300)
            os.kill(server.pid, signal.SIGKILL)

    # Started again on the same data: what was finished is there, nothing is half-written.
    with streamlit_server(env=env) as server:
        with browser_page() as page:
            page.goto(f"{server.url}/trainer")
            page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    engine = make_engine(f"sqlite:///{data / 'retrocoach.db'}")
    sessions = Workspace(engine, trainer, data / "videos", data / "cache").list_sessions(client)
    assert sessions and sessions[0].recorded_on == date(2026, 11, 2)
    for session in sessions:  # each session whole: its report and its video
        assert session.report.bouts and workspace.session_video(session.id) is not None
    named_by_content(data / "videos")
    named_by_content(data / "cache")


def _analysis(clip: Path):
    from coaching.analysis import analyze

    return analyze(clip)
