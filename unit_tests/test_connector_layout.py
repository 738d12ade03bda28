"""The connector package has no import cycle (imports inside functions included), and the README's
layout table names every module of it."""

import pathlib

from sandbox.test_sandbox_layout import find_cycle, import_graph

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "source_tiktok_shop"


def test_no_import_cycles():
    graph = import_graph(PACKAGE)
    assert "source_tiktok_shop.streams.base" in graph, "the graph must cover the streams package"
    cycle = find_cycle(graph)
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_readme_layout_table_names_every_module():
    readme = (ROOT / "README.md").read_text()
    layout = readme[readme.index("## Layout") :]
    layout = layout[: layout.index("\n## ")] if "\n## " in layout else layout
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.name == "__init__.py":
            continue
        named = f"{relative.name}`" in layout  # `source_tiktok_shop/x.py` or `x.py`
        # The tables' own modules, one per API area, share one row.
        in_area = relative.parts[0] == "streams" and "`source_tiktok_shop/streams/<area>.py`" in layout
        if not named and not in_area:
            missing.append(str(relative))
    assert not missing, f"README.md's layout table does not name: {', '.join(missing)}"
