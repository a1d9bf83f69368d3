"""Entry point: ``margin-desk`` and ``python -m desktop``."""

import sys

from .cli import run


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
