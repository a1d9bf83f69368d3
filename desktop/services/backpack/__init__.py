"""Backpack Exchange's REST API (reference/backpack-api.md), read with httpx.

- ``http``: the transport (base URL rules, retries, User-Agent, errors); a signed client reuses it.
- ``public``: the public endpoints as typed rows (every number a ``Decimal``).
- ``snapshot``: those rows turned into a parameter snapshot (MARGIN_MODEL.md §1, §10).
- ``live``: polling marks and pools for a Live clock, remembering the last good reading.

Importing this package loads nothing heavy; ``http`` imports httpx (~0.15 s), so commands that never
talk to Backpack never pay for it.
"""
