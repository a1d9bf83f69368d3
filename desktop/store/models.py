"""peewee models of the store. One database proxy, bound only by ``db.open_store`` and test fixtures.

Money and quantities are exact text (``DecimalText``); simulated times are epoch seconds (UTC);
equity snapshots are floats, because they only feed the charts and can be recomputed.
"""

from __future__ import annotations

import peewee

from .fields import DecimalText

database = peewee.DatabaseProxy()


class StoreModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(StoreModel):
    """One row: the schema version of this file."""

    version = peewee.IntegerField()
    changed_at = peewee.TextField()


class ParameterSnapshot(StoreModel):
    """A parameter snapshot as loaded, kept whole so a ledger replays under the parameters it was made with."""

    sha256 = peewee.TextField(unique=True)
    content = peewee.TextField()
    source = peewee.TextField()


class Account(StoreModel):
    """A simulated cross-margin account (Backpack's subaccount): its settings, clock and price feed."""

    name = peewee.TextField(unique=True)
    snapshot = peewee.ForeignKeyField(ParameterSnapshot, on_delete="RESTRICT")
    created_at = peewee.TextField()
    clock = peewee.IntegerField()  # simulated time of the last committed tick
    leverage_limit = peewee.IntegerField(default=10)
    auto_lend = peewee.BooleanField(default=False)
    auto_repay_borrows = peewee.BooleanField(default=False)
    last_order_id = peewee.IntegerField(default=0)
    # Schema 2: the price feed, so a restarted simulation continues the same path. Schema 3 moved
    # its text out of this row (FeedSource, FeedPrice): every tick rewrites the row.
    feed_kind = peewee.TextField(default="random-walk")
    feed_seed = peewee.IntegerField(default=1)
    feed_ticks = peewee.IntegerField(default=0)
    # Schema 4: "simulated", "imported" or "backpack" (AccountOrigin): a mirror is shown read-only.
    origin = peewee.TextField(default="simulated")


class Balance(StoreModel):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    symbol = peewee.TextField()
    available = DecimalText()
    locked = DecimalText()
    lent = DecimalText()
    borrowed = DecimalText()
    pending_borrow = DecimalText()

    class Meta:
        indexes = ((("account", "symbol"), True),)


class PoolState(StoreModel):
    """A lending pool's totals as this account's simulation has moved them."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    symbol = peewee.TextField()
    lent_quantity = DecimalText()
    borrowed_quantity = DecimalText()

    class Meta:
        indexes = ((("account", "symbol"), True),)


class MarkPrice(StoreModel):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    symbol = peewee.TextField()
    price = DecimalText()

    class Meta:
        indexes = ((("account", "symbol"), True),)


class OpenOrder(StoreModel):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    order_id = peewee.TextField()
    symbol = peewee.TextField()
    side = peewee.TextField()
    price = DecimalText()
    quantity = DecimalText()
    margin = peewee.BooleanField()
    paying_asset = peewee.TextField()
    locked = DecimalText()
    pending_borrow = DecimalText()
    # Schema 4: a perp order (§10) rests here too, holding nothing back (locked and pending_borrow 0).
    reduce_only = peewee.BooleanField(default=False)
    market_type = peewee.TextField(default="SPOT")

    class Meta:
        indexes = ((("account", "order_id"), True),)


class Position(StoreModel):
    """An open perp position (schema 4): signed size, entry and settled prices (exact text), and what
    it has paid and realized since ``opened_at`` (USDC: funding signed, + received; fees paid)."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE", index=False)
    symbol = peewee.TextField()
    net_quantity = DecimalText()
    entry_price = DecimalText()
    settled_price = DecimalText()
    opened_at = peewee.IntegerField()
    funding = DecimalText()
    fees = DecimalText()
    realized_pnl = DecimalText()

    class Meta:
        indexes = ((("account", "symbol"), True),)


class LedgerEvent(StoreModel):
    """One engine event, append-only, with the balance and pool changes it made (JSON)."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE")
    time = peewee.IntegerField()
    type = peewee.TextField()
    symbol = peewee.TextField()
    quantity = DecimalText(null=True)
    price = DecimalText(null=True)
    order_id = peewee.TextField(null=True)
    reason = peewee.TextField(null=True)
    details = peewee.TextField()
    balance_changes = peewee.TextField()
    pool_changes = peewee.TextField()

    class Meta:
        # Schema 5: (account, type) finds a type's latest events (notes, fills) without walking the ledger.
        indexes = ((("account", "time"), False), (("account", "type"), False))


class PriceTick(StoreModel):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE", index=False)  # (account, symbol, time) serves
    time = peewee.IntegerField()
    symbol = peewee.TextField()
    price = DecimalText()

    class Meta:
        indexes = ((("account", "symbol", "time"), False),)


class FeedSource(StoreModel):
    """A scenario (its script, origin and base marks as JSON), or an older version's CSV text."""

    account = peewee.ForeignKeyField(Account, primary_key=True, on_delete="CASCADE")
    text = peewee.TextField()


class FeedPrice(StoreModel):
    """One validated row of a replayed CSV: a tick reads only the rows of its own time window."""

    account = peewee.ForeignKeyField(Account, on_delete="CASCADE", index=False)
    time = peewee.IntegerField()
    symbol = peewee.TextField()
    price = DecimalText()

    class Meta:
        indexes = ((("account", "symbol", "time"), False),)


class EquitySnapshot(StoreModel):
    account = peewee.ForeignKeyField(Account, on_delete="CASCADE", index=False)  # (account, time) serves
    time = peewee.IntegerField()
    net_equity = peewee.FloatField()
    initial_margin = peewee.FloatField()
    maintenance_margin = peewee.FloatField()
    margin_fraction = peewee.FloatField(null=True)

    class Meta:
        indexes = ((("account", "time"), False),)


ALL_MODELS = [
    SchemaVersion,
    ParameterSnapshot,
    Account,
    Balance,
    PoolState,
    MarkPrice,
    OpenOrder,
    LedgerEvent,
    PriceTick,
    EquitySnapshot,
    FeedSource,
    FeedPrice,
    Position,
]
