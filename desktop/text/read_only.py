"""Why an account may not be written, in the trader's words: a Backpack mirror, or a read-only store."""

from __future__ import annotations

import re

MIRROR_WHY = (
    "This is a read-only mirror of your Backpack account: Margin Desk never places orders or moves funds "
    "there. Use “Plan from this account” to try it on a simulated copy."
)


SHORT = 140  # characters of a read-only store's reason in a sentence; the banner's tooltip has all of it


def short_reason(reason: str) -> str:
    """The reason without its details (the first difference found, say) when it is long."""
    if len(reason) <= SHORT:
        return reason
    head = reason.split(" (", 1)[0]
    return head if len(head) <= SHORT else head[: SHORT - 1] + "…"


def store_read_only_sentence(reason: str, directory) -> str:
    """One sentence: why the store is read-only (in short), and what to do."""
    reason = short_reason(re.sub(r";? *run margin-desk verify[^);]*", "", reason))  # said once, at the end
    if reason[1:2].islower():
        reason = reason[0].lower() + reason[1:]  # inside the sentence: "the ledger does not match…"
    return (
        f"This store is open read-only, so nothing is written to it ({reason.rstrip('.')}); run "
        f"margin-desk verify --data-dir {directory} for the details, or restore a backup."
    )
