#!/usr/bin/env python3
"""Launch a built Margin Desk headless with ``--smoke-test`` and check that it really started.

    python3 packaging/smoke_test.py dist/margin-desk/margin-desk
    python3 packaging/smoke_test.py --root /var/tmp/chroot /usr/bin/margin-desk   # inside a chroot
    python3 packaging/smoke_test.py --platform xcb --allow 'some regex' CMD ...  # e.g. under xvfb-run

The command runs with ``--smoke-test`` appended (a temporary data directory, migrations, the main
window, the log line ``margin-desk: startup complete``, then quit) in its own process group, with
a timeout after which the whole group is killed. HOME and the XDG directories point into a fresh
temporary directory, so the test never reads or writes a real user's files.

It passes when the exit code is 0 and the startup marker is there. It fails on a fatal marker (a
missing module or library, a Qt plugin error, a Python traceback, a PyInstaller bootloader error)
and on any stdout or stderr line that is not known to be harmless. Standard library only: it runs
with any Python 3.8+, including the host's when the artefact sits in a chroot without Python.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = "margin-desk: startup complete"

# Lines known to be harmless. Anything else on stdout or stderr fails the test.
HARMLESS = [
    re.escape(MARKER),
    r"This plugin does not support propagateSizeHints\(\)",
]

# Fatal whatever else happens (Friture's idea): the artefact lacks something it needs.
FATAL = [
    r"Traceback \(most recent call last\)",
    r"ModuleNotFoundError",
    r"ImportError",
    r"No module named",
    r"cannot open shared object file",
    r"error while loading shared libraries",
    r"undefined symbol",
    r"Could not (find|load) the Qt platform plugin",
    r"qt\.qpa\.plugin",
    r"This application failed to start",
    r"Cannot load library",
    r"Fatal Python error",
    r"Segmentation fault",
    r"Aborted",
    r"\[PYI-\d+:(ERROR|WARNING)\]",  # PyInstaller's bootloader
    r"Failed to execute script",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="+", help="the artefact's executable (and any arguments before --smoke-test)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before the process group is killed (60)")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM (offscreen)")
    parser.add_argument("--root", help="run the command inside this chroot (its /proc must be mounted)")
    parser.add_argument("--allow", action="append", default=[], metavar="REGEX", help="another harmless line")
    parser.add_argument("--label", help="name of the artefact in the report")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    label = args.label or " ".join(args.command)
    root = Path(args.root).resolve() if args.root else None
    scratch_parent = root / "tmp" if root else None
    scratch = Path(tempfile.mkdtemp(prefix="margin-desk-smoke-", dir=scratch_parent))
    inside = Path("/") / scratch.relative_to(root) if root else scratch  # the same directory, seen by the app
    for name in ("home", "config", "cache", "data", "runtime"):
        (scratch / name).mkdir(mode=0o700)
    if sys.platform.startswith("linux"):
        # A clean environment: nothing of the caller's (PYTHONPATH, QT_* debugging switches) leaks in.
        env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
    else:  # Windows and macOS need much of theirs (SYSTEMROOT, ...); drop what would change Python
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
        env.update(APPDATA=str(inside / "config"), LOCALAPPDATA=str(inside / "data"), TEMP=str(inside), TMP=str(inside))
    env.update(
        HOME=str(inside / "home"),
        XDG_CONFIG_HOME=str(inside / "config"),
        XDG_CACHE_HOME=str(inside / "cache"),
        XDG_DATA_HOME=str(inside / "data"),
        XDG_RUNTIME_DIR=str(inside / "runtime"),
        TMPDIR=str(inside),
        QT_QPA_PLATFORM=args.platform,
    )
    for name in ("DISPLAY", "XAUTHORITY", "WAYLAND_DISPLAY"):  # set by xvfb-run for --platform xcb
        if name in os.environ and args.platform != "offscreen":
            env[name] = os.environ[name]
    command = [*args.command, "--smoke-test"]
    if root:
        command = [shutil.which("chroot") or "/usr/sbin/chroot", str(root), *command]

    started = time.monotonic()
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            text=True,
            errors="replace",
        )
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"smoke test FAILED for {label}: cannot start {command[0]}: {error}", file=sys.stderr)
        return 1
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = process.communicate()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.monotonic() - started

    harmless = [re.compile(pattern) for pattern in HARMLESS + args.allow]
    fatal = re.compile("|".join(FATAL))
    lines = [("stdout", line) for line in stdout.splitlines()] + [("stderr", line) for line in stderr.splitlines()]
    problems = []
    if timed_out:
        problems.append(f"still running after {args.timeout:.0f} s: killed its process group")
    elif process.returncode != 0:
        problems.append(f"exit code {process.returncode}")
    if not any(line.strip() == MARKER for _, line in lines):
        problems.append(f"no startup marker {MARKER!r}")
    for stream, line in lines:
        if fatal.search(line):
            problems.append(f"fatal line on {stream}: {line}")
        elif line.strip() and not any(pattern.search(line) for pattern in harmless):
            problems.append(f"unexpected line on {stream}: {line}")

    if problems:
        print(f"smoke test FAILED for {label} ({seconds:.2f} s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr, file=sys.stderr)
        return 1
    print(f"smoke test passed for {label} ({seconds:.2f} s, QT_QPA_PLATFORM={args.platform})", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
