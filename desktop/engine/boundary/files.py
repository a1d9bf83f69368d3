"""Files from outside, read safely: regular files only, up to a size bound, strict UTF-8.

A path can name a FIFO (reading it may hang for ever), ``/dev/zero`` (endless), a directory or a
huge file. The file is opened without blocking, checked to be a regular file, and read to at most
``limit`` bytes; anything else is a DocumentError naming the path, never a hang or a MemoryError.
"""

from __future__ import annotations

import os
import stat

from .json_text import DocumentError, decode_utf8

TYPE_CHECKING = False  # typing costs start-up time; these names are for the type checker
if TYPE_CHECKING:
    from os import PathLike

    Path = str | PathLike[str]

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _mib(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MiB"


def read_bytes(path: Path, limit: int) -> bytes:
    """The whole content of the regular file at ``path``, at most ``limit`` bytes."""
    name = str(path)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise DocumentError(name, f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise DocumentError(name, f"cannot read: {kind} (give the path of a file)")
        if info.st_size > limit:
            raise DocumentError(name, f"cannot read: larger than {_mib(limit)}")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # the file grew while it was read
            raise DocumentError(name, f"cannot read: larger than {_mib(limit)}")
        return b"".join(chunks)
    except OSError as error:
        raise DocumentError(name, f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)


def read_text(path: Path, limit: int) -> str:
    """A regular file's text, strictly UTF-8 (a byte-order mark is dropped); the error names the line."""
    return decode_utf8(read_bytes(path, limit), str(path))
