"""Pose in spans on several workers: frames numbered from the container, the same track for any worker count."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cli.main import main
from tests.helpers.clips import rotate_tag, short_clip, spliced, there_and_back
from tests.helpers.resources import SHARED_VIDEOS
from vision.frame_table import frame_table, read_span
from vision.spans import Span, spans_of
from vision.video import probe, read_frames


@pytest.mark.parametrize("suffix, codec", [(".mp4", "libx264"), (".mov", "libx264"), (".mkv", "libx264"),
                                           (".avi", "mpeg4"), (".webm", "libvpx-vp9")])
def test_every_container_numbers_and_times_its_frames_as_reading_from_the_start(tmp_path: Path, suffix: str,
                                                                                codec: str) -> None:
    info = probe(short_clip(tmp_path / f"clip{suffix}", codec, frames=40))
    table = frame_table(info)
    whole = list(read_frames(info))
    assert table is not None and len(table) == len(whole) == 40
    assert table.time_s.tolist() == [f.time_s for f in whole]
    for start, stop in [(0, 13), (13, 27), (27, 40), (31, 32)]:
        span = list(read_span(info, table, start, stop))
        assert [f.index for f in span] == list(range(start, stop))
        assert all(np.array_equal(f.image_rgb, whole[f.index].image_rgb) for f in span)


def test_a_span_of_a_phone_clip_is_upright_and_the_same_as_read_from_the_start(tmp_path: Path,
                                                                              retro_clip: Path) -> None:
    info = probe(rotate_tag(retro_clip, tmp_path / "portrait.mp4", 90))
    table = frame_table(info)
    whole = {f.index: f for f in read_frames(info, wanted=lambda i: 150 <= i < 160)}
    span = list(read_span(info, table, 150, 160))
    assert span[0].image_rgb.shape[0] > span[0].image_rgb.shape[1]  # portrait
    assert all(np.array_equal(f.image_rgb, whole[f.index].image_rgb) and f.time_s == whole[f.index].time_s
               for f in span)


def test_spans_depend_on_the_clip_alone_cover_every_frame_once_and_overlap_each_seam() -> None:
    layout = spans_of(1800, 30.0)  # a minute: an even count of spans, none longer than SPAN_S
    assert layout == spans_of(1800, 30.0) and len(layout) == 4
    assert [s.start for s in layout[1:]] == [s.stop for s in layout[:-1]] and layout[-1].stop == 1800
    assert layout[0] == Span(0, 0, 450, 465) and layout[-1].tail == 1800
    assert all(s.start - s.lead == 15 for s in layout[1:]) and all(s.tail - s.stop == 15 for s in layout[:-1])
    assert len(spans_of(134, 30.0)) == 2 and len(spans_of(1000, 30.0)) == 4  # both cores on a short clip too
    assert spans_of(50, 30.0) == [Span(0, 0, 50, 50)]  # under MIN_SPLIT_S: one span


def test_across_a_seam_the_settled_tracker_keeps_the_frames_and_the_fresh_one_fills_its_gaps() -> None:
    from vision.spans import merged
    from vision.tracking import PosePass

    layout = [Span(0, 0, 10, 14), Span(6, 10, 20, 20)]

    def part(span: Span, value: float, lost: range = range(0)) -> PosePass:
        frames = np.arange(span.lead, span.tail)
        points = np.full((len(frames), 33, 4), value)
        points[[f - span.lead for f in lost]] = np.nan
        return PosePass(frames / 30.0, frames, points)

    whole = merged(layout, [part(layout[0], 1.0, range(12, 14)), part(layout[1], 2.0)])
    assert whole.frame_index.tolist() == list(range(20))
    assert whole.points[:12, 0, 0].tolist() == [1.0] * 12  # the old tracker through the overlap
    assert whole.points[12:, 0, 0].tolist() == [2.0] * 8  # the new one where the old lost the walker, then on


def analysed(clip: Path, out: Path, workers: int) -> tuple[bytes, bytes]:
    out.mkdir()
    assert main(["analyze", str(clip), "--workers", str(workers), "--json", str(out / "report.json"),
                 "--landmarks-out", str(out / "landmarks.csv"), "--quiet"]) == 0
    return (out / "landmarks.csv").read_bytes(), (out / "report.json").read_bytes()


def test_one_two_and_three_workers_give_byte_identical_tracks_and_reports(tmp_path: Path, forward_clip: Path) -> None:
    # Forward, a stop, backward, with the man on the box: walker following across the seams matters.
    mixed = spliced(forward_clip, tmp_path / "there_and_back.mp4", there_and_back(0, 175, 30))
    one, two, three = (analysed(mixed, tmp_path / f"mixed{n}", n) for n in (1, 2, 3))
    assert one == two == three
    bouts = {(b["activity"], b["direction"]) for b in json.loads(two[1])["bouts"]}
    assert {("walking", "forward"), ("walking", "backward")} <= bouts


def test_the_shared_clip_gives_the_same_spans_on_two_workers_as_in_one_process_and_counts_every_frame() -> None:
    from vision.frame_table import frame_table
    from vision.pose import MediaPipeFactory
    from vision.pose_workers import PoseWorkers
    from vision.spans import run_spans

    info = probe(SHARED_VIDEOS / "side_walk_forward.mp4")
    table = frame_table(info)
    seen: dict[int, list[tuple[int, int]]] = {1: [], 2: []}
    (here, _), (there, _) = (run_spans(PoseWorkers(n), info, table, MediaPipeFactory(),
                                       lambda d, t, n=n: seen[n].append((d, t))) for n in (1, 2))
    assert np.array_equal(here.points, there.points, equal_nan=True) and np.array_equal(here.time_s, there.time_s)
    layout = spans_of(len(table), info.fps)
    total = len(table) + sum(s.tail - s.lead for s in layout)  # the survey reads each frame once, tracking the spans
    for updates in seen.values():  # one bar fed by every worker, this process among them: rising to the end
        done = [d for d, _ in updates]
        assert {t for _, t in updates} == {total} and done == sorted(done) and done[-1] == total
        assert len(updates) >= total // 10 - len(layout)


def test_the_annotated_video_is_drawn_in_spans_and_joined_frame_for_frame_on_any_worker_count(tmp_path: Path) -> None:
    import av

    from coaching.analysis import analyze
    from coaching.annotate import _draw_all, write_annotated_video
    from vision.encode import output_size
    from vision.frame_table import frame_table

    analysis = analyze(SHARED_VIDEOS / "side_walk_forward.mp4", workers=2)
    info = analysis.video
    one, two, whole = tmp_path / "one.mp4", tmp_path / "two.mp4", tmp_path / "whole.mp4"
    seen: list[tuple[int, int]] = []
    write_annotated_video(analysis, one, workers=1)
    write_annotated_video(analysis, two, lambda d, t: seen.append((d, t)), workers=2)
    assert one.read_bytes() == two.read_bytes()
    assert seen[-1] == (230, 230) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    _draw_all(analysis, read_frames(info, size=output_size(info.width, info.height)), whole)  # one pass

    def frames(path: Path) -> tuple[list[np.ndarray], list[float], int]:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            keys = sum(p.is_keyframe for p in container.demux(stream) if p.dts is not None)
        with av.open(str(path)) as container:
            decoded = list(container.decode(video=0))
        return [f.to_ndarray(format="rgb24") for f in decoded], [float(f.time) for f in decoded], keys

    joined, times, keys = frames(two)
    drawn, _, _ = frames(whole)
    layout = spans_of(len(frame_table(info)), info.fps)
    assert len(joined) == 230 and joined[0].shape == (718, 1280, 3) and keys >= len(layout) == 2
    assert np.allclose(np.diff(times), 1 / info.fps, atol=1e-3)  # no gap or overlap where the parts meet
    # Frame for frame the picture drawn in one pass (only the encoding's losses differ), across the seam
    # too: each frame is nearer its own than the frames beside it.

    def apart(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a.astype(int) - b.astype(int)).mean())

    seam = layout[1].start
    for k in (1, seam - 1, seam, seam + 1, 228):
        assert apart(joined[k], drawn[k]) < min(apart(joined[k], drawn[k - 1]), apart(joined[k], drawn[k + 1])), k


def test_strayed_frames_are_shared_out_in_whole_runs_of_about_equal_frames() -> None:
    from vision.spans import redo_groups

    redo = np.zeros(100, dtype=bool)
    runs = [(5, 15), (30, 32), (40, 60), (90, 95)]
    for lo, hi in runs:
        redo[lo:hi] = True
    two = redo_groups(redo, 2)
    assert len(two) == 2 and not (two[0] & two[1]).any() and np.array_equal(two[0] | two[1], redo)
    assert all(any(g[lo:hi].all() for g in two) for lo, hi in runs)  # a run is never cut
    assert np.flatnonzero(two[0]).max() < np.flatnonzero(two[1]).min()  # each a stretch in clip order
    assert [int(g.sum()) for g in two] == [12, 25]  # the split nearest to half of the 37 frames
    assert [g.tolist() for g in redo_groups(redo, 1)] == [redo.tolist()]
    assert len(redo_groups(redo[:20], 4)) == 1  # one run: one task


def test_strayed_frames_redone_on_two_workers_are_the_same_as_in_one_task() -> None:
    from vision.people import recorded_walker
    from vision.pose import MediaPipeFactory
    from vision.pose_workers import PoseWorkers
    from vision.spans import finished_feed, redo_on, redo_spans, survey_span

    info = probe(SHARED_VIDEOS / "side_walk_forward.mp4")
    table = frame_table(info)
    redo = np.zeros(len(table), dtype=bool)
    redo[40:70] = redo[120:150] = True  # two stretches, one for each worker
    estimators = MediaPipeFactory()
    whole_clip = Span(0, 0, len(table), len(table))
    walker, others = recorded_walker(finished_feed(info, survey_span(info, table, whole_clip, estimators)).paths())
    whole = redo_spans(info, table, estimators, redo, walker, others)
    shared = redo_on(PoseWorkers(2), info, table, estimators, redo, walker, others)
    assert np.array_equal(whole.points, shared.points, equal_nan=True)
    assert np.array_equal(whole.time_s, shared.time_s)
    found = ~np.isnan(shared.points[:, :, 0]).all(axis=1)
    assert found[redo[: len(found)]].mean() > 0.9 and not found[~redo[: len(found)]].any()
