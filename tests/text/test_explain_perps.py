"""History can explain every perp event (MARGIN_MODEL.md §10): one sentence each."""

from desktop.engine.apply_contract import parse_state, run_action
from desktop.text.explain import explain
from desktop.text.formatting import AssetFormats
from tests.engine.util import example_parameters

LONG_60_SOL = {"type": "order", "symbol": "SOL_USDC_PERP", "side": "Bid", "orderType": "Market", "quantity": "60"}
DOGE_SHORT_RESTING = {
    "type": "order",
    "symbol": "DOGE_USDC_PERP",
    "side": "Ask",
    "orderType": "Limit",
    "price": "0.45",
    "quantity": "100",
}


def sentences_of(actions: list[dict]) -> list[str]:
    """History's sentences for every event of ``actions``, taken in turn on 1,000 USDC (each accepted)."""
    parameters = example_parameters()
    formats = AssetFormats(parameters)
    state = parse_state({"balances": {"USDC": {"available": "1000"}}}, parameters)
    sentences = []
    for index, action in enumerate(actions):
        outcome = run_action(state, parameters, action, index)
        assert outcome.accepted, action
        state = outcome.state
        sentences += [explain(event, formats) for event in outcome.events]
    return sentences


def test_perp_orders_fills_settlements_funding_and_liquidations_read_as_sentences():
    sentences = sentences_of(
        [
            LONG_60_SOL,
            DOGE_SHORT_RESTING,
            {"type": "cancel", "orderId": "2"},
            {"type": "advance", "to": "2026-11-20T01:00:00Z"},
            {"type": "price", "symbol": "SOL", "markPrice": "135"},
        ]
    )
    assert "Placed order 1: buy 60.00 SOL of SOL-PERP at market." in sentences
    # fee 60·150.075·0.0005 = 4.50225, shown to USDC's step
    assert (
        "Order 1 filled: bought 60.00 SOL of SOL-PERP at 150.08 USDC, fee 4.5022 USDC (taker); "
        "position +60.00 SOL (long)." in sentences
    )
    assert "Placed order 2: sell 100 DOGE of DOGE-PERP at 0.45000 USDC limit." in sentences
    assert "Cancelled order 2 (sell 100 DOGE of DOGE-PERP) (cancelled by the trader)." in sentences
    # 60·(150 − 150.075) = −4.5 settles at the first hour; then the long pays 60·150·0.0000125 = 0.1125
    assert (
        "SOL-PERP: paid 4.5000 USDC of PnL, settled at the mark 150.00 USDC; position +60.00 SOL (long)." in sentences
    )
    assert (
        "SOL-PERP funding: paid 0.1125 USDC on +60.00 SOL at 150.00 USDC "
        "(rate 0.00125 % per hour: longs pay, shorts receive)." in sentences
    )
    closes = [s for s in sentences if s.startswith("Liquidation, step 3 (Book): closed ")]
    assert closes and "of the SOL-PERP long at the mark 135.00 USDC" in closes[0]
    assert "because the margin fraction" in closes[0] and "was at or below the maintenance" in closes[0]
    assert all(s.endswith(".") and "Decimal" not in s for s in sentences)


def test_a_reducing_fill_says_its_realized_pnl_and_a_liquidation_says_each_step():
    sentences = sentences_of(
        [
            LONG_60_SOL,
            DOGE_SHORT_RESTING,
            {
                "type": "order",
                "symbol": "SOL_USDC_PERP",
                "side": "Ask",
                "orderType": "Market",
                "quantity": "10",
                "reduceOnly": True,
            },
            {"type": "price", "symbol": "SOL", "markPrice": "130"},
        ]
    )
    reduce = next(s for s in sentences if s.startswith("Order 3 filled"))
    # sold at 150·0.9995 = 149.925: realized 10·(149.925 − 150) after settling at the mark; since entry at 150.075
    assert "realized PnL −0.7500 USDC (−1.5000 USDC since entry); position +50.00 SOL (long)." in reduce
    assert "Placed order 3: sell 10.00 SOL of SOL-PERP at market (reduce-only)." in sentences
    assert (
        "Liquidation, step 1: cancelled order 2 (sell 100 DOGE of DOGE-PERP) — open orders are cancelled first."
        in sentences
    )
    assert any(s.startswith("Liquidation, step 3 (") and "position closed." in s for s in sentences)


def test_an_imported_position_reads_as_a_sentence():
    from desktop.engine.import_events import import_events

    parameters = example_parameters()
    document = {
        "balances": {"USDC": {"available": "1000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "-3", "entryPrice": "150", "settledPrice": "145"}},
    }
    sentences = [explain(event, AssetFormats(parameters)) for event in import_events(parse_state(document, parameters))]
    assert "SOL-PERP: short 3.00 SOL imported from the file, entry 150.00 USDC, settled to 145.00 USDC." in sentences
