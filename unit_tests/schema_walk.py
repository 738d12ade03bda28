"""Helpers shared by the schema tests: load a table's schema and walk its properties."""

import json
from typing import Any, Dict, Iterator, Mapping, Set, Tuple

from source_tiktok_shop.streams.base import SCHEMAS_DIR

SHOP_ID = "7495274531001436791"


def load(name: str) -> Dict[str, Any]:
    return json.loads((SCHEMAS_DIR / f"{name}.json").read_text())


def types_of(node: Mapping[str, Any]) -> Set[str]:
    t = node.get("type", [])
    return {t} if isinstance(t, str) else set(t)


def walk(node: Mapping[str, Any], path: str = "") -> Iterator[Tuple[str, str, Dict[str, Any]]]:
    """Yield (path, property name, property schema) for every property at every depth, array items included."""
    for name, prop in (node.get("properties") or {}).items():
        here = f"{path}.{name}" if path else name
        yield here, name, prop
        yield from walk(prop, here)
        items = prop.get("items")
        if isinstance(items, dict):
            yield from walk(items, here + "[]")


def objects(node: Mapping[str, Any], path: str = "$") -> Iterator[Tuple[str, Mapping[str, Any]]]:
    """Yield every schema node that describes an object (root, nested properties, array items)."""
    if "object" in types_of(node) or "properties" in node:
        yield path, node
    for name, prop in (node.get("properties") or {}).items():
        yield from objects(prop, f"{path}.{name}")
    items = node.get("items")
    if isinstance(items, dict):
        yield from objects(items, path + "[]")


def id_type_problems(schema: Mapping[str, Any]) -> list:
    """Every `id`/`*_id` not typed as a (nullable) string, and every `*_ids` whose items are not strings."""
    bad = []
    for where, name, prop in walk(schema):
        if name == "id" or name.endswith("_id"):
            if "string" not in types_of(prop) or types_of(prop) - {"null", "string"}:
                bad.append((where, prop.get("type")))
        elif name.endswith("_ids"):
            if prop.get("items", {}).get("type") != "string":
                bad.append((where, prop.get("items")))
    return bad
