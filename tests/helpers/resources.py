"""Where the tests find the project, its sample clips and the shared clips; skipping only outside CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_videos"
SHARED_VIDEOS = ROOT.parent / "shared" / "videos"
SCREENSHOTS = ROOT / ".pytest_cache" / "screenshots"


def require(condition: bool, reason: str) -> None:
    """Skip when a resource is missing, except in CI where every test must run."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)
