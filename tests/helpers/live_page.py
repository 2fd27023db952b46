"""Driving the live page in Chromium: start the fake camera, count the frames the page says it analysed."""

from __future__ import annotations

import time

CAMERA_FPS = 15  # the fake camera's rate


def frames_analysed(page) -> int:
    card = page.locator('[data-testid="stMetric"]', has_text="Frames analysed")
    return int(card.locator('[data-testid="stMetricValue"]').inner_text()) if card.count() else 0


def wait_for_frames(page, count: int, timeout_s: float = 90.0) -> int:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        done = frames_analysed(page)
        if done >= count:
            return done
        time.sleep(0.5)
    raise AssertionError(f"only {frames_analysed(page)} frames analysed, waited for {count}")


def start(page, url: str) -> object:
    page.goto(f"{url}/live")
    iframe = page.frame_locator('iframe[title*="webrtc_streamer"]')
    iframe.get_by_role("button", name="START").click()
    return iframe
