"""The trader-facing explanations, in the words of Backpack's help article (the seed)."""

INITIAL_MARGIN = (
    "Initial Margin is the minimum amount of collateral that a trader must deposit to open a leveraged "
    "position. This acts as a safety buffer for the lender (and Exchange) ensuring that the borrower has "
    "enough capital at stake to cover potential losses."
)
MAINTENANCE_MARGIN = (
    "Maintenance Margin is the minimum amount of equity (or collateral) that a borrower must maintain in "
    "their account to avoid liquidation. If the value of the borrower's assets falls below this threshold, "
    "the Exchange can liquidate part or all of the position to recover the borrowed assets and minimize "
    "the risk of a bad loan. This acts as a safeguard for lenders."
)
NET_EQUITY = "Collateral value of everything held (after haircuts) minus everything borrowed, at mark prices."
AVAILABLE = (
    "Net equity not tied up as initial margin: what new borrowing, orders and withdrawals can use. "
    "It is calculated with all the assets in your balance that are eligible for collateral."
)
MARGIN_FRACTION = "Net equity divided by total exposure (borrows and pending margin orders at mark)."
IMR = "Initial margin ratio: initial margin divided by net equity."
MMR = "Maintenance margin ratio: maintenance margin divided by net equity. At 100 % the account is liquidated."
LEVERAGE = "Total exposure divided by net equity."
MAX_ACCOUNT_LEVERAGE = (
    "The most leverage this account may take (1×–50×). It raises the initial margin of every "
    "borrow to at least 1/leverage; a change is refused if it would leave too little margin."
)
AUTO_LEND = (
    "Auto Lend lends everything available and repays borrows with what arrives. While it is on, manual "
    "borrowing is disabled: borrowing happens only through Spot Margin or Margin Withdrawal."
)
AUTO_REPAY = "Repay borrows automatically from the available balance of the same asset."
MARGIN_BOX = "Borrow what the account lacks for this, against its collateral (cross margin)."
UNREALIZED_PNL = (
    "Profit or loss of the perp positions not yet settled into USDC. Positions settle at every price "
    "change and before each funding payment, so this is the part since the last settlement; the "
    "Positions tab shows each position's PnL since entry."
)
FUTURES_EXPOSURE = (
    "The notional of the perp positions at the mark, each with its open orders that would add to it "
    "(position size plus open order size increasing risk). It counts in total exposure and margin."
)
