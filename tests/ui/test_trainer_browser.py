"""The trainer workspace in a real browser: sign in, a client, two sessions, progress, a note, exports."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.helpers.browser import browser_page, chromium_available, downloaded_text, streamlit_server
from tests.helpers.resources import SCREENSHOTS, require
from tests.helpers.trainer_page import choose_clips, sign_in
from trainer import accounts
from trainer.database import make_engine


VIDEO = 'video[data-testid="stVideo"]'


@pytest.fixture()
def server(tmp_path):
    require(chromium_available(), "Debian's chromium is not installed (apt-get install chromium)")
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'retrocoach.db'}")
    accounts.add_trainer(engine, "coach", "a good password")
    engine.dispose()
    with streamlit_server(env={"RETROCOACH_DATA_DIR": str(data)}) as running:
        yield running, data


def upload_session(page, clip: Path | list[Path], day: str, sessions_after: int) -> None:
    """Save the clips as sessions and wait until every one is analysed (the pending list shows the
    day too, so the session count is what says they are saved; the days are checked in the progress
    report)."""
    clips = clip if isinstance(clip, list) else [clip]
    choose_clips(page, clips)
    date_box = page.get_by_label("Date").first
    date_box.fill(day)
    date_box.press("Enter")
    date_box.press("Escape")
    page.get_by_role("button", name="Save session").click()
    if len(clips) > 1:  # analysed as jobs while the trainer works on
        page.get_by_text(f"Being analysed ({len(clips)})").wait_for(timeout=60_000)
    page.get_by_text(f"{sessions_after} session(s)").first.wait_for(timeout=300_000)
    page.wait_for_selector(VIDEO, timeout=60_000)


def test_trainer_flow(server, retro_clip: Path, forward_clip: Path, tmp_path: Path) -> None:
    from tests.helpers.clips import spliced

    running, data = server
    part = spliced(retro_clip, tmp_path / "retro part.mp4", list(range(20, 200)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page(height=1600) as page:
        page.goto(f"{running.url}/trainer")
        page.get_by_role("textbox", name="Username").fill("coach")
        page.get_by_role("textbox", name="Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Wrong username or password.").wait_for(timeout=30_000)
        sign_in(page, running.url)

        page.get_by_role("button", name="Add client").wait_for()
        page.wait_for_timeout(1000)  # let the page settle after signing in before typing
        page.get_by_label("Name").fill("Ann Example")
        page.get_by_label("Name").press("Tab")
        page.get_by_label("Training goal").fill("10 minutes backwards without knee pain")
        page.get_by_label("Training goal").press("Tab")
        page.get_by_role("button", name="Add client").click()
        page.get_by_text("Goal: 10 minutes backwards without knee pain").wait_for(timeout=30_000)

        upload_session(page, retro_clip, "2026/11/02", sessions_after=1)
        page.get_by_text("Add a session").first.click()
        upload_session(page, [forward_clip, part], "2026/11/09", sessions_after=3)  # two clips: two sessions
        page.screenshot(path=str(SCREENSHOTS / "trainer-session.png"))

        # A note pinned to a moment of the session under review.
        page.wait_for_timeout(1000)
        page.get_by_role("spinbutton", name="At (s)").fill("2.5")
        page.get_by_role("spinbutton", name="At (s)").press("Tab")
        page.get_by_label("Note", exact=True).fill("Good toe landing here")
        page.get_by_label("Note", exact=True).press("Tab")
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("Good toe landing here").wait_for(timeout=30_000)
        # User text is shown as typed: a Markdown image in a note fetches nothing.
        page.get_by_label("Note", exact=True).fill("![x](http://127.0.0.1:9/tracker.png) *not bold*")
        page.get_by_label("Note", exact=True).press("Tab")
        page.get_by_role("button", name="Add note").click()
        page.get_by_text("![x](http://127.0.0.1:9/tracker.png) *not bold*").wait_for(timeout=30_000)
        assert page.locator('img[src*="tracker.png"]').count() == 0
        page.get_by_role("button", name="▶ 2.5 s").click()
        # Streamlit's st.video starts at whole seconds: the note at 2.5 s opens the video at 2 s.
        page.wait_for_function("() => { const v = document.querySelector('video[data-testid=stVideo]');"
                               " return v && v.currentTime >= 2.0; }", timeout=30_000)

        # Progress across the two sessions.
        page.wait_for_timeout(1500)  # the seek's rerun finishes before switching tabs
        page.get_by_role("tab", name="Progress").click()
        page.get_by_text("3 session(s), judged").wait_for(timeout=60_000)
        # The chart is redrawn after the text above it: wait for its three points (a timeout fails).
        page.wait_for_function("""() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
            const p = plots.find(p => p.data && p.data.some(t => t.name && t.name.startsWith('Knee range left')));
            return p && p.data[0].x.length === 3; }""", timeout=60_000)
        html = downloaded_text(page, "Progress report (printable HTML)")
        assert "Progress: Ann Example" in html and "2026-11-02" in html and "2026-11-09" in html
        page.screenshot(path=str(SCREENSHOTS / "trainer-progress.png"))

        # The printable session report carries the note.
        page.get_by_role("tab", name="Sessions", exact=True).click()
        assert "Good toe landing here" in downloaded_text(page, "Printable session report (HTML)")

    # Restarting the app keeps everything.
    with streamlit_server(env={"RETROCOACH_DATA_DIR": str(data)}) as again, browser_page() as page:
        sign_in(page, again.url)
        page.get_by_text("3 session(s) · Goal: 10 minutes backwards").wait_for(timeout=30_000)
        page.get_by_role("tab", name="Progress").click()
        page.get_by_text("3 session(s), judged").wait_for(timeout=60_000)
        time.sleep(0.5)


def test_a_clients_thresholds_form_is_built_from_the_fields_and_saves_what_is_set(server) -> None:
    """Every threshold with its label, unit and reason under its check's heading; a change is kept
    for the client (only what differs from the defaults) and judged against from then on."""
    from coaching.config import threshold_infos
    from trainer.workspace import Workspace

    running, data = server
    with browser_page(height=1600) as page:
        sign_in(page, running.url)
        page.get_by_role("button", name="Add client").wait_for()
        page.wait_for_timeout(1000)
        page.get_by_label("Name").fill("Bea Example")
        page.get_by_label("Name").press("Tab")
        page.get_by_role("button", name="Add client").click()
        page.get_by_text("0 session(s)").first.wait_for(timeout=30_000)
        page.get_by_role("tab", name="Client").click()
        page.get_by_text("Thresholds for this client").wait_for(timeout=30_000)
        for info in threshold_infos():
            assert page.get_by_role("spinbutton", name=info.label).count() == 1, info.label
        for group in ("Head down", "Looking back", "Landings", "Knee bend", "Clip quality"):
            assert page.get_by_text(group, exact=True).count() >= 1
        box = page.get_by_role("spinbutton", name="Knee range at least (°)")
        box.fill("55")
        box.press("Tab")
        page.get_by_role("button", name="Save thresholds").click()
        page.wait_for_timeout(2000)
        page.get_by_role("tab", name="Client").click()
        page.get_by_role("spinbutton", name="Knee range at least (°)").wait_for(timeout=30_000)
        assert page.get_by_role("spinbutton", name="Knee range at least (°)").input_value() == "55.0"
        page.screenshot(path=str(SCREENSHOTS / "trainer-client-thresholds.png"), full_page=True)
    engine = make_engine(f"sqlite:///{data / 'retrocoach.db'}")
    try:
        trainer_id = accounts.authenticate(engine, "coach", "a good password")
        workspace = Workspace(engine, trainer_id, videos=data / "videos")
        (client,) = workspace.list_clients()
        assert client.thresholds == {"knee_rom_min_deg": 55.0}
        assert workspace.client_thresholds(client.id).knee_rom_min_deg == 55.0
    finally:
        engine.dispose()


def test_fresh_install_first_account_needs_the_setup_token_and_sign_out_clears_the_tab(tmp_path) -> None:
    require(chromium_available(), "Debian's chromium is not installed (apt-get install chromium)")
    data = tmp_path / "data"
    data.mkdir()
    with streamlit_server(env={"RETROCOACH_DATA_DIR": str(data)}) as running, browser_page() as page:
        page.goto(f"{running.url}/trainer")
        page.get_by_role("textbox", name="Setup token").wait_for(timeout=60_000)
        token = accounts.setup_token(data)  # what the server logged (or `retrocoach admin setup-token`)
        page.get_by_role("textbox", name="Setup token").fill("a guess")
        page.get_by_role("textbox", name="Username").fill("first")
        page.get_by_role("textbox", name="Password (8 characters or more)").fill("a good password")
        page.get_by_role("button", name="Create account and sign in").click()
        page.get_by_text("that is not the setup token").wait_for(timeout=30_000)
        page.get_by_role("textbox", name="Setup token").fill(token)
        page.get_by_role("textbox", name="Username").fill("first")
        page.get_by_role("textbox", name="Password (8 characters or more)").fill("a good password")
        page.get_by_role("button", name="Create account and sign in").click()
        page.get_by_text("Signed in as").wait_for(timeout=30_000)
        assert not (data / "setup-token").exists()
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
        # Streamlit keeps the last run's elements until the rerun ends: the name must go, not be gone at once.
        page.get_by_text("Signed in as").wait_for(state="detached", timeout=30_000)
