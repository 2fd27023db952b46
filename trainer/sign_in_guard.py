"""Guessing passwords made slow: failed sign-ins per username and per address, with growing delays.

After `FREE_FAILURES` failed attempts for a username or from an address, each
further attempt must wait a delay that doubles with every failure (up to
`MAX_DELAY_S`); an attempt made sooner is refused without checking the
password, so a thousand guesses in a row cost hours, not seconds. The answer
never tells whether the username exists: unknown names are throttled alike.
A right password resets the username's and the address's count.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

FREE_FAILURES = 5
FIRST_DELAY_S = 2.0
MAX_DELAY_S = 900.0


@dataclass(frozen=True)
class Verdict:
    """`wait_s` > 0: the attempt was refused unchecked; try again after that long."""

    trainer_id: int | None
    wait_s: float = 0.0


class SignInGuard:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, time of the last failure)

    def _wait_s(self, key: str, now: float) -> float:
        count, last = self._failures.get(key, (0, 0.0))
        if count < FREE_FAILURES:
            return 0.0
        delay = min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (count - FREE_FAILURES))
        return max(0.0, last + delay - now)

    def attempt(self, username: str, address: str, check: Callable[[], int | None]) -> Verdict:
        """Run `check` (the password check) unless the username or the address must wait."""
        keys = (f"user:{username.strip().lower()}", f"addr:{address}")
        with self._lock:
            now = self._clock()
            wait = max(self._wait_s(key, now) for key in keys)
            if wait > 0:
                return Verdict(None, round(wait, 1))
        trainer_id = check()
        with self._lock:
            now = self._clock()
            for key in keys:
                if trainer_id is None:
                    count, _ = self._failures.get(key, (0, 0.0))
                    self._failures[key] = (count + 1, now)
                else:
                    self._failures.pop(key, None)
        return Verdict(trainer_id)
