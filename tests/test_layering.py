"""Layers depend downward only (PRODUCT.md §4): views -> Qt models -> services -> store / engine.

- ``desktop/engine`` is pure Decimal: it imports no Qt, no database, no plotting, no numpy, and nothing
  of ``desktop`` outside ``desktop.engine``.
- ``desktop/store`` and ``desktop/services`` (once they exist) import no widgets and nothing of the
  layers above them (``desktop.views``, ``desktop.charts``, ``desktop.models``).
- The folders by job: ``desktop/text`` is as pure as the engine; ``desktop/tasks`` builds no widgets;
  ``desktop/cli`` loads Qt only for the window command; ``desktop/views/partials`` knows none of the
  views; every module of ``desktop/charts`` draws with pyqtgraph; ``desktop/models`` loads no widgets.

Imports are read with ``ast``: ``import x``, ``from x import y`` (``y`` may be a module), relative
imports (``from ..views import x`` climbs out of the package), and ``importlib.import_module("x")`` /
``__import__("x")`` with a literal name, wherever they stand (functions and ``TYPE_CHECKING`` too).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "desktop"

ENGINE_FORBIDDEN_ROOTS = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "peewee", "pyqtgraph", "numpy")
LOWER_LAYER_FORBIDDEN = ("PySide6.QtWidgets", "pyqtgraph", "desktop.views", "desktop.charts", "desktop.models")
LOWER_LAYERS = ("store", "services")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in ``path``; names that may be modules included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                if node.level - 1 >= len(parts):
                    yield node.lineno, "<relative import beyond the top-level package>"
                    continue
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            yield node.lineno, base
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{base}.{alias.name}"
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def engine_violation(name: str) -> bool:
    if name.startswith("<"):
        return True
    if name.split(".")[0] in ENGINE_FORBIDDEN_ROOTS:
        return True
    return within(name, "desktop") and not within(name, "desktop.engine")


def lower_layer_violation(name: str) -> bool:
    return name.startswith("<") or any(within(name, forbidden) for forbidden in LOWER_LAYER_FORBIDDEN)


def violations(directory: Path, rule: Callable[[str], bool]) -> list[str]:
    found = []
    for path in sorted(directory.rglob("*.py")):
        for line, name in imported_modules(path):
            if rule(name):
                found.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    return sorted(set(found))


def test_engine_imports_only_the_standard_library_and_itself():
    assert (DESKTOP / "engine" / "__init__.py").is_file()
    bad = violations(DESKTOP / "engine", engine_violation)
    assert not bad, (
        "the engine must stay pure (no Qt, peewee, pyqtgraph, numpy, other desktop packages):\n" + "\n".join(bad)
    )


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_store_and_services_import_no_widgets_and_no_upper_layer(layer):
    directory = DESKTOP / layer
    if not directory.is_dir():
        pytest.skip(f"desktop/{layer} does not exist yet")
    bad = violations(directory, lower_layer_violation)
    assert not bad, f"desktop/{layer} must not import widgets, charts, views or Qt models:\n" + "\n".join(bad)


def test_importing_the_engine_loads_no_qt_database_or_plotting():
    code = (
        "import desktop.engine, sys; "
        "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','peewee','pyqtgraph','numpy')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing desktop.engine loaded {result.stdout.strip()} {result.stderr}"


@pytest.mark.parametrize("layer", LOWER_LAYERS)
def test_importing_store_and_services_loads_no_widgets(layer):
    if not (DESKTOP / layer / "__init__.py").is_file():
        pytest.skip(f"desktop/{layer} does not exist yet")
    code = (
        f"import desktop.{layer}, sys; "
        "bad=[m for m in sys.modules if m == 'PySide6.QtWidgets' or m.split('.')[0] == 'pyqtgraph' "
        "or m.split('.')[:2] in (['desktop','views'], ['desktop','charts'], ['desktop','models'])]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing desktop.{layer} loaded {result.stdout.strip()} {result.stderr}"


# --- the checker itself -----------------------------------------------------------------------


def test_checker_sees_every_kind_of_import(tmp_path, monkeypatch):
    """The rules catch absolute, from-, relative-climbing and dynamic imports, and allow in-engine ones."""
    fake_root = tmp_path
    engine = fake_root / "desktop" / "engine"
    engine.mkdir(parents=True)
    (fake_root / "desktop" / "__init__.py").write_text("")
    (engine / "__init__.py").write_text("from .numbers import ZERO\nfrom . import valuation\n")
    (engine / "bad.py").write_text(
        "import numpy as np\n"
        "from PySide6 import QtCore\n"
        "from .. import cli\n"
        "from ..paths import resource_path\n"
        "from desktop.engine.numbers import ZERO\n"
        "from ...outside import x\n"
        "def later():\n"
        "    import peewee\n"
        "    import importlib\n"
        "    importlib.import_module('pyqtgraph')\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "ROOT", fake_root)
    bad = violations(engine, engine_violation)
    flagged = {entry.split(": ", 1)[1] for entry in bad}
    assert flagged == {
        "numpy",
        "PySide6",
        "PySide6.QtCore",
        "desktop",
        "desktop.cli",
        "desktop.paths",
        "desktop.paths.resource_path",
        "<relative import beyond the top-level package>",
        "peewee",
        "pyqtgraph",
    }
    assert all("__init__.py" not in entry for entry in bad)

    services = fake_root / "desktop" / "services"
    services.mkdir()
    (services / "__init__.py").write_text(
        "from PySide6 import QtCore, QtWidgets\nfrom ..models import AccountModel\nfrom ..engine import Account\n"
    )
    flagged = {entry.split(": ", 1)[1] for entry in violations(services, lower_layer_violation)}
    assert flagged == {"PySide6.QtWidgets", "desktop.models", "desktop.models.AccountModel"}


def upper_layer_violation(name: str) -> bool:
    """Views and charts reach the services and the store only through desktop.models."""
    return any(within(name, forbidden) for forbidden in ("desktop.services", "desktop.store", "peewee"))


@pytest.mark.parametrize("layer", ("views", "charts"))
def test_views_and_charts_reach_services_only_through_models(layer):
    bad = violations(DESKTOP / layer, upper_layer_violation)
    assert not bad, "views and charts talk to the services through desktop.models:\n" + "\n".join(bad)


def test_models_import_no_widgets():
    bad = violations(
        DESKTOP / "models",
        lambda name: (
            within(name, "PySide6.QtWidgets") or within(name, "desktop.views") or within(name, "desktop.charts")
        ),
    )
    assert not bad, "\n".join(bad)


# --- the folders by job -----------------------------------------------------------------------

QT_OR_PLOTTING = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pyqtgraph")


def text_violation(name: str) -> bool:
    """desktop/text is as pure as the engine: it formats Decimal and reads the engine's types."""
    if name.startswith("<") or name.split(".")[0] in ENGINE_FORBIDDEN_ROOTS:
        return True
    return within(name, "desktop") and not (within(name, "desktop.engine") or within(name, "desktop.text"))


def test_text_is_as_pure_as_the_engine():
    bad = violations(DESKTOP / "text", text_violation)
    assert not bad, "desktop/text imports only the standard library, the engine and itself:\n" + "\n".join(bad)


def test_tasks_build_no_widgets():
    forbidden = ("PySide6.QtWidgets", "pyqtgraph", "desktop.views", "desktop.charts")
    bad = violations(DESKTOP / "tasks", lambda name: any(within(name, f) for f in forbidden))
    assert not bad, "background tasks report through signals; they build no widgets:\n" + "\n".join(bad)


def top_level_imports(path: Path) -> Iterator[tuple[int, str]]:
    """Like ``imported_modules`` but only what runs when the module is imported (not inside functions)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)] + ([node.module] if node.module else []))
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def test_the_command_line_loads_qt_only_for_the_window():
    """Each command is its own module; only ``window`` may bring Qt, and only when it runs."""
    forbidden = (*QT_OR_PLOTTING, "desktop.app", "desktop.views", "desktop.charts", "desktop.models")
    bad = []
    for path in sorted((DESKTOP / "cli").glob("*.py")):
        for line, name in top_level_imports(path):
            if any(within(name, f) for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert not bad, "desktop/cli imports no Qt when a command module is imported:\n" + "\n".join(bad)
    modules = [f"desktop.cli.{path.stem}" for path in sorted((DESKTOP / "cli").glob("*.py"))]
    code = (
        f"import importlib, sys; [importlib.import_module(m) for m in {modules!r}]; "
        f"bad=[m for m in sys.modules if m.split('.')[0] in {QT_OR_PLOTTING!r}]; print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing desktop.cli's modules loaded {result.stdout.strip()} {result.stderr}"


def test_shared_widgets_know_nothing_of_the_views_that_use_them():
    def partial_violation(name: str) -> bool:
        if within(name, "desktop.views") and not within(name, "desktop.views.partials"):
            return True
        return any(within(name, f) for f in ("desktop.charts", "desktop.services", "desktop.store", "pyqtgraph"))

    bad = violations(DESKTOP / "views" / "partials", partial_violation)
    assert not bad, "desktop/views/partials is shared by the views and imports none of them:\n" + "\n".join(bad)


CHART_COMMON = ("desktop.charts.common",)


def test_charts_hold_pyqtgraph_code_only():
    """Every module in desktop/charts imports pyqtgraph, or the charts' common module that binds it."""
    lacking = []
    for path in sorted((DESKTOP / "charts").glob("*.py")):
        if path.name == "__init__.py":
            continue
        names = {name for _line, name in imported_modules(path)}
        if not any(within(name, "pyqtgraph") or any(within(name, c) for c in CHART_COMMON) for name in names):
            lacking.append(str(path.relative_to(ROOT)))
    assert not lacking, "modules in desktop/charts that draw nothing with pyqtgraph:\n" + "\n".join(lacking)


def test_models_import_no_plotting_and_load_no_widgets():
    bad = violations(DESKTOP / "models", lambda name: within(name, "pyqtgraph"))
    assert not bad, "\n".join(bad)
    modules = [f"desktop.models.{path.stem}" for path in sorted((DESKTOP / "models").glob("*.py"))]
    code = (
        f"import importlib, sys; [importlib.import_module(m) for m in {modules!r}]; "
        "bad=[m for m in sys.modules if m == 'PySide6.QtWidgets' or m.split('.')[0] == 'pyqtgraph']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"importing desktop.models loaded {result.stdout.strip()} {result.stderr}"


def test_the_change_a_view_reads_is_plain_python():
    """The change value crosses from the session to every view; it carries no Qt."""
    names = {name for _line, name in imported_modules(DESKTOP / "models" / "change.py")}
    assert "desktop.engine.vocabulary" in names
    assert not [name for name in names if name.split(".")[0] in QT_OR_PLOTTING]


def test_top_level_imports_leave_out_what_a_function_imports():
    window = DESKTOP / "cli" / "window.py"
    assert "desktop.app" in {name for _line, name in imported_modules(window)}
    assert "desktop.app" not in {name for _line, name in top_level_imports(window)}
