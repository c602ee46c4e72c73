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
    moment leaves the old file or the new one, never a mix: a temporary file in the same
    directory (``.<name>.<random>.collect-lint.tmp``), flushed and fsynced, renamed over the
    original. The file keeps its mode, and its owner where the process may set it."""
    target = Path(os.path.realpath(path))
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".collect-lint.tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if old is None:
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            else:
                os.fchmod(handle.fileno(), stat.S_IMODE(old.st_mode))
                with suppress(OSError):  # only root may give a file to another user
                    os.fchown(handle.fileno(), old.st_uid, old.st_gid)
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(target.parent)


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
