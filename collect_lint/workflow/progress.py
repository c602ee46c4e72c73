"""A one-line progress meter on stderr for long transcript runs (records, MB, rate)."""

from __future__ import annotations

import time


class ProgressMeter:
    """``update(records, bytes)`` accumulates; the line is redrawn at most every ``interval``
    seconds, so the hot path costs two additions and a clock read."""

    def __init__(self, stream, interval: float = 0.5) -> None:
        self.stream = stream
        self.interval = interval
        self.records = 0
        self.bytes = 0
        self.started = time.monotonic()
        self.next_draw = self.started + interval
        self.drawn = False

    def update(self, records: int, size: int) -> None:
        self.records += records
        self.bytes += size
        now = time.monotonic()
        if now >= self.next_draw:
            self.next_draw = now + self.interval
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        mb = self.bytes / 1e6
        line = f"\r{self.records:,} records  {mb:,.1f} MB  {mb / elapsed:,.1f} MB/s  {self.records / elapsed:,.0f} records/s"
        self.stream.write(line)
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """Clear the line (only if something was drawn)."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
