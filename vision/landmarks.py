"""Landmark names, the `PoseTrack` array and the landmark CSV file.

A track is one array (frames x 33 landmarks x [x, y, z, visibility]) with a
time vector; NaN rows mean nobody was found in that frame. Values are rounded
to what the CSV holds, so a track read back from its file is bit-for-bit the
track that was written and analyses to the same report.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LANDMARK_NAMES: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer",
    "right_eye_inner", "right_eye", "right_eye_outer", "left_ear", "right_ear",
    "mouth_left", "mouth_right", "left_shoulder", "right_shoulder",
    "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle", "left_heel", "right_heel", "left_foot_index",
    "right_foot_index",
)
INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}
N_LANDMARKS = len(LANDMARK_NAMES)
FIELDS: tuple[str, ...] = ("x", "y", "z", "visibility")
CSV_HEADER: tuple[str, ...] = ("frame", "time_s") + tuple(
    f"{name}_{field}" for name in LANDMARK_NAMES for field in FIELDS
)
# Decimals kept per field: x, y, z in pixels; visibility 0..1; time in seconds.
_DECIMALS = (3, 3, 3, 4)
_TIME_DECIMALS = 6


class LandmarkFileError(ValueError):
    """A landmark CSV that cannot be read as a track."""


@dataclass(frozen=True)
class PoseTrack:
    """Pose of one walker over a clip.

    `points` has shape (frames, 33, 4): x and y in pixels of the upright frame,
    z in the same pixel scale (MediaPipe's depth, hip-centred), visibility 0..1.
    `frame_index` numbers the frames of the source clip.
    """

    time_s: np.ndarray
    points: np.ndarray
    frame_index: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.time_s)
        if self.points.shape != (n, N_LANDMARKS, 4) or self.frame_index.shape != (n,):
            raise ValueError("time_s, points and frame_index must agree in length")

    @property
    def frame_count(self) -> int:
        return len(self.time_s)

    @property
    def detected(self) -> np.ndarray:
        """True for frames with a person."""
        return ~np.isnan(self.points[:, :, 0]).all(axis=1)

    def xy(self, name: str) -> np.ndarray:
        return self.points[:, INDEX[name], :2]

    def visibility(self, name: str) -> np.ndarray:
        return self.points[:, INDEX[name], 3]

    @property
    def fps(self) -> float:
        """Frame rate from the timestamps themselves (robust to variable rate)."""
        if self.frame_count < 2:
            return 0.0
        step = float(np.median(np.diff(self.time_s)))
        return 1.0 / step if step > 0 else 0.0


def quantize(points: np.ndarray) -> np.ndarray:
    """Round landmark values to the precision the CSV keeps."""
    out = np.empty_like(points, dtype=float)
    for k, decimals in enumerate(_DECIMALS):
        out[..., k] = np.round(points[..., k], decimals)
    return out


def make_track(time_s: np.ndarray, points: np.ndarray, frame_index: np.ndarray | None = None) -> PoseTrack:
    """Build a track, rounding values as the landmark file stores them."""
    time_s = np.round(np.asarray(time_s, dtype=float), _TIME_DECIMALS)
    if frame_index is None:
        frame_index = np.arange(len(time_s))
    return PoseTrack(time_s=time_s, points=quantize(np.asarray(points, dtype=float)),
                     frame_index=np.asarray(frame_index, dtype=int))


def with_missing_frames(track: PoseTrack) -> PoseTrack:
    """The track on an even timeline: where frames were dropped (a gap over 1.5 frame steps),
    empty rows are put back, so filters and event spacing see a steady frame rate.
    Their frame numbers are interpolated; short gaps are filled later like any other."""
    if track.frame_count < 3:
        return track
    step = float(np.median(np.diff(track.time_s)))
    gaps = np.diff(track.time_s)
    missing = np.maximum(np.round(gaps / step).astype(int) - 1, 0) * (gaps > 1.5 * step)
    if step <= 0 or not missing.any():
        return track
    times, frames, rows = [track.time_s[0]], [track.frame_index[0]], [track.points[0]]
    empty = np.full((N_LANDMARKS, 4), np.nan)
    for i, count in enumerate(missing):
        for k in range(1, count + 1):
            share = k / (count + 1)
            times.append(track.time_s[i] + share * gaps[i])
            frames.append(int(round(track.frame_index[i] + share * (track.frame_index[i + 1] - track.frame_index[i]))))
            rows.append(empty)
        times.append(track.time_s[i + 1])
        frames.append(track.frame_index[i + 1])
        rows.append(track.points[i + 1])
    return PoseTrack(time_s=np.array(times), points=np.array(rows), frame_index=np.array(frames, dtype=int))


_LEG_PARTS = ("hip", "knee", "ankle", "heel", "foot_index")
_LEFT_LEG = [INDEX[f"left_{p}"] for p in _LEG_PARTS]
_RIGHT_LEG = [INDEX[f"right_{p}"] for p in _LEG_PARTS]


def swap_legs(track: PoseTrack, frames: np.ndarray) -> PoseTrack:
    """The track with the left and right leg's landmarks traded on the frames marked True."""
    points = track.points.copy()
    points[np.ix_(frames, _LEFT_LEG + _RIGHT_LEG)] = track.points[np.ix_(frames, _RIGHT_LEG + _LEFT_LEG)]
    return PoseTrack(time_s=track.time_s, points=points, frame_index=track.frame_index)


def write_csv(track: PoseTrack, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(track), encoding="utf-8")


def csv_text(track: PoseTrack) -> str:
    """One row per frame; empty cells where no person was found."""
    formats = [f"{{:.{d}f}}" for d in _DECIMALS]
    handle = io.StringIO(newline="")
    writer = csv.writer(handle)
    writer.writerow(CSV_HEADER)
    for frame, time_s, pts in zip(track.frame_index, track.time_s, track.points):
        row: list[str] = [str(int(frame)), f"{time_s:.{_TIME_DECIMALS}f}"]
        for landmark in pts:
            row.extend("" if math.isnan(v) else formats[k].format(v) for k, v in enumerate(landmark))
        writer.writerow(row)
    return handle.getvalue()


def _cell(value: str, row: int, column: str) -> float:
    if value.strip() == "":
        return math.nan
    try:
        return float(value)
    except ValueError:
        raise LandmarkFileError(f"row {row}: column {column} holds {value!r}, not a number") from None


def read_csv(path: Path) -> PoseTrack:
    """Read a landmark CSV written by `write_csv` (or by hand, same columns)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LandmarkFileError(f"cannot open {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise LandmarkFileError(f"{path.name} is not a text CSV") from None
    return parse_csv(text, path.name)


def parse_csv(text: str, name: str = "landmark file") -> PoseTrack:
    """A track from landmark CSV text; `name` is used in error messages."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise LandmarkFileError(f"{name} is empty or not a text CSV") from None
    missing = [c for c in CSV_HEADER if c not in header]
    if missing:
        shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
        raise LandmarkFileError(f"{name} lacks landmark columns: {shown}")
    columns = [header.index(c) for c in CSV_HEADER]
    frames, times, rows = [], [], []
    try:
        for line_no, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) < len(header):
                raise LandmarkFileError(f"row {line_no} has {len(record)} cells, expected {len(header)}")
            values = [_cell(record[c], line_no, CSV_HEADER[i]) for i, c in enumerate(columns)]
            if math.isnan(values[0]) or math.isnan(values[1]):
                raise LandmarkFileError(f"row {line_no}: frame and time_s must be filled")
            frames.append(int(values[0]))
            times.append(values[1])
            rows.append(values[2:])
    except csv.Error as exc:
        raise LandmarkFileError(f"{name} is not a readable CSV ({exc})") from None
    if not rows:
        raise LandmarkFileError(f"{name} has no frames")
    time_s = np.asarray(times)
    if np.any(np.diff(time_s) <= 0):
        raise LandmarkFileError(f"{name}: time_s must increase from row to row")
    points = np.asarray(rows, dtype=float).reshape(len(rows), N_LANDMARKS, 4)
    return make_track(time_s, points, np.asarray(frames))
