"""History can explain every perp event (MARGIN_MODEL.md §10): one sentence each."""

from desktop.engine.apply_contract import parse_state, run_action
from desktop.text.explain import explain
from desktop.text.formatting import AssetFormats
from tests.engine.util import example_parameters


def test_perp_orders_fills_settlements_funding_and_liquidations_read_as_sentences():
    parameters = example_parameters()
    formats = AssetFormats(parameters)
    state = parse_state({"balances": {"USDC": {"available": "1000"}}}, parameters)
    actions = [
        {"type": "order", "symbol": "SOL_USDC_PERP", "side": "Bid", "orderType": "Market", "quantity": "60"},
        {
            "type": "order",
            "symbol": "DOGE_USDC_PERP",
            "side": "Ask",
            "orderType": "Limit",
            "price": "0.45",
            "quantity": "100",
        },
        {"type": "cancel", "orderId": "2"},
        {"type": "advance", "to": "2026-11-20T01:00:00Z"},
        {"type": "price", "symbol": "SOL", "markPrice": "135"},
    ]
    sentences = []
    for index, action in enumerate(actions):
        outcome = run_action(state, parameters, action, index)
        assert outcome.accepted, action
        state = outcome.state
        sentences += [explain(event, formats) for event in outcome.events]
    assert "Placed order 1: buy 60.00 SOL of SOL_USDC_PERP at market." in sentences
    # fee 60·150.075·0.0005 = 4.50225, shown to USDC's step
    assert (
        "Order 1 filled: bought 60.00 SOL of SOL_USDC_PERP at 150.08, fee 4.5022 USDC (taker), "
        "realized 0.0000 USDC; position 60.00 SOL." in sentences
    )
    assert "Placed order 2: sell 100 DOGE of DOGE_USDC_PERP at 0.45000 USDC limit." in sentences
    assert "Cancelled order 2 (sell 100 DOGE of DOGE_USDC_PERP) (cancelled by the trader)." in sentences
    # 60·(150 − 150.075) = −4.5 settles at the first hour; then the long pays 60·150·0.0000125 = 0.1125
    assert "SOL_USDC_PERP: −4.5000 USDC of PnL settled at the mark 150.00." in sentences
    assert "SOL_USDC_PERP funding: paid 0.1125 USDC (rate 0.0000125 at 150.00)." in sentences
    assert any(s.startswith("Closed ") and "of the SOL_USDC_PERP long at 135 (Book)" in s for s in sentences)
    assert all(s.endswith(".") and "Decimal" not in s for s in sentences)


def test_an_imported_position_reads_as_a_sentence():
    from desktop.engine.import_events import import_events

    parameters = example_parameters()
    document = {
        "balances": {"USDC": {"available": "1000"}},
        "positions": {"SOL_USDC_PERP": {"netQuantity": "-3", "entryPrice": "150", "settledPrice": "145"}},
    }
    sentences = [explain(event, AssetFormats(parameters)) for event in import_events(parse_state(document, parameters))]
    assert "SOL_USDC_PERP: short 3.00 SOL imported from the file, entry 150.00, settled to 145.00." in sentences
