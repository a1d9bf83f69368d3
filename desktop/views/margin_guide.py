"""*Help → How margin works here*: the margin rules for a trader, in the app's own words, with the
parameters in use. Written for someone who has never borrowed on an exchange; the definitions of
Initial and Maintenance Margin are Backpack's (the seed article), once."""

from __future__ import annotations

from html import escape

from ..engine import MODEL_VERSION, MarginParameters
from ..engine.vocabulary import MAX_LEVERAGE_LIMIT, MIN_LEVERAGE_LIMIT
from ..text.formatting import percent, source_label
from . import help_texts

BACKPACK_ARTICLE = "https://support.backpack.exchange/articles/how-to-borrow-on-backpack-exchange"


def bold_lead(text: str, lead: str) -> str:
    """``text`` escaped, its opening ``lead`` in bold (the definitions start with their name)."""
    body = escape(text)
    return f"<b>{lead}</b>{body[len(lead) :]}" if body.startswith(lead) else body


def guide_html(parameters: MarginParameters) -> str:
    a = parameters.assumptions
    source = escape(source_label(parameters.source).lower())
    return f"""
<h2>How margin works here</h2>
<p>Margin Desk simulates one Backpack-style <b>cross-margin</b> account. Every asset you hold that
counts as collateral backs every borrow at once, so you can trade larger positions than your capital
alone would allow, without selling what you hold. Nothing here reaches an exchange: prices come from
the simulated clock, and the parameters are <i>{source}</i>.</p>

<h3>What your account is worth</h3>
<p><b>Collateral value</b> is what you hold at mark prices after a haircut: each asset has a
<i>collateral weight</i> (1 for USDC, 0.95 for SOL in the example parameters, less for large or
volatile holdings). <b>Net equity</b> is the collateral value minus everything you have borrowed.</p>
<p>{bold_lead(help_texts.INITIAL_MARGIN, "Initial Margin")}</p>
<p>{bold_lead(help_texts.MAINTENANCE_MARGIN, "Maintenance Margin")}</p>
<p>Both grow with what you borrow (and with orders that would borrow when they fill). <b>Available
equity</b> in Account Overview is net equity minus the initial margin: what a new borrow, order or withdrawal can
still use. <b>IMR</b> and <b>MMR</b> are the two margins divided by net equity; at an MMR of 100 %
the account is liquidated. <b>Max Account Leverage</b> ({MIN_LEVERAGE_LIMIT}×–{MAX_LEVERAGE_LIMIT}×)
raises the initial margin of every borrow to at least one over the leverage.</p>

<h3>The three ways to borrow</h3>
<ol>
<li><b>Spot Margin</b> (Spot view, Ctrl+1): pick a market, tick <b>Margin</b> below the Buy button,
type a quantity or press <b>Max</b>. Under the button you see what the order would borrow, the IMR
after it and where liquidation would start. Press <b>Buy</b> (or Enter): the shortfall is borrowed
when the order fills.</li>
<li><b>Manual Borrow</b> (Lend view, Ctrl+2, <b>Borrow</b> tab): switch Auto Lend off in the
<b>Margin Overview</b> menu of Account Overview, choose the Max Account Leverage, type an amount
within <b>Available to borrow</b> and press <b>Borrow</b>. It lands in your available balance, and
every form updates at once.</li>
<li><b>Margin Withdrawal</b> (Funds → Withdraw, Ctrl+W): pick the asset, tick <b>Margin</b> to
withdraw more than you hold, read the borrow it takes and the margin after it, press
<b>Continue</b>, then confirm.</li>
</ol>
<p>Every borrow pays interest every hour at the pool's rate, which rises with the pool's use; a new
borrow pays at once the interest for the rest of the hour (the entry fee). Repay in the Borrow tab.</p>

<h3>Liquidation</h3>
<p>When prices move against you and net equity falls to the maintenance margin, the account is
liquidated, step by step, each step explained in History:</p>
<ol>
<li>every open order is cancelled;</li>
<li>each borrow is repaid from what you hold of the same asset;</li>
<li>while net equity is below the initial margin, your largest collateral is sold at the mark to
repay your largest borrow, with a {percent(a.liquidation_fee, 0)} liquidation fee;</li>
<li>if borrows remain when nothing is left to sell, the rest is written off (bankruptcy).</li>
</ol>
<p>The <b>estimated liquidation price</b> shown in the order forms, the positions panel (each position
and each borrow), on the price chart, in the Withdraw dialog and in the Risk view is the price of one
asset, the others unchanged, at which this would start. It takes your open orders as they rest: an
order that fills on the way there changes it (a resting buy filled as the price falls adds to what
you hold, so liquidation can come sooner), so it is an estimate, not a promise. The Risk view's
what-if panel and stress grid show it for any move you try; nothing is stored.</p>

<h3>What is assumed here</h3>
<p>Backpack publishes its margin functions and weights; where it publishes nothing, the margin model
({escape(MODEL_VERSION)}) makes a choice:</p>
<ul>
<li>trading fees: taker {percent(a.taker_fee)}, maker {percent(a.maker_fee)}; a market order fills at
the mark ± {percent(a.half_spread)};</li>
<li>the borrow rate curve of each pool (a kinked line up to 150 % a year), and pools that move only
with this account's own borrows and lends;</li>
<li>liquidation sells until the <i>initial</i> margin is met again, so the account does not flip in
and out of liquidation;</li>
<li>the haircut of a holding is judged on the whole balance, and Max Account Leverage does not change
the maintenance margin;</li>
<li>prices are a simulation (a seeded random walk by default), not market data.</li>
</ul>
<p>Backpack's own explanation: <a href="{BACKPACK_ARTICLE}">How to borrow on Backpack Exchange</a>.</p>
"""
