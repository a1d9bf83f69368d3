"""The ledger writes an event's details and balance changes by hand when they are flat text → Decimal
mappings (every settlement of every tick): the very text the JSON encoder wrote before, checked on any
names (quotes, control and non-ASCII characters) and any Decimal (signs, exponents, NaN, infinity)."""

import json
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop.engine import Event
from desktop.store import ledger

T0 = datetime(2026, 11, 20, tzinfo=UTC)
ENCODER = json.JSONEncoder(default=str)  # what ``_details_json`` used for every event


def original_balance_changes(changes) -> str:
    return json.dumps({s: {k: str(v) for k, v in d.items()} for s, d in changes.items()}) if changes else "{}"


names = st.text(max_size=12)
decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("-0"), Decimal("1E+5"), Decimal("0.000000000001"), Decimal("-12.50")]
)
others = st.integers() | st.booleans() | st.none() | st.text(max_size=5) | st.lists(decimals, max_size=2)


@given(details=st.dictionaries(names, decimals, max_size=6))
def test_flat_details_are_written_as_the_encoder_wrote_them(details):
    event = Event("Settlement", "SOL_USDC_PERP", T0, details=details)
    assert ledger._details_json(event) == (ENCODER.encode(details) if details else "{}")


@given(details=st.dictionaries(names, decimals | others, max_size=6))
def test_any_details_are_written_as_the_encoder_wrote_them(details):
    event = Event("Fill", "SOL_USDC", T0, details=details)
    assert ledger._details_json(event) == (ENCODER.encode(details) if details else "{}")
    assert json.loads(ledger._details_json(event)) == json.loads(ENCODER.encode(details))


@given(changes=st.dictionaries(names, st.dictionaries(names, decimals, max_size=5), max_size=4))
def test_balance_changes_are_written_as_before(changes):
    event = Event("Settlement", "SOL_USDC_PERP", T0, balance_changes=changes)
    assert ledger._balance_changes_json(event) == original_balance_changes(changes)


@given(changes=st.dictionaries(names, st.dictionaries(names, decimals | st.integers(), max_size=3), max_size=3))
def test_balance_changes_of_other_numbers_are_written_as_before(changes):
    event = Event("Deposit", "USDC", T0, balance_changes=changes)
    assert ledger._balance_changes_json(event) == original_balance_changes(changes)


def test_a_writes_events_keep_each_ones_own_time():
    """Epoch seconds are worked out once per time in a write, and each event still gets its own."""
    later = datetime(2026, 11, 21, 5, tzinfo=UTC)
    epochs: dict = {}
    first = ledger._event_values(1, Event("Interest", "USDC", T0), epochs)
    second = ledger._event_values(1, Event("Interest", "USDC", later), epochs)
    third = ledger._event_values(1, Event("Interest", "USDC", T0), epochs)
    assert (first[1], second[1], third[1]) == (int(T0.timestamp()), int(later.timestamp()), int(T0.timestamp()))
