"""The one boundary for outside data: every file, document and field from outside the app passes here.

ACCOUNT.json, parameter snapshots, ACTIONS.json, scenario scripts, CSV price feeds, imported
accounts (and later Backpack's API responses) are read with these modules, so the engine behind them
only ever meets values it can compute with and round:

- ``bounds``: the stated limits, in one place (sizes, nesting, amounts, prices, ids, the clock's span);
- ``files``: regular files only, read up to a size bound (no FIFO hangs, no /dev/zero), strict UTF-8;
- ``json_text``: a strict JSON loader (duplicate keys, NaN, deep nesting and oversized text refused;
  numbers kept exact as Decimal);
- ``number_text``: numbers written as text, ASCII digits only (no "1_000", no other scripts' digits);
- ``fields``: typed readers for amounts, prices, ids, symbols, flags, objects and lists;
- ``times``: ISO 8601 times within the supported span;
- ``snapshot``: the shape of a parameter snapshot and the range of every parameter;
- ``text``: messages stripped of control characters and cut to a readable length.

Every refusal is an ``InputError`` naming the field; the command line turns it into exit 2 and one
line on stderr. Nothing here imports the rest of the engine except ``errors`` and ``numbers``.
"""
