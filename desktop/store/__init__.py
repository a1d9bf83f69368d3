"""The local store: an append-only ledger of account events in one SQLite file (peewee, WAL mode)."""
