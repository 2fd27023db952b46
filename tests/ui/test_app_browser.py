"""The upload page in a real browser: upload, results, a playing video, a moment button, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.browser import browser_page, chromium_available, second_tab, streamlit_server
from tests.helpers.resources import SCREENSHOTS, require


VIDEO = 'video[data-testid="stVideo"]'


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    require(chromium_available(), "Debian's chromium is not installed (apt-get install chromium)")
    with streamlit_server(env={"RETROCOACH_DATA_DIR": str(tmp_path_factory.mktemp("data"))}) as server:
        yield server.url


def video_state(page) -> dict:
    return page.evaluate("""() => { const v = document.querySelector('video[data-testid="stVideo"]');
        return v ? {ready: v.readyState, duration: v.duration, width: v.videoWidth, time: v.currentTime,
                    error: v.error ? v.error.code : null} : null; }""")


def metric(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]', has_text=label).first
    return card.locator('[data-testid="stMetricValue"]').inner_text()


def test_upload_analyse_play_and_seek(app_url: str, retro_clip: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page() as page:
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(retro_clip))
        page.wait_for_selector(VIDEO, timeout=180_000)
        assert metric(page, "Direction") == "backward"
        assert metric(page, "View") == "side"
        assert int(metric(page, "Steps")) >= 6
        assert metric(page, "Cadence").endswith("/min")
        for title in ("Head up", "Looking back over the shoulder", "Toe-first landing", "Knee bend"):
            assert page.get_by_text(title, exact=True).count() >= 1
        # From the side every check is judged (looks too, from the face turning out of profile).
        assert page.get_by_text("Good form in all 4 checks").count() == 1
        assert page.get_by_text("Cannot judge").count() == 0
        page.wait_for_function("() => document.querySelector('video[data-testid=\"stVideo\"]').readyState >= 2",
                               timeout=30_000)
        state = video_state(page)
        assert state["error"] is None and state["width"] == 640
        assert state["duration"] == pytest.approx(230 / 30, abs=0.1)
        page.screenshot(path=str(SCREENSHOTS / "upload-results-1280.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=str(SCREENSHOTS / "upload-results-1280x800.png"))
        page.set_viewport_size({"width": 1280, "height": 1300})

        # Stricter knee threshold in the sidebar: the knee check now fails, with moment buttons.
        page.get_by_text("Knee bend", exact=True).first.click()
        box = page.get_by_role("spinbutton", name="Knee range at least (°)")
        box.fill("60")
        box.press("Enter")
        page.get_by_text("Work on this").first.wait_for(timeout=60_000)
        button = page.get_by_role("button", name=re.compile(r"^▶ [0-9.]+ s$")).first  # a moment, not a bout
        target_s = float(button.inner_text().strip("▶ s"))
        assert target_s > 0.5
        button.click()
        page.wait_for_function(
            f"() => {{ const v = document.querySelector('video[data-testid=\"stVideo\"]');"
            f" return v && v.currentTime >= {target_s - 0.2}; }}", timeout=30_000)
        assert video_state(page)["time"] >= target_s - 0.2
        page.screenshot(path=str(SCREENSHOTS / "moment-clicked-1280.png"))


def test_a_clip_filmed_at_an_angle_judges_the_near_leg_and_says_what_the_angle_hides(app_url: str) -> None:
    """A rendered walker filmed from behind and to the left: the head-down spell and the left
    (near) leg's knee and landings are judged, the right leg is not, and the page says why and
    which camera would show the rest."""
    from tests.helpers.rendered import clip

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page(height=1600) as page:
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(clip("faults_b", "oblique_back")))
        page.wait_for_selector(VIDEO, timeout=180_000)
        assert metric(page, "View") == "oblique"
        assert metric(page, "Knee range R") == "–"
        assert 10 <= int(metric(page, "Knee range L").rstrip("°")) <= 25  # the truth's stiff left knee: 17.0
        assert page.get_by_text("2 things to work on (3 of 4 checks judged)", exact=False).count() == 1
        assert page.get_by_text("Head down about", exact=False).count() >= 1
        assert page.get_by_text("left 0 % heel-first of 6", exact=False).count() >= 1  # its toe-first landings
        assert page.get_by_text("looks over the shoulder need a camera in front", exact=False).count() >= 1
        assert page.get_by_text("the right leg is behind the left at this angle", exact=False).count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "results-at-an-angle.png"), full_page=True)


def test_phone_width_layout(app_url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser_page(width=390, height=2400) as page:
        page.goto(app_url)
        page.get_by_role("button", name="Try the sample clip").click()
        page.wait_for_selector(VIDEO, timeout=180_000)
        assert metric(page, "Direction") == "backward"
        page.screenshot(path=str(SCREENSHOTS / "results-phone.png"))


def test_text_file_renamed_mp4_shows_a_clear_error(app_url: str, tmp_path: Path) -> None:
    fake = tmp_path / "holiday.mp4"
    fake.write_text("these are my notes, not a video\n" * 20)
    with browser_page() as page:
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(fake))
        error = page.locator('[data-testid="stAlertContentError"]')
        error.wait_for(timeout=60_000)
        assert "cannot be analysed" in error.inner_text() and "not a video file" in error.inner_text()
        assert page.get_by_role("button", name="Try the sample clip").is_visible()
        assert "Traceback" not in page.content()
        page.screenshot(path=str(SCREENSHOTS / "bad-file-error.png"))


def test_two_tabs_with_different_clips_keep_their_own_results(app_url: str, retro_clip: Path,
                                                              forward_clip: Path) -> None:
    with browser_page() as first:
        other = second_tab(first)
        for page, clip in ((first, retro_clip), (other, forward_clip)):
            page.goto(app_url)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(clip))
        for page in (first, other):
            page.wait_for_selector(VIDEO, timeout=180_000)
        first.bring_to_front()
        assert metric(first, "Direction") == "backward" and first.get_by_text("retro_walk_side.mp4").count() >= 1
        assert first.get_by_text("forward_walk_side.mp4").count() == 0
        assert metric(other, "Direction") == "forward" and other.get_by_text("forward_walk_side.mp4").count() >= 1
        assert other.get_by_text("retro_walk_side.mp4").count() == 0


def test_forward_then_backward_clip_shows_its_bouts_and_seeks_to_one(app_url: str, forward_clip: Path,
                                                                      tmp_path: Path) -> None:
    from tests.helpers.clips import spliced, there_and_back

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clip = spliced(forward_clip, tmp_path / "there-and-back.mp4", there_and_back(0, 175, 30))
    with browser_page(height=1300) as page:
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(clip))
        page.wait_for_selector(VIDEO, timeout=180_000)
        sentence = page.get_by_text("Walked backwards", exact=False).first.inner_text()
        backward_s, total_s = (float(x) for x in sentence.split("Walked backwards ")[1].split(" s;")[0].split(" s of "))
        assert 4.0 <= backward_s <= 5.5 and total_s == pytest.approx(382 / 30, abs=0.1)
        assert page.get_by_text("forward walking", exact=False).count() == 0  # no forward-walking warning
        button = page.get_by_role("button", name="walking backward").first
        target_s = float(button.inner_text().split("▶ ")[1].split(" s")[0])
        assert 6.0 <= target_s <= 7.5
        page.get_by_role("button", name="walking forward").first.wait_for()
        page.get_by_role("button", name="standing").first.wait_for()
        button.click()
        page.wait_for_function(
            f"() => {{ const v = document.querySelector('video[data-testid=\"stVideo\"]');"
            f" return v && v.currentTime >= {target_s - 0.2}; }}", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "bouts-forward-then-backward.png"), full_page=True)


def test_a_reload_while_the_clip_is_analysed_keeps_the_job_and_cancel_stops_one(app_url: str, forward_clip: Path,
                                                                                tmp_path: Path) -> None:
    from tests.helpers.clips import spliced, transformed
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from vision.video import probe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clip = transformed(forward_clip, tmp_path / "darker.mp4", lambda f: (f * 0.9).astype(f.dtype))  # new to the server
    with browser_page() as page:
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(clip))
        page.get_by_text(re.compile(r"Analysing frame \d+ of \d+|Waiting for a free worker")).first.wait_for(
            timeout=120_000)
        page.wait_for_url(re.compile(r"[?&]job=[0-9a-f]{32}"), timeout=30_000)
        link = page.url
        page.screenshot(path=str(SCREENSHOTS / "job-running.png"))
        page.reload()
        assert page.url == link
        page.wait_for_selector(VIDEO, timeout=300_000)  # the same job finished; nothing uploaded again
        assert metric(page, "Direction") == "forward"
        assert page.get_by_text("darker.mp4").count() >= 1

        # Long enough (the clip there and back four times) that it cannot finish before the click.
        frames = probe(forward_clip).frame_count
        there_and_back = (list(range(frames)) + list(range(frames - 1, -1, -1))) * 4
        other = spliced(transformed(forward_clip, tmp_path / "brighter.mp4", lambda f: f // 2 + 100),
                        tmp_path / "longer.mp4", there_and_back)
        page.goto(app_url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(other))
        cancelled = page.get_by_text("The analysis of this clip was cancelled.")
        for attempt in range(3):  # a click that lands while the progress panel redraws is lost: click again
            page.get_by_role("button", name="Cancel the analysis").click(timeout=120_000)
            try:
                cancelled.wait_for(timeout=20_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        page.get_by_role("button", name="Analyse it again").wait_for()
        page.screenshot(path=str(SCREENSHOTS / "job-cancelled.png"))
