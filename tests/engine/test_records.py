"""The engine's records behave as the standard dataclasses they stand in for (desktop/engine/records.py)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal

import pytest

from desktop.engine import records
from desktop.engine.account import Account, AssetBalance
from desktop.engine.state import Event


@pytest.fixture(autouse=True, params=["bound in Python", "compiled"])
def init_path(request, monkeypatch):
    """Every test runs with both __init__s: the one that binds in Python, and the compiled one."""
    monkeypatch.setattr(records, "_COMPILE_AFTER", 10**9 if request.param == "bound in Python" else 1)


def twins(frozen: bool = True, slots: bool = True):
    """The same class built by the standard ``dataclass`` and by the engine's records."""
    built = []
    for module in (dataclasses, records):

        class Order:
            """A docstring, kept."""

            symbol: str
            price: Decimal
            quantity: Decimal = Decimal("1")
            tags: frozenset = module.field(default_factory=frozenset)
            note: str | None = module.field(default=None)
            LIMIT = "Limit"  # a class constant, not a field

            @property
            def notional(self) -> Decimal:
                return self.price * self.quantity

        built.append(module.dataclass(frozen=frozen, slots=slots)(Order))
    return built


@pytest.mark.parametrize("slots", [True, False])
def test_a_record_reads_compares_and_hashes_as_the_dataclass(slots):
    standard, record = twins(slots=slots)
    record(symbol="warm-up", price=Decimal(0))  # the first call installs the compiled __init__, if so set
    for kwargs in ({"symbol": "SOL", "price": Decimal("150")}, {"symbol": "BTC", "price": Decimal("1"), "note": "x"}):
        a, b = standard(**kwargs), record(**kwargs)
        assert repr(a) == repr(b)
        assert hash(a) == hash(b)
        assert b == record(**kwargs) and hash(b) == hash(record(**kwargs))
        assert b != record(**{**kwargs, "quantity": Decimal("2")})
        assert b.notional == a.notional and b.LIMIT == "Limit"
        assert (b == a) is False  # another class: never equal, as between two dataclasses
    positional = record("SOL", Decimal("150"), Decimal("2"))
    assert positional == record(symbol="SOL", price=Decimal("150"), quantity=Decimal("2"))
    assert record.__match_args__ == standard.__match_args__
    assert record.__doc__ == "A docstring, kept."
    assert hasattr(record("S", Decimal(1)), "__dict__") is (not slots)


def test_defaults_from_a_factory_are_fresh_for_each_record():
    first, second = Account(), Account()
    assert first.balances == {} and first.balances is not second.balances
    given = {"USDC": AssetBalance()}
    assert Account(balances=given).balances is given


@pytest.mark.parametrize("slots", [True, False])
def test_a_frozen_record_refuses_assignment_as_the_dataclass_does(slots):
    standard, record = twins(slots=slots)
    for order in (standard("SOL", Decimal(1)), record("SOL", Decimal(1))):
        with pytest.raises(AttributeError, match="cannot assign to field 'price'"):
            order.price = Decimal(2)
        with pytest.raises(AttributeError):
            del order.symbol
    assert issubclass(records.FrozenInstanceError, AttributeError)


def test_wrong_arguments_fail_as_they_do_for_the_dataclass():
    standard, record = twins()
    for cls in (standard, record):
        with pytest.raises(TypeError):
            cls("SOL")  # price missing
        with pytest.raises(TypeError):
            cls("SOL", Decimal(1), colour="red")
    with pytest.raises(TypeError):
        records.replace(record("SOL", Decimal(1)), colour="red")
    with pytest.raises(TypeError):
        records.replace(object())


def test_replace_copies_with_changes():
    standard, record = twins()
    a = dataclasses.replace(standard("SOL", Decimal(1), note="n"), price=Decimal(3))
    b = records.replace(record("SOL", Decimal(1), note="n"), price=Decimal(3))
    assert repr(a) == repr(b)


@pytest.mark.parametrize("slots", [True, False])
def test_a_mutable_record_has_no_hash_and_takes_assignment(slots):
    _, record = twins(frozen=False, slots=slots)
    order = record("SOL", Decimal(1))
    order.price = Decimal(2)
    assert order.price == Decimal(2)
    assert record.__hash__ is None


def test_records_pickle_and_copy():
    balance = AssetBalance(available=Decimal("1.5"), borrowed=Decimal("2"))
    event = Event("Deposit", "USDC", None, Decimal(1), details={"a": 1})  # type: ignore[arg-type]
    for value in (balance, Account(balances={"USDC": balance}), event):
        assert pickle.loads(pickle.dumps(value)) == value
        assert copy.copy(value) == value and copy.deepcopy(value) == value


def test_class_shapes_the_dataclass_also_refuses():
    with pytest.raises(TypeError, match="follows default argument"):

        @records.dataclass
        class Late:
            early: int = 1
            late: int

    with pytest.raises(ValueError, match="mutable default"):

        @records.dataclass
        class Shared:
            items: list = []

    with pytest.raises(ValueError):
        records.field(default=1, default_factory=int)


def test_asset_balance_changed_matches_a_replace():
    balance = AssetBalance(Decimal("1"), Decimal("2"), Decimal("3"), Decimal("4"), Decimal("5"))
    assert balance.changed() == balance
    assert balance.changed(lent=Decimal("0"), pending_borrow=Decimal("9")) == records.replace(
        balance, lent=Decimal("0"), pending_borrow=Decimal("9")
    )
    with pytest.raises(TypeError):
        balance.changed(colour=Decimal(1))  # type: ignore[call-arg]


def test_both_inits_bind_arguments_as_python_does():
    """The Python-bound __init__ accepts and refuses the same calls as the compiled one."""
    _, record = twins()
    calls = [
        ((), {}),
        (("SOL",), {}),
        (("SOL", Decimal(1)), {}),
        (("SOL",), {"price": Decimal(1)}),
        ((), {"price": Decimal(1), "symbol": "SOL", "note": "n"}),
        (("SOL", Decimal(1), Decimal(2), frozenset({1}), "n"), {}),
        (("SOL", Decimal(1), Decimal(2), frozenset(), "n", "extra"), {}),
        (("SOL", Decimal(1)), {"symbol": "BTC"}),
        (("SOL", Decimal(1)), {"colour": "red"}),
    ]
    for args, kwargs in calls:
        outcomes = []
        for threshold in (10**9, 1):
            records._COMPILE_AFTER = threshold
            _, cls = twins()
            cls("warm-up", Decimal(0))
            try:
                outcomes.append(repr(cls(*args, **dict(kwargs))))
            except TypeError:
                outcomes.append("TypeError")
        assert outcomes[0] == outcomes[1], (args, kwargs)
