"""Liquidation (MARGIN_MODEL.md §7). Filled in by the liquidation issue; until then a named no-op."""

from __future__ import annotations

from .draft import Draft


def liquidate_if_needed(draft: Draft) -> None:
    """Run §7 on the draft when the account is liquidatable at its marks (not yet implemented)."""
    return None
