"""Where things live: the one resolver for bundled resources, and the user's data directory.

Resources are found the same way from a source checkout (``<repo>/resources``), an installed wheel
(packaged as ``desktop/resources``) and a frozen PyInstaller build (``<bundle>/resources``).
"""

from __future__ import annotations

import os.path
import sys

TYPE_CHECKING = False  # (pathlib waits until a caller wants a Path: evaluate's start-up budget)
if TYPE_CHECKING:
    from pathlib import Path

BUNDLED_SNAPSHOT = "parameters/example-snapshot.json"
DATABASE_FILE = "margin-desk.sqlite3"


def _roots() -> list[str]:
    package = os.path.dirname(os.path.realpath(__file__))
    roots = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        roots.append(os.path.join(frozen_root, "resources"))
    # Installed first: a stray site-packages/resources of another distribution must not shadow ours.
    roots += [os.path.join(package, "resources"), os.path.join(os.path.dirname(package), "resources")]
    return roots


def resource_roots() -> list[Path]:
    from pathlib import Path

    return [Path(root) for root in _roots()]


def resource_file(relative: str) -> str:
    """The bundled file ``relative`` (e.g. ``parameters/example-snapshot.json``) as a path string."""
    for root in _roots():
        candidate = os.path.join(root, relative)
        if os.path.isfile(candidate):
            return candidate
    searched = ", ".join(_roots())
    raise FileNotFoundError(f"bundled resource {relative!r} not found (searched {searched})")


def resource_path(relative: str) -> Path:
    """The bundled file ``relative`` as a ``Path``."""
    from pathlib import Path

    return Path(resource_file(relative))


def user_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/margin-desk`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("margin-desk", appauthor=False, roaming=False)


def user_log_dir() -> Path:
    """Where the log file goes (``~/.local/state/margin-desk/log`` on Linux)."""
    from platformdirs import user_log_path

    return user_log_path("margin-desk", appauthor=False)
