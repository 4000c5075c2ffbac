"""The package's shape, read from its source: small modules, one home for the command
line and for process pools, no import cycle at module level."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "resetsim"
MODULES = sorted(PACKAGE.rglob("*.py"))
POOLS = {"ProcessPoolExecutor", "Pool", "LocalCluster", "Client"}
"""Names whose call starts worker processes or a Dask cluster."""


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _module_imports(path: Path) -> set[str]:
    """resetsim modules imported when ``path`` is imported (not inside functions, not
    under ``if TYPE_CHECKING``)."""
    found: set[str] = set()
    body = list(_tree(path).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.If | ast.Try | ast.With):
            body.extend(ast.iter_child_nodes(node))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("resetsim"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("resetsim"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}  # fmt: skip
    assert not long


def test_only_the_cli_package_imports_typer():
    users = [
        _name(p)
        for p in MODULES
        if any(
            (isinstance(n, ast.Import) and any(a.name == "typer" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and n.module == "typer")
            for n in ast.walk(_tree(p))
        )
    ]
    assert users and all(u.startswith("resetsim.cli") for u in users), users


def test_only_the_batch_executors_start_worker_processes():
    # one pipeline: every ensemble runs on resetsim.batch's executors (run_ensemble)
    starters = set()
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in POOLS:
                    starters.add(_name(path))
    assert starters == {"resetsim.batch.executors"}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (module -> modules it imports), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_no_import_cycle_between_modules():
    names = {_name(p): p for p in MODULES}
    graph = {
        name: {m for m in _module_imports(path) if m in names and m != name}
        for name, path in names.items()
    }
    # a package imports its submodules to re-export them; an import of a submodule
    # runs its package first, which is not a cycle of the code's dependencies
    graph = {n: {m for m in deps if not m.startswith(n + ".")} for n, deps in graph.items()}
    assert _cycle(graph) == []


CYCLIC = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
CHAIN = {"a": {"b", "c"}, "b": {"c"}, "c": set()}


@pytest.mark.parametrize("graph,cyclic", [(CYCLIC, True), (CHAIN, False)])
def test_the_cycle_finder_finds_a_cycle_and_no_other(graph, cyclic):
    assert bool(_cycle(graph)) == cyclic
