"""Driving the Trainer page in Chromium."""

from __future__ import annotations


def sign_in(page, url: str) -> None:
    page.goto(f"{url}/trainer")
    page.get_by_role("textbox", name="Username").fill("coach")
    page.get_by_role("textbox", name="Password").fill("a good password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for(timeout=30_000)


def choose_clips(page, clips: list) -> None:
    """Pick clips in the session form's uploader and wait, as a person would, until each is listed
    as uploaded: a save clicked while one still uploads goes without it."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(c) for c in clips])
    page.wait_for_function("n => document.querySelectorAll('[data-testid=stFileChip]').length >= n"
                           " && !document.querySelector('[data-testid=stFileChipIconSpinner]')",
                           arg=len(clips), timeout=60_000)
