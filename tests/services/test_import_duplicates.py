"""An ACCOUNT.json whose open orders share an id is refused with a clear message naming the id (it used to
raise IntegrityError out of the window's import handler); nothing is written, and a file with
distinct ids imports."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.engine import orders
from desktop.services.account_files import export_account, import_account
from desktop.services.accounts import AccountService, ServiceError
from desktop.services.integrity import verify_store
from desktop.store.db import open_store
from tests.services.util import act
from tests.store.util import stored_rows

LOCKED_PER_ORDER = D("100.08")  # a 1 SOL bid at 100 USDC with its fee reserved


def document_with_orders(template: dict, ids: list[str]) -> dict:
    """The exported account with one resting 1 SOL bid per id, and the USDC they lock."""
    document = copy.deepcopy(template)
    order = template["openOrders"][0]
    document["openOrders"] = [{**order, "id": order_id} for order_id in ids]
    usdc = document["balances"]["USDC"]
    usdc["locked"] = str(LOCKED_PER_ORDER * len(ids))
    usdc["available"] = str(D(100_000) - LOCKED_PER_ORDER * len(ids))
    return document


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("template"))
    try:
        accounts = AccountService(store)
        accounts.create("Template", deposits=(("USDC", D(100_000)),))
        assert act(accounts, "Template", orders.place_order, "SOL_USDC", "Bid", "Limit", D(1), D(100)).accepted
        return export_account(accounts, "Template")
    finally:
        store.close()


ORDER_IDS = st.lists(st.integers(1, 40).map(str), min_size=2, max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=ORDER_IDS.filter(lambda ids: len(set(ids)) < len(ids)))
def test_duplicate_order_ids_are_refused_naming_them_and_nothing_is_written(tmp_path_factory, template, ids):
    store = open_store(tmp_path_factory.mktemp("data"))
    try:
        accounts = AccountService(store)
        accounts.ensure_demo_account()
        before = stored_rows()
        with pytest.raises(ServiceError) as refused:
            import_account(accounts, "Imported", document_with_orders(template, ids))
        message = str(refused.value)
        duplicated = {order_id for order_id in ids if ids.count(order_id) > 1}
        assert any(repr(order_id) in message for order_id in duplicated), message
        assert "Nothing was imported" in message and "\n" not in message
        assert stored_rows() == before and accounts.names() == ["Demo"]
    finally:
        store.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.integers(1, 10**6).map(str), min_size=1, max_size=30, unique=True))
def test_distinct_order_ids_import(tmp_path_factory, template, ids):
    store = open_store(tmp_path_factory.mktemp("data"))
    try:
        accounts = AccountService(store)
        import_account(accounts, "Imported", document_with_orders(template, ids))
        assert sorted(order.id for order in accounts.load("Imported").state.orders) == sorted(ids)
        assert verify_store(accounts).whole
    finally:
        store.close()
