"""Drawing the skeleton, knee angles, landing markers and a cue onto a frame."""

from __future__ import annotations

import cv2
import numpy as np

from vision import palette
from vision.landmarks import INDEX

_BONES = [("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
          ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
          ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
          ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
          ("left_hip", "left_knee"), ("left_knee", "left_ankle"), ("left_ankle", "left_heel"),
          ("left_heel", "left_foot_index"), ("left_ankle", "left_foot_index"),
          ("right_hip", "right_knee"), ("right_knee", "right_ankle"), ("right_ankle", "right_heel"),
          ("right_heel", "right_foot_index"), ("right_ankle", "right_foot_index"),
          ("left_ear", "nose"), ("right_ear", "nose")]
LEFT_RGB = palette.rgb(palette.LEFT)
RIGHT_RGB = palette.rgb(palette.RIGHT)
CENTRE_RGB = palette.rgb(palette.CENTRE)
CUE_RGB = palette.rgb(palette.CUE)
PART_RGB = {part: palette.rgb(colour) for part, colour in palette.PART.items()}


def _colour(a: str, b: str) -> tuple[int, int, int]:
    if a.startswith("left") and b.startswith("left"):
        return LEFT_RGB
    if a.startswith("right") and b.startswith("right"):
        return RIGHT_RGB
    return CENTRE_RGB


def _text(image: np.ndarray, text: str, origin: tuple[int, int], scale: float, colour: tuple[int, int, int],
          background: bool = True) -> None:
    thickness = max(1, int(round(scale * 2)))
    (w, h), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)
    x, y = origin
    if background:
        cv2.rectangle(image, (x - 4, y - h - 6), (x + w + 4, y + base + 4), (0, 0, 0), -1)
    cv2.putText(image, text, (x, y), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, thickness, cv2.LINE_AA)


def draw(image: np.ndarray, points_xy: np.ndarray, knee_deg: dict[str, float], contacts: dict[str, str],
         cue: str | None, status: str, text_scale: float = 1.0) -> np.ndarray:
    """Draw on a copy of `image`; `points_xy` (33, 2) are in this image's pixels (NaN = not drawn).

    `text_scale` enlarges the knee numbers, cue and status line (live coaching is read from metres away).
    """
    out = image.copy()
    height = out.shape[0]
    scale = max(0.5, height / 720.0) * text_scale
    line = max(2, int(3 * scale / text_scale))
    for a, b in _BONES:
        pa, pb = points_xy[INDEX[a]], points_xy[INDEX[b]]
        if np.isnan(pa).any() or np.isnan(pb).any():
            continue
        cv2.line(out, tuple(int(v) for v in pa), tuple(int(v) for v in pb), _colour(a, b), line, cv2.LINE_AA)
    for side, colour in (("left", LEFT_RGB), ("right", RIGHT_RGB)):
        knee = points_xy[INDEX[f"{side}_knee"]]
        if not np.isnan(knee).any() and not np.isnan(knee_deg.get(side, np.nan)):
            label = f"{knee_deg[side]:.0f}"
            width = cv2.getTextSize(label, cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, max(1, int(round(1.6 * scale))))[0][0]
            # Left knee's number to the right of the joint, right knee's to the left: in a side
            # view the knees are close together and the numbers would overlap.
            x = int(knee[0]) + 12 if side == "left" else int(knee[0]) - 12 - width
            _text(out, label, (x, int(knee[1])), 0.8 * scale, colour)
        part = contacts.get(side)
        foot = points_xy[INDEX[f"{side}_foot_index"]]
        if part and not np.isnan(foot).any():
            cv2.circle(out, (int(foot[0]), int(foot[1])), int(14 * scale), PART_RGB[part], line)
            label = "landed" if part == "unseen" else f"{part} first"  # square on, or the far foot at an angle
            _text(out, label, (int(foot[0]) - 30, int(foot[1]) + int(40 * scale)), 0.7 * scale, PART_RGB[part])
    _text(out, status, (int(12 * scale), height - int(16 * scale)), 0.7 * scale, CENTRE_RGB)
    if cue:
        for k, text in enumerate(_wrap(cue, out.shape[1] - int(30 * scale), 0.9 * scale)):
            _text(out, text, (int(12 * scale), int((40 + 36 * k) * scale)), 0.9 * scale, CUE_RGB)
    return out


def _wrap(text: str, width_px: int, scale: float) -> list[str]:
    """Split `text` into lines that fit `width_px` at this font scale."""
    thickness = max(1, int(round(scale * 2)))
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        fits = cv2.getTextSize(candidate, cv2.FONT_HERSHEY_SIMPLEX, scale, thickness)[0][0] <= width_px
        if lines and fits:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines
