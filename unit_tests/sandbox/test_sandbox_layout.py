"""The sandbox package stays layered: no import cycles (lazy imports included), imports only go down the
layers, no module grows past a few hundred lines, and every endpoint module is registered."""

import ast
import importlib
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2] / "tiktok_shop_sandbox"
PKG = ROOT.name
MAX_LINES = 400

# Lowest layer first; a module may import modules of its own layer or below. Sub-packages count as their name.
LAYERS = [
    {"constants", "ids", "dates", "money", "errors", "signing", "ratelimit"},  # vocabulary and helpers
    {"cores", "shop"},  # stored state
    {"records"},  # pure record builders, one module per API area
    {"generate", "mutations", "views", "dataset", "affiliate"},  # the world: building, changing, reading it
    {"pagination", "faults", "tokens", "endpoints", "gateway", "server"},  # serving requests
    {"sandbox", "__main__", ""},  # the public surface ("" = the package itself)
]


def _modules(root: pathlib.Path) -> dict:
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(root: pathlib.Path = ROOT) -> dict:
    """module -> modules of the package it imports anywhere in its body (functions included).

    `from . import x` counts as importing the submodule x; a module's own parent packages are left out,
    since Python always initializes those first.
    """
    modules = _modules(root)
    graph = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        ancestors = {".".join(package[:i]) for i in range(1, len(package) + 1)}
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                edges.add(target)
                edges.update(f"{target}.{a.name}" for a in node.names)
        graph[name] = sorted(e for e in edges if e in modules and e != name and e not in ancestors)
    return graph


def find_cycle(graph: dict) -> list:
    """One import cycle as [a, b, ..., a], or [] when there is none."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def layer(module: str) -> int:
    top = module[len(PKG) + 1 :].split(".")[0] if module != PKG else ""
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module} has no layer: add it to LAYERS in {pathlib.Path(__file__).name}")


def test_the_checker_finds_a_cycle_through_a_lazy_import(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import x\n")
    (pkg / "a.py").write_text("from . import errors\nx = 1\n")
    (pkg / "errors.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("def f():\n    from ..a import x\n    return x\n")
    assert find_cycle(import_graph(pkg)) == []  # a package importing its own modules is no cycle
    (pkg / "errors.py").write_text("def g():\n    from .sub import b\n")
    assert import_graph(pkg)["pkg.sub.b"] == ["pkg.a"]
    assert find_cycle(import_graph(pkg)) == ["pkg.a", "pkg.errors", "pkg.sub.b", "pkg.a"]


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_imports_only_go_down_the_layers():
    wrong = [
        f"{m} (layer {layer(m)}) imports {d} (layer {layer(d)})" for m, deps in import_graph().items() for d in deps if layer(d) > layer(m)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by API area or layer"


def test_every_endpoint_module_is_registered_with_a_known_group():
    endpoints = importlib.import_module(f"{PKG}.endpoints")
    from tiktok_shop_sandbox.tokens import GROUP_SCOPES

    on_disk = {p.stem for p in (ROOT / "endpoints").glob("*.py")} - {"__init__", "common"}
    assert {m.__name__.rsplit(".", 1)[1] for m in endpoints.MODULES} == on_disk
    assert {r.group for r in endpoints.ROUTES if r.group is not None} <= set(GROUP_SCOPES)
    names = [r.name for r in endpoints.ROUTES]
    assert len(names) == len(set(names)), "route names must be unique (they key the rate limiter)"
