"""Page logic without a browser (Streamlit's AppTest)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers.resources import ROOT

PAGE = str(ROOT / "ui" / "pages" / "analyze_page.py")
WAIT_S = 300  # a bound on a loaded machine, never a figure to meet


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module", autouse=True)
def data_folder(tmp_path_factory):
    """The pages' server state (database, clips, job results) in a folder of this module's own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RETROCOACH_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield


@pytest.fixture()
def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.run()
    return at


def until_finished(at: AppTest) -> AppTest:
    """Run the page again (as its progress fragment does every second) until the job has finished."""
    deadline = time.monotonic() + WAIT_S
    while at.get("progress") and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert not at.get("progress"), "the job did not finish"
    return at


def sample(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Try the sample clip").click().run()
    return until_finished(at)


def test_sample_clip_gives_tiles_cards_and_downloads(page: AppTest) -> None:
    sample(page)
    assert not page.exception
    assert len(page.query_params["job"][0]) == 32  # the job is in the address
    tiles = metrics(page)
    assert tiles["Direction"] == "backward" and tiles["View"] == "side"
    assert int(tiles["Steps backwards"]) >= 6 and tiles["Score"] == "100"
    assert tiles["Walked backwards"].endswith(" of 7.7 s")
    assert page.subheader[0].value == "Good form in all 4 checks"  # a side view judges every check
    assert any(c.value.startswith("Measured from 2D video from the side, checked against rendered walkers")
               for c in page.caption)
    badges = "".join(m.value for m in page.markdown)
    for title in ("Head up", "Looking back over the shoulder", "Toe-first landing", "Knee bend"):
        assert f"**{title}**" in badges
    assert len(page.get("plotly_chart")) == 2  # the bouts' timeline and the angles
    assert len(page.get("download_button")) == 6  # no .trc without the walker's height
    assert [b.label for b in page.button if "walking backward" in b.label] == ["▶ 1.3 s walking backward"]


def test_threshold_change_rechecks_without_new_pose_estimation(page: AppTest, monkeypatch) -> None:
    sample(page)
    from coaching import analysis as analysis_module

    def no_pose(*_args, **_kwargs):
        raise AssertionError("pose estimation ran again")

    monkeypatch.setattr(analysis_module, "track_walker", no_pose)
    next(n for n in page.number_input if n.label == "Knee range at least (°)").set_value(60.0).run()
    assert not page.exception
    assert "Work on this" in "".join(m.value for m in page.markdown)
    moments = [b for b in page.button if b.label.startswith("▶") and "walking" not in b.label]
    assert moments and all(b.label.endswith(" s") for b in moments)
    assert metrics(page)["Score"] == "85"  # both knees under 60 (57 and 54), neither 10 under: moderate


def test_text_file_upload_shows_an_error_and_keeps_the_page(page: AppTest) -> None:
    uploader = page.get("file_uploader")[0]
    if not hasattr(uploader, "upload"):
        pytest.skip("this Streamlit's AppTest cannot upload files")
    uploader.upload("notes.mp4", b"not a video at all\n" * 10, "video/mp4").run()
    until_finished(page)
    assert not page.exception
    assert "cannot be analysed" in page.error[0].value
    assert any(b.label == "Try the sample clip" for b in page.button)


def test_height_gives_metres_and_the_test_says_why_it_cannot_be_timed(page: AppTest, monkeypatch) -> None:
    sample(page)
    from coaching import analysis as analysis_module

    monkeypatch.setattr(analysis_module, "track_walker", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("pose estimation ran again")))
    next(n for n in page.number_input if n.label == "Walker's height (cm)").set_value(165.0).run()
    assert not page.exception
    tiles = metrics(page)
    assert 0.6 <= float(tiles["Backward speed"].split()[0]) <= 1.8
    assert len(page.get("download_button")) == 7  # the .trc too
    next(c for c in page.checkbox if c.label.startswith("Time the 3-metre")).check().run()
    assert any("could not be timed" in w.value for w in page.warning)


def test_a_link_with_the_job_shows_its_results_in_a_new_tab_and_a_bad_link_says_so(page: AppTest) -> None:
    sample(page)
    job = page.query_params["job"][0]
    fresh = AppTest.from_file(PAGE, default_timeout=180)
    fresh.query_params["job"] = job
    fresh.run()
    assert not fresh.exception and metrics(fresh)["Direction"] == "backward"  # no second analysis to wait for
    stale = AppTest.from_file(PAGE, default_timeout=60)
    stale.query_params["job"] = "0" * 32
    stale.run()
    assert any("not on this server" in w.value for w in stale.warning) and not stale.metric


def test_a_server_that_requires_sign_in_shows_no_upload_to_strangers(monkeypatch) -> None:
    monkeypatch.setenv("RETROCOACH_REQUIRE_SIGN_IN", "1")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert any("sign in first" in w.value for w in app.warning)
    assert not app.get("file_uploader") and not [b for b in app.button if b.label == "Try the sample clip"]
    app.session_state["trainer_id"] = 1
    app.run()
    assert app.get("file_uploader")
