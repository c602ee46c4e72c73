"""A one-line progress meter on stderr for long transcript runs (records, MB, rate, and the
percentage done and time left when the input size is known)."""

from __future__ import annotations

import time

from ..formats.i18n import tr


class ProgressMeter:
    """``update(records, bytes)`` accumulates; the line is redrawn at most every ``interval``
    seconds, so the hot path costs two additions and a clock read. ``total``: the input's size
    in bytes when known (plain files), for the percentage and ETA."""

    def __init__(self, stream, interval: float = 0.5, total: int | None = None, clock=time.monotonic) -> None:
        self.stream = stream
        self.interval = interval
        self.total = total
        self.clock = clock
        self.records = 0
        self.bytes = 0
        self.started = clock()
        self.next_draw = self.started + interval
        self.drawn = False

    def update(self, records: int, size: int) -> None:
        self.records += records
        self.bytes += size
        now = self.clock()
        if now >= self.next_draw:
            self.next_draw = now + self.interval
            self._draw(now)

    def line(self, now: float) -> str:
        """The progress line at time ``now`` (no carriage return)."""
        elapsed = max(now - self.started, 1e-9)
        mb = self.bytes / 1e6
        line = tr("progress", records=self.records, mb=mb, rate=mb / elapsed, per_second=self.records / elapsed)
        if self.total and self.bytes:
            done = min(self.bytes / self.total, 1.0)
            left = elapsed * (1 - done) / done
            line = tr("progress_eta", percent=100 * done, eta=_duration(left)) + "  " + line
        return line

    def _draw(self, now: float) -> None:
        self.stream.write(f"\r{self.line(now)}\033[K")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """Clear the line (only if something was drawn)."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    """``0:42`` or ``1:02:03``."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
