"""Driving the Trainer page in Chromium."""

from __future__ import annotations


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/trainer")
    page.get_by_role("textbox", name="Username").fill("coach")
    page.get_by_role("textbox", name="Password").fill("a good password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for(timeout=30_000)
