"""Where things live: the one resolver for bundled resources, and the user's data directory.

Resources are found the same way from a source checkout (``<repo>/resources``), an installed wheel
(packaged as ``desktop/resources``) and a frozen PyInstaller build (``<bundle>/resources``).
"""

from __future__ import annotations

import sys
from pathlib import Path

BUNDLED_SNAPSHOT = "parameters/example-snapshot.json"
DATABASE_FILE = "margin-desk.sqlite3"


def resource_roots() -> list[Path]:
    package = Path(__file__).resolve().parent
    roots = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        roots.append(Path(frozen_root) / "resources")
    # Installed first: a stray site-packages/resources of another distribution must not shadow ours.
    roots += [package / "resources", package.parent / "resources"]
    return roots


def resource_path(relative: str) -> Path:
    """The bundled file ``relative`` (e.g. ``parameters/example-snapshot.json``)."""
    for root in resource_roots():
        candidate = root / relative
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(root) for root in resource_roots())
    raise FileNotFoundError(f"bundled resource {relative!r} not found (searched {searched})")


def user_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/margin-desk`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("margin-desk", appauthor=False, roaming=False)


def user_log_dir() -> Path:
    """Where the log file goes (``~/.local/state/margin-desk/log`` on Linux)."""
    from platformdirs import user_log_path

    return user_log_path("margin-desk", appauthor=False)
