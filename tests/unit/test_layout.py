"""The package layout stays the way docs/architecture.md describes it: one subpackage per
stage, few loose modules, small modules, dependencies pointing downstream only (as each
package's ``__init__`` docstring declares under "May import:"), no import cycle (function-
level imports included), streamlit only in the app, and every third-party module the code
imports declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "dashboard"
MAX_LINES = 450
LOOSE_ALLOWED = {"cli", "model", "errors", "config"}
# What the loose modules may import (packages declare theirs in their docstrings).
LOOSE_DEPS = {"errors": set(), "config": set(), "util": {"errors"}, "model": {"errors", "util"}}
SHELLS = {"cli", "app"}  # thin shells: may import any core stage, never each other


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


@lru_cache(maxsize=None)
def _imports(path: Path) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """(module, names, line) of every import statement, at any depth; relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = list(path.relative_to(ROOT).with_suffix("").parts) if path.is_relative_to(ROOT) else [path.stem]
    package = here[:-1] if here[-1] != "__init__" else here[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, (), node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, tuple(a.name for a in node.names), node.lineno))
    return tuple(out)


def _edges(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the dashboard modules it imports (``from pkg import submodule`` counts as
    importing the submodule)."""
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m, path in mods.items():
        for mod, names, _line in _imports(path):
            if not mod.startswith("dashboard"):
                continue
            targets = [f"{mod}.{n}" for n in names if f"{mod}.{n}" in mods] or [mod]
            graph[m].update(t for t in targets if t in mods and t != m)
    return graph


def _area(module: str) -> str:
    """The stage package (or loose module) a dashboard module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dashboard"


def _declared_deps(area: str) -> set[str]:
    if area in LOOSE_DEPS:
        return LOOSE_DEPS[area]
    doc = ast.get_docstring(ast.parse((PKG / area / "__init__.py").read_text(encoding="utf-8"))) or ""
    m = re.search(r"May import:(.*)", doc, re.S)
    assert m, f"dashboard/{area}/__init__.py: the docstring must say what the package may import ('May import: …')"
    return set(re.findall(r"dashboard\.(\w+)", m.group(1)))


def test_one_subpackage_per_stage_and_few_loose_modules():
    packages = sorted(p.name for p in PKG.iterdir() if (p / "__init__.py").is_file())
    loose = sorted(p.stem for p in PKG.glob("*.py") if p.name != "__init__.py")
    stages = {"ingest", "gazetteer", "geoparse", "extract", "fuse", "store", "mapping", "export", "app"}
    assert stages <= set(packages), f"missing stage packages: {stages - set(packages)}"
    assert len(packages) >= 6
    assert set(loose) <= LOOSE_ALLOWED, f"loose modules beside the packages: {set(loose) - LOOSE_ALLOWED}"


def test_no_module_is_too_long():
    long = {str(p.relative_to(ROOT)): n for p in PKG.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by responsibility (over {MAX_LINES} lines): {long}"


def test_every_package_says_what_goes_in_and_out_and_what_it_may_import():
    for init in sorted(PKG.rglob("__init__.py")):
        if init.parent == PKG:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{init.relative_to(ROOT)} needs a docstring: in, out, may import"
        if init.parent.parent == PKG and init.parent.name not in SHELLS:
            assert "May import:" in doc, f"{init.relative_to(ROOT)}: say what the package may import"


def test_dependencies_point_downstream_as_declared():
    mods = _modules()
    bad = []
    for m, targets in _edges(mods).items():
        src = _area(m)
        if src == "dashboard":
            src = m.split(".")[1] if "." in m else "dashboard"
        for t in targets:
            dst = _area(t)
            if dst in (src, "dashboard"):
                continue
            if src in SHELLS:
                ok = dst not in SHELLS
            else:
                ok = dst in _declared_deps(src)
            if not ok:
                bad.append(f"{m} imports {t}")
    assert not bad, "imports against the declared direction:\n" + "\n".join(sorted(bad))


def test_no_import_cycle():
    graph = _edges(_modules())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_layout_checks_can_fail(tmp_path):
    """The cycle and direction checks see function-level imports too."""
    src = "def f():\n    from dashboard.app import main\n"
    path = tmp_path / "x.py"
    path.write_text(src)
    assert ("dashboard.app", ("main",), 2) in _imports(path)


def test_streamlit_only_in_the_app():
    for m, path in _modules().items():
        if m.startswith("dashboard.app"):
            continue
        for mod, _names, line in _imports(path):
            assert not mod.split(".")[0] in ("streamlit", "streamlit_folium"), \
                f"{path.relative_to(ROOT)}:{line} imports {mod}: only dashboard/app/ may"


def _top_level_imports() -> dict[str, str]:
    out = {}
    for path in [*PKG.rglob("*.py"), *(ROOT / "geodata").glob("*.py")]:
        for mod, _names, line in _imports(path):
            top = mod.split(".")[0]
            if top and top not in sys.stdlib_module_names and top not in ("dashboard", "geodata", "__future__"):
                out.setdefault(top, f"{path.relative_to(ROOT)}:{line}")
    return out


def _declared_distributions() -> set[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(meta["project"]["dependencies"])
    for extra in meta["project"].get("optional-dependencies", {}).values():
        reqs += extra
    return {re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}


def test_every_imported_third_party_module_is_declared():
    from importlib.metadata import packages_distributions

    dists = packages_distributions()
    declared = _declared_distributions()
    missing = {}
    for top, where in _top_level_imports().items():
        owners = {d.lower().replace("_", "-") for d in dists.get(top, [top])}
        if not owners & declared:
            missing[top] = where
    assert not missing, f"imported but not declared in pyproject.toml (module: first use): {missing}"


def test_every_dependency_has_a_lower_bound():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(meta["project"]["dependencies"])
    for extra in meta["project"].get("optional-dependencies", {}).values():
        reqs += extra
    unbounded = [r for r in reqs if not re.search(r">=|==|~=", r)]
    assert not unbounded, f"give these a lower bound: {unbounded}"
