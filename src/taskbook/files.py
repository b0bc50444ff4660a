"""Writing files safely: atomically, and never over a user's file unless asked.

Every command that writes (``new``, ``export``, ``codeowners``, the site's document
cache) goes through :func:`write_atomic`, so readers see the old file or the whole new
one, never a part, and a file that appears while we write is not clobbered.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Args:
        path: the file to write; its folder must exist.
        data: the whole content.
        overwrite: replace an existing file; without it an existing file is left alone,
            even one that appears while the data is written.

    Raises:
        FileExistsError: ``path`` exists and ``overwrite`` is false.
        OSError: the folder cannot be written (the original file is untouched).
    """
    path = Path(path)
    if not overwrite and (path.exists() or path.is_symlink()):
        raise FileExistsError(str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; give the usual mode
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _link_new(temporary: str, path: Path) -> None:
    # link() is atomic and fails if the name exists: no moment in which another file that
    # appeared meanwhile could be replaced, as os.replace would.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (some network or FAT drives)
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)
