"""``margin-desk`` with no command: the window (Qt is imported only here)."""

from __future__ import annotations

import argparse


def run(arguments: argparse.Namespace) -> int:
    from ..app import run as run_app

    return run_app(
        arguments.data_dir, smoke_test=arguments.smoke_test, account=getattr(arguments, "open_account", None)
    )
