"""File writing shared by every layer that saves user work: atomic replacement.

A write goes to a temporary file in the target's folder, is flushed to disk, and then
replaces the target with ``os.replace`` — so an interrupted write leaves the previous
file intact and never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Permissions of written files (read for all, write for the owner), like a plain open().
FILE_MODE = 0o644


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                               dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
