"""Backpack Exchange's REST API (reference/backpack-api.md), read with httpx.

- ``http``: the transport (base URL rules, retries, User-Agent, errors); a signed client reuses it.
- ``errors``: what can go wrong, each one line naming the endpoint.
- ``fields``: reading JSON fields (numbers as strings or JSON numbers into Decimal).
- ``public``: the public endpoints as typed rows (every number a ``Decimal``).
- ``reading``: one read of every endpoint a snapshot needs (progress, cancel).
- ``rates``: fitting the §6 rate curve to a pool's live rate.
- ``snapshot``: those rows turned into a parameter snapshot (MARGIN_MODEL.md §1, §10); ``summary``.
- ``live``: polling marks and pools for a Live clock, remembering the last good reading.

A real account, read-only (issue 16):

- ``signing``: the ED25519 request signature (§4), the key pair checked locally, the secret never shown.
- ``private``: the signed endpoints (§3) as typed rows; "Request has expired" → clock sync, one retry.
- ``account_mapping``: those rows as ACCOUNT.json (MARGIN_MODEL.md §8, §10), every choice noted.
- ``reconcile``: Backpack's figures beside the engine's, differences above 0.1 % flagged with reasons.
- ``mirror``: what the window calls — connect, read and reconcile, plan from the account.
- ``history``: fills, interest, funding and settlements of the last 30 days, paged.
- ``secrets``: the secret in the OS keyring, or nowhere when there is none.

Importing this package loads nothing heavy; ``http`` imports httpx (~0.15 s), so commands that never
talk to Backpack never pay for it.
"""
