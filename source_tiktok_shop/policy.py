"""Field policy: hash or block fields per table, before a record leaves the connector.

Paths are `table.field.subfield`; list elements are traversed, so `orders.line_items.sku_image`
applies to every line item. A blocked field is removed from records and from the discovered schema;
a hashed one becomes the lowercase hex SHA-256 of its string form (HMAC-SHA256 with `hash_salt` when
one is set) and its schema a nullable string. The `pii_handling` preset adds the fields of
`pii.PII_FIELD_SUFFIXES`; an explicit `hashed_fields`/`blocked_fields` entry wins over it.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from typing import Any, Dict, Iterable, List, Mapping, MutableMapping, Optional, Sequence, Tuple

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from .pii import PII_FIELD_SUFFIXES

Path = Tuple[str, ...]
HASH, BLOCK = "hash", "block"
HASHED_SCHEMA = {
    "type": ["null", "string"],
    "description": "SHA-256 hex digest (HMAC-SHA256 with the configured salt) of the original value.",
}


def schema_paths(schema: Mapping[str, Any], prefix: Path = ()) -> List[Path]:
    """Every field path a schema declares, descending into objects and array items."""
    paths: List[Path] = []
    for name, sub in (schema.get("properties") or {}).items():
        path = prefix + (name,)
        paths.append(path)
        node = _object_node(sub)
        if node is not None:
            paths.extend(schema_paths(node, path))
    return paths


def _object_node(schema: Mapping[str, Any]) -> Optional[Mapping[str, Any]]:
    """The object schema under a property (itself, or its array's items), if it has properties."""
    if isinstance(schema.get("items"), Mapping):
        schema = schema["items"]
    return schema if schema.get("properties") else None


def hash_value(value: Any, salt: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(",", ":"))
    if salt:
        return hmac.new(salt.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _config_error(message: str) -> AirbyteTracedException:
    return AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)


class FieldPolicy:
    def __init__(self, actions: Mapping[str, Sequence[Tuple[Path, str]]], salt: Optional[str]) -> None:
        # Blocks first, so hashing a parent object digests what remains of it.
        self._actions = {stream: sorted(items, key=lambda item: item[1] != BLOCK) for stream, items in actions.items() if items}
        self._salt = salt

    @classmethod
    def build(
        cls,
        schemas: Mapping[str, Mapping[str, Any]],
        protected: Mapping[str, Iterable[str]],
        hashed_fields: Sequence[str] = (),
        blocked_fields: Sequence[str] = (),
        pii_handling: str = "keep",
        salt: Optional[str] = None,
    ) -> "FieldPolicy":
        """Validate the configured paths against the schemas; `protected` are each table's key and cursor fields."""
        valid = {stream: set(schema_paths(schema)) for stream, schema in schemas.items()}
        chosen: Dict[str, Dict[Path, str]] = {stream: {} for stream in schemas}
        if pii_handling in (HASH, BLOCK):
            for stream, paths in valid.items():
                for path in paths:
                    if _is_pii(path):
                        chosen[stream][path] = pii_handling
        for action, entries, key in ((HASH, hashed_fields, "hashed_fields"), (BLOCK, blocked_fields, "blocked_fields")):
            for entry in entries:
                stream, path = cls._parse(entry, key, valid)
                chosen[stream][path] = action
        for stream, items in chosen.items():
            for path, action in items.items():
                if len(path) == 1 and path[0] in set(protected.get(stream, ())):
                    raise _config_error(
                        f"`{stream}.{path[0]}` is part of the `{stream}` table's primary key or cursor: it cannot be "
                        f"{'hashed' if action == HASH else 'blocked'}, or deduplication and incremental sync would break. "
                        "Remove it from `hashed_fields`/`blocked_fields`."
                    )
        return cls({stream: list(items.items()) for stream, items in chosen.items()}, salt)

    @staticmethod
    def _parse(entry: str, key: str, valid: Mapping[str, set]) -> Tuple[str, Path]:
        parts = tuple(part for part in str(entry).strip().split(".") if part)
        if len(parts) < 2:
            raise _config_error(f"`{key}` entry {entry!r} must look like `table.field` (for example `orders.buyer_email`).")
        stream, path = parts[0], parts[1:]
        if stream not in valid:
            raise _config_error(f"`{key}` entry {entry!r} names an unknown table {stream!r}. Tables: {', '.join(sorted(valid))}.")
        if path not in valid[stream]:
            listing = ", ".join(".".join((stream,) + p) for p in sorted(valid[stream]))
            raise _config_error(f"`{key}` entry {entry!r}: the `{stream}` table has no field {'.'.join(path)!r}. Valid paths: {listing}.")
        return stream, path

    def actions_for(self, stream: str) -> Sequence[Tuple[Path, str]]:
        return self._actions.get(stream, ())

    def schema_for(self, stream: str, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        actions = self.actions_for(stream)
        if not actions:
            return schema
        result = copy.deepcopy(dict(schema))
        for path, action in actions:
            _apply_to_schema(result, path, action)
        return result

    def apply(self, stream: str, record: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for path, action in self.actions_for(stream):
            _apply_to_value(record, path, action, self._salt)
        return record


def _is_pii(path: Path) -> bool:
    dotted = "." + ".".join(path)
    return any(dotted.endswith("." + suffix) for suffix in PII_FIELD_SUFFIXES)


def _apply_to_value(value: Any, path: Path, action: str, salt: Optional[str]) -> None:
    if isinstance(value, list):
        for element in value:
            _apply_to_value(element, path, action, salt)
        return
    if not isinstance(value, MutableMapping) or path[0] not in value:
        return
    if len(path) > 1:
        _apply_to_value(value[path[0]], path[1:], action, salt)
    elif action == BLOCK:
        del value[path[0]]
    else:
        value[path[0]] = hash_value(value[path[0]], salt)


def _apply_to_schema(schema: MutableMapping[str, Any], path: Path, action: str) -> None:
    node: Any = schema
    for name in path[:-1]:
        node = (node.get("properties") or {}).get(name)
        if node is None:
            return
        node = node["items"] if isinstance(node.get("items"), MutableMapping) else node
    properties = node.get("properties") or {}
    if path[-1] not in properties:
        return
    if action == BLOCK:
        del properties[path[-1]]
        if isinstance(node.get("required"), list) and path[-1] in node["required"]:
            node["required"].remove(path[-1])
    else:
        properties[path[-1]] = dict(HASHED_SCHEMA)


class Projection:
    """A compiled column selection: the keys an object keeps, and the plans of its nested objects."""

    __slots__ = ("keys", "children")

    def __init__(self, keys: frozenset, children: Tuple[Tuple[str, "Projection"], ...]) -> None:
        self.keys = keys
        self.children = children


def compile_projection(schema: Optional[Mapping[str, Any]]) -> Optional[Projection]:
    """Turn the configured catalog's schema into a plan once, instead of walking the schema per record.

    None means "keep the value whole" (a scalar, or an object whose schema lists no properties).
    """
    if not isinstance(schema, Mapping):
        return None
    if isinstance(schema.get("items"), Mapping):
        return compile_projection(schema["items"])  # the plan of a list applies to each element
    properties = schema.get("properties")
    if not properties:
        return None
    children = tuple((key, plan) for key, plan in ((key, compile_projection(sub)) for key, sub in properties.items()) if plan)
    return Projection(frozenset(properties), children)


def apply_projection(value: Any, plan: Optional[Projection]) -> Any:
    """Drop, in place, every key the plan does not keep, at every level; returns the value.

    Records are the connector's own freshly decoded JSON, so they are trimmed where they lie: the
    common case (every column selected) costs one set difference per object, not a copy.
    """
    if plan is None:
        return value
    kind = type(value)
    if kind is dict:
        if not value.keys() <= plan.keys:  # a subset test allocates nothing: the common case stays cheap
            for key in value.keys() - plan.keys:
                del value[key]
        for key, child in plan.children:
            item = value.get(key)
            if item is not None:
                apply_projection(item, child)
    elif kind is list:
        for element in value:
            apply_projection(element, plan)
    return value


def project(record: Any, schema: Optional[Mapping[str, Any]]) -> Any:
    """Keep only what the configured catalog's schema declares (column selection), at every level."""
    return apply_projection(copy.deepcopy(record), compile_projection(schema))
