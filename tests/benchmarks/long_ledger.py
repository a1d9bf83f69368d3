"""A year-long ledger for the ledger lookups: about 26,000 events, mostly hourly interest, with fills,
orders, funding and price moves between them, a few liquidations, and the notes the window reads back
as "the latest" (AlertSettings, LiquidationAcknowledged, PriceFeedChanged) written once, at the start,
so finding them walks furthest back. The events are written as one note-like record (no books move):
the lookups read them, nothing replays them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from desktop.engine import Event
from desktop.engine.vocabulary import EventType
from desktop.services.accounts import AccountService
from desktop.services.writes import writing
from desktop.store import ledger

LEDGER_EVENTS = 26_000
HOURS = 8_760  # a simulated year
# One hour's worth of events, by the hour's number: interest on three borrows every hour, the rest now and then.
INTEREST_SYMBOLS = ("USDC", "ETH", "JTO")
FILL_SYMBOLS = ("SOL_USDC", "JTO_USDC", "SOL_USDC_PERP", "BTC_USDC_PERP")


def _hour_events(hour: int, start) -> list[Event]:
    time = start + timedelta(hours=hour)
    events = [Event(EventType.INTEREST, symbol, time, quantity=D("0.0123")) for symbol in INTEREST_SYMBOLS]
    if hour % 4 == 0:
        symbol = FILL_SYMBOLS[(hour // 4) % len(FILL_SYMBOLS)]
        order_id = str(hour)
        side = {"side": "Bid" if hour % 8 else "Ask"}
        events.append(Event(EventType.ORDER_PLACED, symbol, time, D(1), D(150), order_id, "Limit", side))
        events.append(Event(EventType.FILL, symbol, time, D(1), D(150), order_id, "maker", {**side, "fee": "0.03"}))
    if hour % 12 == 6:
        events.append(Event(EventType.ORDER_CANCELLED, "SOL_USDC", time, D(1), D(120), str(hour), "cancelled"))
    if hour % 8 == 3:
        events.append(Event(EventType.FUNDING_PAYMENT, "SOL_USDC_PERP", time, D("0.01")))
    if hour % 50 == 25:
        events.append(Event(EventType.PRICE_MOVED, "SOL", time, price=D(140), reason="by hand"))
    if hour % 400 == 200:
        events.append(Event(EventType.RISK_ALERT, "SOL_USDC_PERP", time, reason="Warning: MMR 51 %"))
    if hour in (2_000, 5_000, 8_000):
        events.append(Event(EventType.LIQUIDATION, "SOL_USDC_PERP", time, D(1), D(120), reason="Book"))
    return events


def with_a_long_ledger(accounts: AccountService, name: str, events: int = LEDGER_EVENTS) -> int:
    """Write about ``events`` ledger events to the (existing) account ``name``; returns how many."""
    loaded = accounts.load(name)
    start = loaded.state.time
    written = [
        Event(EventType.ALERT_SETTINGS, "", start, reason="Warn at MMR 50 %", details={"warnMmr": "0.5"}),
        Event(EventType.PRICE_FEED_CHANGED, "", start, reason="Prices: random walk (seed 3)"),
        Event(EventType.LIQUIDATION_ACKNOWLEDGED, "", start, reason="acknowledged"),
    ]
    hour = 0
    while len(written) < events:
        written += _hour_events(hour % HOURS, start)
        hour += 1
    with writing(accounts.store):
        ledger.record(loaded.row, loaded.state, loaded.state, written)
    accounts.forget(name)
    return len(written)
