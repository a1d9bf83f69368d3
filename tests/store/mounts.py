"""A small tmpfs for the read-only-media and full-disk tests, where the machine allows mounting one
(root, or a container with CAP_SYS_ADMIN); the tests skip with the reason otherwise."""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *arguments], capture_output=True, text=True, timeout=30)


@contextmanager
def tmpfs(where: Path, size: str = "4m"):
    """A fresh tmpfs of ``size`` at ``where`` (created), unmounted afterwards."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (read-only media and full disks are simulated with one)")
    where.mkdir(parents=True, exist_ok=True)
    try:
        mounted = _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"cannot run mount: {error}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30)


def remount(where: Path, read_only: bool) -> None:
    result = _mount("-o", f"remount,{'ro' if read_only else 'rw'}", str(where))
    assert result.returncode == 0, result.stderr


def fill(where: Path, leave: int) -> Path:
    """Fill the file system at ``where`` until about ``leave`` bytes are free; returns the filler file."""
    filler = where / "filler"
    stats = os.statvfs(where)
    free = stats.f_bavail * stats.f_frsize
    with open(filler, "wb") as handle:
        remaining = max(0, free - leave)
        chunk = b"\0" * 65536
        try:
            while remaining > 0:
                written = handle.write(chunk[: min(len(chunk), remaining)])
                remaining -= written
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            pass  # already full
    return filler
