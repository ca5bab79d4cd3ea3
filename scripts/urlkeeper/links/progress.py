"""A progress bar for the terminal, shown only on runs longer than a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, out: TextIO | None = None, delay: float = 1.0, enabled: bool | None = None, width: int = 30):
        self.out = out or sys.stderr
        self.delay = delay
        self.enabled = self.out.isatty() if enabled is None else enabled
        self.width = width
        self.started = time.monotonic()
        self.shown = False
        self._last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay:
            return
        if self.shown and now - self._last < 0.1 and done < total:
            return
        self._last = now
        total = max(total, 1)
        filled = int(self.width * min(done, total) / total)
        bar = "#" * filled + "-" * (self.width - filled)
        label = "pages" if phase == "internal" else "external URLs"
        self.out.write(f"\rurlkeeper links [{bar}] {done}/{total} {label} {now - self.started:5.1f}s")
        self.out.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.out.write("\r" + " " * (self.width + 60) + "\r")
            self.out.flush()
            self.shown = False
