"""Feedback on long builds: a bar on a terminal, one plain line per episode otherwise, or nothing.

Rates count only episodes that were processed (not read back from the cache), so words/s and the
ETA describe the real work left.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Progress of a build over ``total`` episodes and ``words`` words.

    ``mode`` is ``"bar"`` (redrawn in place, for terminals), ``"line"`` (one line per episode, for
    logs and pipes), ``"quiet"`` (nothing) or ``"auto"`` (bar when ``stream`` is a terminal).
    """

    def __init__(self, mode: str = "auto", stream: TextIO | None = None, width: int = 24):
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "line"
        self.mode = mode
        self.width = width
        self.total = 0
        self.done = 0
        self.todo_words = 0
        self.words_done = 0
        self.started = time.monotonic()
        self._drawn = False

    @property
    def quiet(self) -> bool:
        """True when nothing is printed."""
        return self.mode == "quiet"

    def start(self, total: int, todo_words: int, cached: int = 0) -> None:
        """Begin: ``total`` episodes, of which ``cached`` come from the cache and ``todo_words`` words are to process."""
        self.total = total
        self.done = 0
        self.todo_words = todo_words
        self.words_done = 0
        self.started = time.monotonic()
        if self.mode == "line":
            extra = f", {cached} from cache" if cached else ""
            self._print(f"kg: {total} episodes{extra}, {todo_words:,} words to process")

    def rate(self) -> float:
        """Words per second processed so far."""
        elapsed = time.monotonic() - self.started
        return self.words_done / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left at the current rate, or None before the first processed episode."""
        r = self.rate()
        return (self.todo_words - self.words_done) / r if r > 0 else None

    def advance(self, stem: str, words: int = 0, cached: bool = False, note: str = "") -> None:
        """One more episode done; ``words`` processed (0 for a cache hit)."""
        self.done += 1
        if not cached:
            self.words_done += words
        if self.mode == "quiet":
            return
        eta = self.eta()
        eta_text = _clock(eta) if eta is not None else "-"
        status = f"{self.done}/{self.total} episodes  {self.rate():,.0f} words/s  ETA {eta_text}"
        if self.mode == "line":
            if cached:  # the start line counted them; a line each would bury the real work
                return
            what = note or f"{words:,} words"
            self._print(f"kg: [{status}] {stem} ({what})")
        else:
            filled = int(self.width * self.done / self.total) if self.total else self.width
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r[{bar}] {status}  {stem[:40]}"
            self.stream.write(line + "\x1b[K")
            self.stream.flush()
            self._drawn = True

    def message(self, text: str) -> None:
        """A line of its own (a notice or an error) that does not break the bar."""
        if self.mode == "quiet":
            return
        self._clear()
        self._print(text)

    def finish(self) -> None:
        """End the bar with a summary line."""
        if self.mode == "quiet":
            return
        self._clear()
        elapsed = time.monotonic() - self.started
        self._print(f"kg: {self.done}/{self.total} episodes in {_clock(elapsed)}, {self.rate():,.0f} words/s")

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def _print(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()
