"""Backpack Exchange's REST API (reference/backpack-api.md), read with httpx.

- ``http``: the transport (base URL rules, retries, User-Agent, errors); a signed client reuses it.
- ``errors``: what can go wrong, each one line naming the endpoint.
- ``fields``: reading JSON fields (numbers as strings or JSON numbers into Decimal).
- ``public``: the public endpoints as typed rows (every number a ``Decimal``).
- ``reading``: one read of every endpoint a snapshot needs (progress, cancel).
- ``rates``: fitting the §6 rate curve to a pool's live rate.
- ``snapshot``: those rows turned into a parameter snapshot (MARGIN_MODEL.md §1, §10); ``summary``.
- ``live``: polling marks and pools for a Live clock, remembering the last good reading.

Importing this package loads nothing heavy; ``http`` imports httpx (~0.15 s), so commands that never
talk to Backpack never pay for it.
"""
