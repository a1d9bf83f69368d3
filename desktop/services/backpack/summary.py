"""What a fetch found, left out and noted, in one line for stderr or a status bar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from .public import ExchangeStatus


@dataclass(frozen=True)
class SnapshotSummary:
    fetched_at: datetime
    assets: tuple[str, ...]
    spot_markets: tuple[str, ...]
    perps: tuple[str, ...]
    perp_only_bases: tuple[str, ...]
    without_collateral_functions: tuple[str, ...]  # assets Backpack trades that are not collateral
    left_out: dict[str, str]  # other assets left out → why
    skipped_markets: dict[str, str]  # spot or perp markets left out → why
    notes: tuple[str, ...]
    status: ExchangeStatus

    def line(self) -> str:
        """One line for stderr or a status bar."""
        bases = ", ".join(self.perp_only_bases)
        parts = [
            f"Backpack public API at {iso_time(self.fetched_at)}: {len(self.assets)} assets, "
            f"{len(self.spot_markets)} spot markets, {len(self.perps)} perps"
            + (f" (perp-only bases: {bases})" if bases else "")
        ]
        if self.without_collateral_functions:
            names = ", ".join(self.without_collateral_functions)
            parts.append(f"left out {len(self.without_collateral_functions)} without collateral functions: {names}")
        if self.left_out:
            parts.append("left out " + ", ".join(f"{name} ({why})" for name, why in self.left_out.items()))
        if self.skipped_markets:
            parts.append("skipped " + ", ".join(f"{name} ({why})" for name, why in self.skipped_markets.items()))
        if not self.status.ok:
            parts.append(
                f"Backpack status {self.status.status}" + (f": {self.status.message}" if self.status.message else "")
            )
        return "; ".join(parts)


def iso_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
