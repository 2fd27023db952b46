"""Unusable input gives one clear line and exit code 2, or a report that says what it could not judge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from coaching.analysis import analyze
from tests.helpers.clips import audio_only, blank_clip, short_clip
from vision.encode import H264Writer


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args + ["--quiet"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(path: Path, capsys, words: str) -> None:
    code, out, err = run_cli(["analyze", str(path)], capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retrocoach: ") and words in lines[0]
    assert "Traceback" not in err


def test_empty_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    assert_refused(path, capsys, "empty")


def test_text_renamed_mp4(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 50)
    assert_refused(path, capsys, "not a video")


def test_missing_file(tmp_path: Path, capsys) -> None:
    assert_refused(tmp_path / "nope.mp4", capsys, "does not exist")


def test_audio_only_file(tmp_path: Path, capsys) -> None:
    assert_refused(audio_only(tmp_path / "voice.mp4"), capsys, "no video track")


def test_landmark_csv_with_missing_columns(tmp_path: Path, capsys) -> None:
    path = tmp_path / "landmarks.csv"
    path.write_text("frame,time_s,nose_x\n0,0.0,1.0\n")
    assert_refused(path, capsys, "lacks landmark columns")


def test_unknown_threshold_in_config(tmp_path: Path, retro_clip: Path, capsys) -> None:
    config = tmp_path / "coach.toml"
    config.write_text("[thresholds]\nknee_rom_min_deg = 50\nhead_dowm_deg = 10\n")
    code, _, err = run_cli(["analyze", str(retro_clip), "--config", str(config)], capsys)
    assert code == 2 and "unknown threshold(s): head_dowm_deg" in err


def test_model_not_on_disk_is_a_clear_error(retro_clip: Path, capsys) -> None:
    code, _, err = run_cli(["analyze", str(retro_clip), "--model", "heavy"], capsys)
    assert code == 2 and "'heavy' pose model is not installed" in err and "full" in err


def test_truncated_mp4_reports_what_it_could(tmp_path: Path, retro_clip: Path) -> None:
    data = retro_clip.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) * 2 // 3])
    report = analyze(cut).report
    assert report.source.frame_count < 230
    assert any("stops being readable" in w for w in report.warnings)


def test_truncated_header_is_refused(tmp_path: Path, retro_clip: Path, capsys) -> None:
    cut = tmp_path / "head.mp4"
    cut.write_bytes(retro_clip.read_bytes()[:2000])
    code, _, err = run_cli(["analyze", str(cut)], capsys)
    assert code == 2 and err.startswith("retrocoach: ")


def test_one_frame_video(tmp_path: Path) -> None:
    report = analyze(blank_clip(tmp_path / "one.mp4", frames=1)).report
    assert report.source.frame_count == 1
    assert {c.status for c in report.checks.values()} == {"not_assessable"}
    assert report.score is None


def test_clip_with_nobody_in_it(tmp_path: Path) -> None:
    report = analyze(blank_clip(tmp_path / "nobody.mp4", frames=60)).report
    assert report.person_detected_fraction == 0.0
    assert {c.status for c in report.checks.values()} == {"not_assessable"}
    assert any("Nobody was found" in w for w in report.warnings)
    assert report.direction == "unknown" and report.contacts == ()


def test_walker_leaving_the_frame_analyses_the_frames_in_view(retro_analysis) -> None:
    report = retro_analysis.report
    assert report.person_detected_fraction < 0.85
    assert any("in view in only" in w for w in report.warnings)
    assert report.checks["reduced_knee_range"].status == "ok"


def test_8k_frame(tmp_path: Path) -> None:
    path = tmp_path / "8k.mp4"
    with H264Writer(path, 30.0, 7680, 4320) as writer:
        assert writer.size == (1280, 720)  # the writer caps its own output
    import av

    container = av.open(str(path), mode="w")
    stream = container.add_stream("libx264", rate=30)
    stream.width, stream.height, stream.pix_fmt = 7680, 4320, "yuv420p"
    stream.options = {"preset": "ultrafast"}
    frame = av.VideoFrame.from_ndarray(np.full((4320, 7680, 3), 120, np.uint8), format="rgb24")
    for packet in list(stream.encode(frame)) + list(stream.encode()):
        container.mux(packet)
    container.close()
    report = analyze(path).report
    assert (report.source.width, report.source.height) == (7680, 4320)
    assert report.source.frame_count == 1 and report.score is None


@pytest.mark.parametrize("name", ["notes.txt", "clip.gif"])
def test_other_file_types_are_refused(tmp_path: Path, capsys, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"GIF89a" + bytes(100))
    code, _, err = run_cli(["analyze", str(path)], capsys)
    assert code == 2 and "Traceback" not in err


@pytest.mark.parametrize("suffix, codec", [(".mov", "libx264"), (".m4v", "libx264"), (".mkv", "libx264"),
                                           (".avi", "mpeg4"), (".webm", "libvpx-vp9")])
def test_every_accepted_container_is_read(tmp_path: Path, suffix: str, codec: str) -> None:
    from vision.video import probe, read_frames

    clip = short_clip(tmp_path / f"clip{suffix}", codec)
    info = probe(clip)
    frames = list(read_frames(info))
    assert (info.width, info.height) == (160, 120) and len(frames) == 20
    assert frames[-1].time_s == pytest.approx(19 / 30, abs=0.01)
    assert analyze(clip).report.source.frame_count == 20


def test_help_and_the_analysis_path_import_no_web_database_or_plotting_library() -> None:
    """`retrocoach --help` and `analyze` load only what they use (a quick start)."""
    import subprocess
    import sys

    code = ("import sys; from cli import main; from coaching.analysis import analyze; "
            "heavy = [m for m in ('streamlit', 'plotly', 'sqlalchemy', 'matplotlib', 'argon2') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    from cli import main as cli
    from coaching import measures

    assert cli.TESTS == measures.TESTS  # the CLI names the tests without importing the analysis


def test_admin_prints_the_database_url_without_its_password() -> None:
    from cli.main import shown_url

    shown = shown_url("postgresql+psycopg://coach:s3cret@db.example/retro")
    assert "s3cret" not in shown and "coach" in shown and "db.example/retro" in shown


def test_clips_over_the_limits_are_refused_with_the_reason(tmp_path, monkeypatch, retro_clip) -> None:
    """Duration, frame count and picture size are capped (a few-MB file of hours of tiny frames
    must not run for hours); a header that understates the frames is caught while decoding."""
    from vision.video import VideoError, probe, read_frames

    monkeypatch.setenv("RETROCOACH_MAX_CLIP_S", "5")
    with pytest.raises(VideoError, match="minutes are analysed"):
        probe(retro_clip)
    monkeypatch.delenv("RETROCOACH_MAX_CLIP_S")
    monkeypatch.setenv("RETROCOACH_MAX_PIXELS", str(320 * 240))
    with pytest.raises(VideoError, match="megapixels"):
        probe(retro_clip)
    monkeypatch.delenv("RETROCOACH_MAX_PIXELS")
    info = probe(retro_clip)
    monkeypatch.setenv("RETROCOACH_MAX_FRAMES", "100")
    with pytest.raises(VideoError, match="more than 100 frames"):
        list(read_frames(info))
    assert main(["analyze", str(retro_clip), "--quiet"]) == 2


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_non_finite_threshold_in_config_is_refused(tmp_path: Path, retro_clip: Path, capsys, value: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f"[thresholds]\nmin_strides_per_side = {value}\n")
    assert main(["analyze", str(retro_clip), "--config", str(config), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "must be a finite number" in err and "Traceback" not in err
