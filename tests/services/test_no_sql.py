"""All SQL lives in desktop/store: no module of desktop/services writes SQL, builds a peewee query,
reaches a connection or opens a transaction itself. Services call named store functions and
``Store.transaction``.

Read with ``ast``: imports of peewee, sqlite3, playhouse or the store's models; calls of query
methods on a model, a ``db`` or a ``database``; connection-level calls (``execute_sql``, ``atomic``,
``cursor``…) on anything; and string constants that read as SQL.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "desktop" / "services"

FORBIDDEN_IMPORTS = ("peewee", "playhouse", "sqlite3", "desktop.store.models")
# Methods that only a connection or a cursor has: forbidden on any receiver.
CONNECTION_CALLS = {"execute_sql", "executemany", "executescript", "atomic", "cursor", "delete_instance"}
# Query-building methods: forbidden on a model, a db or a database (dict.update and friends stay fine).
QUERY_CALLS = {
    "select",
    "insert",
    "insert_many",
    "update",
    "delete",
    "create",
    "get",
    "get_or_none",
    "get_or_create",
    "get_by_id",
    "where",
    "order_by",
    "dicts",
    "tuples",
    "scalar",
    "exists",
    "execute",
    "save",
    "raw",
}
QUERY_RECEIVERS = {"models", "peewee", "db", "database", "connection", "cursor"}
SQL = re.compile(
    r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|"
    r"ALTER\s+TABLE|DROP\s+(TABLE|INDEX)|PRAGMA\s+\w+|BEGIN(\s+(IMMEDIATE|EXCLUSIVE|DEFERRED))?\s*;?$|ROLLBACK|COMMIT\s*;?$)",
    re.DOTALL,  # SQL here is written in capitals; prose ("select an account from…") is not
)


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")[: -node.level]
    return ".".join(parts + ([node.module] if node.module else []))


def _receivers(node: ast.AST) -> set[str]:
    """Every name and attribute along a call's receiver chain (``self.store.db`` → self, store, db)."""
    names = set()
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


def sql_sites(path: Path, module: str) -> list[str]:
    """``line: what`` for every SQL site in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            names = []
        for name in names:
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_IMPORTS):
                sites.append(f"{node.lineno}: imports {name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in CONNECTION_CALLS:
                sites.append(f"{node.lineno}: calls .{method}()")
            elif method in QUERY_CALLS and _receivers(node.func.value) & QUERY_RECEIVERS:
                sites.append(f"{node.lineno}: builds a query with .{method}()")
        if isinstance(node, ast.Attribute) and node.attr in ("db", "database") and isinstance(node.ctx, ast.Load):
            sites.append(f"{node.lineno}: reaches the connection (.{node.attr})")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            sites.append(f"{node.lineno}: SQL text {node.value[:40]!r}")
    return sorted(set(sites), key=lambda site: int(site.split(":")[0]))


def test_no_module_of_the_services_contains_sql():
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found += [f"{path.relative_to(ROOT)}:{site}" for site in sql_sites(path, module)]
    assert not found, "SQL belongs in desktop/store (a named store function):\n" + "\n".join(found)


def test_the_checker_finds_every_kind_of_sql_site(tmp_path):
    """Each way services used to reach the database is caught; ordinary Python is not."""
    source = tmp_path / "sample.py"
    source.write_text(
        "import peewee\n"
        "from ..store import models\n"
        "from ..store.models import Account\n"
        "import sqlite3 as lite\n"
        "names = models.Account.select(models.Account.name)\n"
        "row = models.Account.get_or_none(models.Account.name == 'x')\n"
        "cursor = models.database.execute_sql('SELECT 1 FROM t')\n"
        "with self.store.db.atomic():\n"
        "    pass\n"
        "row.delete_instance(recursive=True)\n"
        'QUERY = \'SELECT "id" FROM "ledger_event" WHERE "account_id" = ?\'\n'
        "WRITE = 'INSERT OR REPLACE INTO \"balance\" VALUES (?)'\n"
        "db.execute('PRAGMA quick_check')\n"
        # ordinary Python that must pass:
        "totals.update(more)\n"
        "value = cache.get(name)\n"
        "text = 'Select an account from the list, then delete it.'\n"
        "self.create(name)\n"
        "from ..store import history\n"
        "events = history.newest_events(account_id)\n"
    )
    sites = sql_sites(source, "desktop.services.sample")
    flagged_lines = {int(site.split(":")[0]) for site in sites}
    assert flagged_lines == {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13}, sites
