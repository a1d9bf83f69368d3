"""Schema versions and their migration steps (Vorta's pattern, with frozen SQL).

Each step turns version N−1 into N and runs inside one transaction together with the version bump;
``db.open_store`` copies the file aside before the first step. Table and column names are frozen
strings here, never taken from the models, so an old step means the same thing forever.
"""

from __future__ import annotations

SCHEMA_V1 = [
    'CREATE TABLE "parameter_snapshot" ("id" INTEGER NOT NULL PRIMARY KEY, "sha256" TEXT NOT NULL, "content" TEXT NOT NULL, "source" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "parameter_snapshot_sha256" ON "parameter_snapshot" ("sha256")',
    'CREATE TABLE "account" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "snapshot_id" INTEGER NOT NULL, "created_at" TEXT NOT NULL, "clock" INTEGER NOT NULL, "leverage_limit" INTEGER NOT NULL, "auto_lend" INTEGER NOT NULL, "auto_repay_borrows" INTEGER NOT NULL, "last_order_id" INTEGER NOT NULL, FOREIGN KEY ("snapshot_id") REFERENCES "parameter_snapshot" ("id") ON DELETE RESTRICT)',
    'CREATE UNIQUE INDEX "account_name" ON "account" ("name")',
    'CREATE INDEX "account_snapshot_id" ON "account" ("snapshot_id")',
    'CREATE TABLE "balance" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "available" TEXT NOT NULL, "locked" TEXT NOT NULL, "lent" TEXT NOT NULL, "borrowed" TEXT NOT NULL, "pending_borrow" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "balance_account_id" ON "balance" ("account_id")',
    'CREATE UNIQUE INDEX "balance_account_id_symbol" ON "balance" ("account_id", "symbol")',
    'CREATE TABLE "equity_snapshot" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "time" INTEGER NOT NULL, "net_equity" REAL NOT NULL, "initial_margin" REAL NOT NULL, "maintenance_margin" REAL NOT NULL, "margin_fraction" REAL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "equity_snapshot_account_id" ON "equity_snapshot" ("account_id")',
    'CREATE INDEX "equity_snapshot_account_id_time" ON "equity_snapshot" ("account_id", "time")',
    'CREATE TABLE "ledger_event" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "time" INTEGER NOT NULL, "type" TEXT NOT NULL, "symbol" TEXT NOT NULL, "quantity" TEXT, "price" TEXT, "order_id" TEXT, "reason" TEXT, "details" TEXT NOT NULL, "balance_changes" TEXT NOT NULL, "pool_changes" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "ledger_event_account_id" ON "ledger_event" ("account_id")',
    'CREATE INDEX "ledger_event_account_id_time" ON "ledger_event" ("account_id", "time")',
    'CREATE TABLE "mark_price" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "price" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "mark_price_account_id" ON "mark_price" ("account_id")',
    'CREATE UNIQUE INDEX "mark_price_account_id_symbol" ON "mark_price" ("account_id", "symbol")',
    'CREATE TABLE "open_order" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "order_id" TEXT NOT NULL, "symbol" TEXT NOT NULL, "side" TEXT NOT NULL, "price" TEXT NOT NULL, "quantity" TEXT NOT NULL, "margin" INTEGER NOT NULL, "paying_asset" TEXT NOT NULL, "locked" TEXT NOT NULL, "pending_borrow" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "open_order_account_id" ON "open_order" ("account_id")',
    'CREATE UNIQUE INDEX "open_order_account_id_order_id" ON "open_order" ("account_id", "order_id")',
    'CREATE TABLE "pool_state" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "lent_quantity" TEXT NOT NULL, "borrowed_quantity" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "pool_state_account_id" ON "pool_state" ("account_id")',
    'CREATE UNIQUE INDEX "pool_state_account_id_symbol" ON "pool_state" ("account_id", "symbol")',
    'CREATE TABLE "price_tick" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "time" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "price" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "price_tick_account_id" ON "price_tick" ("account_id")',
    'CREATE INDEX "price_tick_account_id_symbol_time" ON "price_tick" ("account_id", "symbol", "time")',
]

# Version 2 keeps each account's price feed (kind, seed, script, position) so a restarted
# simulation continues the same price path.
SCHEMA_V2 = [
    'ALTER TABLE "account" ADD COLUMN "feed_kind" TEXT NOT NULL DEFAULT \'random-walk\'',
    'ALTER TABLE "account" ADD COLUMN "feed_seed" INTEGER NOT NULL DEFAULT 1',
    'ALTER TABLE "account" ADD COLUMN "feed_source" TEXT',
    'ALTER TABLE "account" ADD COLUMN "feed_ticks" INTEGER NOT NULL DEFAULT 0',
]

# Version 3 moves the feed's text out of the account row, which every tick rewrites (a 1-million-row
# CSV made each tick about 100 times slower): a scenario or an older CSV in "feed_source", and the
# validated rows of a CSV in "feed_price", read a tick's window at a time.
SCHEMA_V3 = [
    'CREATE TABLE "feed_source" ("account_id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'INSERT INTO "feed_source" ("account_id", "text") SELECT "id", "feed_source" FROM "account" WHERE "feed_source" IS NOT NULL',
    'ALTER TABLE "account" DROP COLUMN "feed_source"',
    'CREATE TABLE "feed_price" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "time" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "price" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "feed_price_account_id_symbol_time" ON "feed_price" ("account_id", "symbol", "time")',
]

# Version 4 adds perpetual futures (MARGIN_MODEL.md §10) and where an account came from:
# - "position": each open perp position (signed net quantity, entry and settled prices) and what it has
#   paid and realized since it opened (opened_at, funding, fees, realized_pnl), one row per market;
# - "open_order" gains "reduce_only" and "market_type": a perp order rests in the same book as a spot
#   order (one id sequence, one unique index, fills oldest first across both), and the columns it has
#   no use for hold the neutral values a perp order carries (locked and pending_borrow 0, margin 0,
#   paying_asset USDC), so one table keeps the book whole and every existing row stays a spot order;
# - "account" gains "origin": "simulated", "imported" (from an ACCOUNT.json) or "backpack" (a mirror).
SCHEMA_V4 = [
    'ALTER TABLE "account" ADD COLUMN "origin" TEXT NOT NULL DEFAULT \'simulated\'',
    'ALTER TABLE "open_order" ADD COLUMN "reduce_only" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "open_order" ADD COLUMN "market_type" TEXT NOT NULL DEFAULT \'SPOT\'',
    'CREATE TABLE "position" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "symbol" TEXT NOT NULL, "net_quantity" TEXT NOT NULL, "entry_price" TEXT NOT NULL, "settled_price" TEXT NOT NULL, "opened_at" INTEGER NOT NULL, "funding" TEXT NOT NULL, "fees" TEXT NOT NULL, "realized_pnl" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "position_account_id_symbol" ON "position" ("account_id", "symbol")',
]

# Version 5 indexes the ledger by event type: "the latest AlertSettings" (RiskAlert, LiquidationAcknowledged,
# the latest fills, ...) walked the account's whole ledger backwards, about 20 ms on 26,000 events. SQLite
# keeps the rowid ("id") at the end of every index, so this one also reads a type's events in id order.
SCHEMA_V5 = [
    'CREATE INDEX "ledger_event_account_id_type" ON "ledger_event" ("account_id", "type")',
]

# Version 6 drops two indexes every tick paid for and no read needs: "price_tick_account_id" and
# "equity_snapshot_account_id" each repeat the first column of the (account, symbol, time) and (account, time)
# indexes, which serve every read by account (and the cascade of an account's deletion) as well. A tick wrote
# fourteen price ticks and a snapshot into them: fifteen index entries and two log pages less per tick.
SCHEMA_V6 = [
    'DROP INDEX "price_tick_account_id"',
    'DROP INDEX "equity_snapshot_account_id"',
]

MIGRATIONS: dict[int, list[str]] = {
    1: SCHEMA_V1,
    2: SCHEMA_V2,
    3: SCHEMA_V3,
    4: SCHEMA_V4,
    5: SCHEMA_V5,
    6: SCHEMA_V6,
}
SCHEMA_VERSION = max(MIGRATIONS)
SCHEMA_VERSION_TABLE = 'CREATE TABLE IF NOT EXISTS "schema_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL, "changed_at" TEXT NOT NULL)'
