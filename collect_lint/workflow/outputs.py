"""Files the run writes (fixed templates, baselines): replaced atomically, and their places
checked before the run starts, so a crash or a bad path never costs a file or a whole run."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path


class OutputError(Exception):
    """An output path the run could not write; the message is one line naming it."""


def check_output_path(path: str, what: str) -> None:
    """Raise ``OutputError`` unless a file can be written at ``path`` (its directory exists
    and is writable, and ``path`` is not a directory); called before the run starts."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{path}: {what} is a directory")
    directory = target.absolute().parent
    if not directory.exists():
        raise OutputError(f"{path}: cannot write {what}: directory {directory} does not exist")
    if not directory.is_dir():
        raise OutputError(f"{path}: cannot write {what}: {directory} is not a directory")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot write {what}: directory {directory} is not writable")


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (a symlink's target) with ``data`` so that a crash at any
    moment leaves the old file or the new one, never a mix (see ``AtomicFile``)."""
    target = AtomicFile(path)
    try:
        target.write(data)
        target.commit()
    except BaseException:
        target.discard()
        raise


class AtomicFile:
    """A file written in pieces (so a large output never sits in memory) that replaces the
    one at ``path`` (a symlink's target) only at ``commit``: a temporary file in the same
    directory (``.<name>.<random>.collect-lint.tmp``), flushed and fsynced, renamed over the
    original. The file keeps its mode, and its owner where the process may set it; ``discard``
    removes the temporary file and leaves the original untouched."""

    def __init__(self, path: str) -> None:
        self.target = Path(os.path.realpath(path))
        descriptor, self.temporary = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".collect-lint.tmp", dir=self.target.parent)
        self.handle = os.fdopen(descriptor, "wb")
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)

    def commit(self) -> None:
        try:
            old = os.stat(self.target)
        except FileNotFoundError:
            old = None
        with self.handle:
            self.handle.flush()
            if old is None:
                os.fchmod(self.handle.fileno(), 0o666 & ~_umask())
            else:
                os.fchmod(self.handle.fileno(), stat.S_IMODE(old.st_mode))
                with suppress(OSError):  # only root may give a file to another user
                    os.fchown(self.handle.fileno(), old.st_uid, old.st_gid)
            os.fsync(self.handle.fileno())
        os.replace(self.temporary, self.target)
        _sync_directory(self.target.parent)

    def discard(self) -> None:
        with suppress(OSError):
            self.handle.close()
        with suppress(OSError):
            os.unlink(self.temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a directory)."""
    with suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
