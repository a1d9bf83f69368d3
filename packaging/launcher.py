"""PyInstaller's entry script: desktop/__main__.py uses a relative import, so it can't be the script
itself. This runs exactly what the ``margin-desk`` console script runs."""

from desktop.__main__ import main

if __name__ == "__main__":
    main()
