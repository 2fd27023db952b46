"""OpenSim-ready files: the pose track as markers (.trc) and the joint angles as motion (.mot).

TRC: tab-separated, OpenSim's PathFileType 4 layout; one marker per BlazePose
landmark with its lowercase name (`nose`, `left_hip`, ... `right_foot_index`,
README), in metres, X along the image to the right, Y up from the floor (the
heels' level when standing tallest), Z MediaPipe's depth (towards the camera
negative), all scaled by the walker's stated height. Frames or landmarks not
seen are NaN, which OpenSim reads as missing markers. MOT: OpenSim's storage
layout, one column per angle in degrees, time in seconds.
"""

from __future__ import annotations

import io

import numpy as np

from coaching.analysis import Analysis
from coaching.frames_csv import FRAME_COLUMNS
from vision.kinematics import hidden
from vision.landmarks import LANDMARK_NAMES
from vision.metres import NotMeasured


def _number(value: float, digits: int) -> str:
    return "NaN" if np.isnan(value) else f"{value:.{digits}f}"


def trc_text(analysis: Analysis, name: str = "retrocoach.trc") -> str:
    """The pose track as OpenSim markers in metres (needs a scale: the walker's height and a side view)."""
    scale = analysis.measures.scale
    if scale is None:
        raise NotMeasured("a .trc file in metres needs the walker's height and a side view")
    track = analysis.motion.track
    points = track.points.copy()
    points[hidden(points, analysis.thresholds.visibility_min), :3] = np.nan
    x = points[:, :, 0] / scale.px_per_m
    y = (scale.floor_y_px - points[:, :, 1]) / scale.px_per_m
    z = points[:, :, 2] / scale.px_per_m
    rate = round(track.fps, 4)
    n, markers = track.frame_count, len(LANDMARK_NAMES)
    out = io.StringIO()
    out.write(f"PathFileType\t4\t(X/Y/Z)\t{name}\n")
    out.write("DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n")
    out.write(f"{rate}\t{rate}\t{n}\t{markers}\tm\t{rate}\t1\t{n}\n")
    out.write("Frame#\tTime\t" + "\t\t\t".join(LANDMARK_NAMES) + "\n")
    out.write("\t\t" + "\t".join(f"X{k}\tY{k}\tZ{k}" for k in range(1, markers + 1)) + "\n")
    out.write("\n")
    for i in range(n):
        cells = [str(i + 1), f"{track.time_s[i]:.6f}"]
        for m in range(markers):
            cells += [_number(x[i, m], 5), _number(y[i, m], 5), _number(z[i, m], 5)]
        out.write("\t".join(cells) + "\n")
    return out.getvalue()


def mot_text(analysis: Analysis, name: str = "retrocoach") -> str:
    """The joint and segment angles per frame as an OpenSim motion file (degrees)."""
    kin = analysis.motion.kinematics
    columns = [getattr(kin, column) for column in FRAME_COLUMNS]
    out = io.StringIO()
    out.write(f"{name}\nversion=1\nnRows={len(kin.time_s)}\nnColumns={len(FRAME_COLUMNS) + 1}\n"
              "inDegrees=yes\nendheader\n")
    out.write("time\t" + "\t".join(FRAME_COLUMNS) + "\n")
    for i, t in enumerate(kin.time_s):
        out.write(f"{t:.6f}\t" + "\t".join(_number(c[i], 4) for c in columns) + "\n")
    return out.getvalue()
