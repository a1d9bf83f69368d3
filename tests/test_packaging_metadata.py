"""The wheel carries what the app needs: every package, the bundled snapshot, and a resolver that finds it.

pyproject.toml lists its packages by hand (``resources/`` is mapped to ``desktop.resources``), so a new
sub-package that nobody adds to the list would silently be left out of the wheel and the installers.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
SNAPSHOT_IN_WHEEL = "desktop/resources/parameters/example-snapshot.json"


def setuptools_config() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["setuptools"]


def source_dir(package: str, package_dir: dict[str, str]) -> Path:
    """Where setuptools takes ``package`` from, honouring the longest ``package-dir`` prefix."""
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in package_dir:
            return ROOT / package_dir[prefix] / Path(*parts[cut:])
    base = ROOT / package_dir[""] if "" in package_dir else ROOT
    return base / Path(*parts)


def code_dirs() -> list[Path]:
    """Every directory under desktop/ (itself included) holding Python files or an __init__.py."""
    found = []
    for directory in [PACKAGE, *sorted(p for p in PACKAGE.rglob("*") if p.is_dir())]:
        if directory.name == "__pycache__" or any(part.startswith(".") for part in directory.relative_to(ROOT).parts):
            continue
        if (directory / "__init__.py").is_file() or any(directory.glob("*.py")):
            found.append(directory)
    return found


def test_every_package_under_desktop_is_listed():
    listed = set(setuptools_config()["packages"])
    on_disk = {
        ".".join(directory.relative_to(ROOT).parts)
        for directory in code_dirs()
        if (directory / "__init__.py").is_file()
    }
    missing = sorted(on_disk - listed)
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_no_code_directory_lacks_an_init():
    """A directory of modules without __init__.py would be a namespace package, left out of the wheel."""
    bare = [str(d.relative_to(ROOT)) for d in code_dirs() if not (d / "__init__.py").is_file()]
    assert not bare, f"add an __init__.py to: {bare}"


def test_every_listed_package_exists():
    config = setuptools_config()
    package_dir = config.get("package-dir", {})
    absent = [name for name in config["packages"] if not source_dir(name, package_dir).is_dir()]
    assert not absent, f"listed in pyproject.toml but no directory: {absent}"


# --- the built wheel ------------------------------------------------------------------------

SKIP_TOP = {".git", "build", "dist", "tests", ".pytest_cache", ".hypothesis", ".benchmarks"}


def _ignore(directory: str, names: list[str]) -> set[str]:
    """Leave out build leftovers, caches and any virtual environment (a folder with pyvenv.cfg)."""
    top = Path(directory) == ROOT
    return {
        name
        for name in names
        if (top and name in SKIP_TOP)
        or name == "__pycache__"
        or name.endswith(".egg-info")
        or (Path(directory) / name / "pyvenv.cfg").is_file()
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a clean copy of the checkout (no stale build/ or egg-info of the tree's)."""
    for module in ("setuptools", "wheel"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed; packaging/bootstrap.sh installs it")
    version = metadata.version("setuptools")
    if int(version.split(".")[0]) < 68:
        pytest.skip(f"setuptools {version} is older than pyproject.toml's build requirement (>=68)")
    source = tmp_path_factory.mktemp("source") / "margin-desk"
    shutil.copytree(ROOT, source, ignore=_ignore)
    out = tmp_path_factory.mktemp("wheelhouse")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    wheels = list(out.glob("margin_desk-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, got {[w.name for w in out.iterdir()]}"
    return wheels[0]


def test_wheel_contains_engine_and_bundled_snapshot(wheel):
    """Builds the wheel with pip (no build isolation): it carries the engine and the bundled snapshot."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next((n for n in names if n.endswith(".dist-info/entry_points.txt")), None)
        assert entry_points, "no entry_points.txt in the wheel"
        console = archive.read(entry_points).decode()
    for required in (SNAPSHOT_IN_WHEEL, "desktop/engine/__init__.py", "desktop/paths.py", "desktop/__main__.py"):
        assert required in names, f"{required} missing from {wheel.name}"
    assert not any(name.startswith(("tests/", "resources/")) for name in names), "stray top-level entries in the wheel"
    assert "margin-desk = desktop.__main__:main" in console


def test_resolver_finds_snapshot_inside_unpacked_wheel(wheel, tmp_path):
    """Unpacks the wheel and imports desktop.paths from it: resource_path() must find the snapshot
    inside the unpacked wheel (desktop/resources), not in the source checkout."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import desktop.paths; from desktop.paths import resource_path; "
        "print(desktop.paths.__file__); print(resource_path('parameters/example-snapshot.json'))"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(site)], cwd=site, capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    module_file, snapshot = (Path(line).resolve() for line in result.stdout.splitlines())
    site = site.resolve()
    assert module_file.is_relative_to(site), f"desktop.paths was imported from {module_file}, not the wheel"
    assert snapshot == site / SNAPSHOT_IN_WHEEL
    assert not snapshot.is_relative_to(ROOT)
