"""Intent-named helpers for store tests."""

from __future__ import annotations

from desktop.store import models


def table_counts() -> dict[str, int]:
    """Rows in every table: what a refused action must leave unchanged."""
    return {model._meta.table_name: model.select().count() for model in models.ALL_MODELS}


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every table, for byte-for-byte comparisons."""
    rows = {}
    for model in models.ALL_MODELS:
        cursor = models.database.execute_sql(f'SELECT * FROM "{model._meta.table_name}" ORDER BY 1')
        rows[model._meta.table_name] = cursor.fetchall()
    return rows


def event_types(account_name: str) -> list[str]:
    account = models.Account.get(models.Account.name == account_name)
    return [
        e.type
        for e in models.LedgerEvent.select()
        .where(models.LedgerEvent.account == account)
        .order_by(models.LedgerEvent.id)
    ]


def margin_desk(*arguments: str, timeout: float = 120):
    """Run ``python -m desktop ARGUMENTS`` as a trader would, capturing its output."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "desktop", *arguments], capture_output=True, text=True, timeout=timeout, cwd=root
    )


def one_line_error(result) -> str:
    """The single stderr line of a refused command (exit 2, nothing on stdout, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin-desk: "), result.stderr
    return lines[0]
