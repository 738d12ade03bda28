"""The primary key and cursor of every record, present and of the type the table's schema declares.

Destinations deduplicate on the key and order by the cursor. A record without its key would be
emitted keyless (and deduplicated with every other keyless one); a cursor of the wrong JSON type
(`update_time` as "1700000000") is nulled by typed destinations. Where the meaning is unambiguous
the value is converted (digits as a string -> integer epoch, an integer id -> its digits);
anything else stops the read with an error naming the table, the endpoint and the field.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, MutableMapping, Optional

from airbyte_cdk.utils import AirbyteTracedException

from .answers import json_kind, refused

_MISSING = object()


def _to_integer(value: Any) -> Any:
    if isinstance(value, bool):
        return _MISSING
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return _MISSING


def _to_string(value: Any) -> Any:
    if isinstance(value, str):
        return value if value else _MISSING
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _MISSING  # a float id has already lost digits; anything else is no id


_CONVERTERS: Dict[str, Callable[[Any], Any]] = {"integer": _to_integer, "string": _to_string}


def _declared_type(schema: Mapping[str, Any], field: str) -> Optional[str]:
    declared = ((schema.get("properties") or {}).get(field) or {}).get("type")
    types = declared if isinstance(declared, list) else [declared]
    return next((t for t in types if t in _CONVERTERS), None)


class RecordKeys:
    """Checks and converts one table's key and cursor fields, compiled once from its schema."""

    def __init__(self, stream: str, path: str, schema: Mapping[str, Any], keys: List[str], cursor: Optional[str]) -> None:
        self._stream = stream
        self._path = path
        self._keys = set(keys)
        fields = [*keys, *([cursor] if cursor and cursor not in keys else [])]
        self._fields = [(field, _CONVERTERS[kind], kind) for field in fields if (kind := _declared_type(schema, field))]

    def fix(self, record: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for field, convert, kind in self._fields:
            value = record.get(field)
            if type(value) is (int if kind == "integer" else str) and value != "":
                continue  # the common case, kept cheap: this runs for every record
            converted = convert(value) if value is not None else _MISSING
            if converted is _MISSING:
                raise self._refused(record, field, value, kind)
            record[field] = converted
        return record

    def _refused(self, record: Mapping[str, Any], field: str, value: Any, kind: str) -> AirbyteTracedException:
        got = "missing" if field not in record else f"{json_kind(value)}" + (f" ({str(value)[:40]!r})" if value not in (None, "") else "")
        shop = f" for shop {record['shop_id']}" if record.get("shop_id") else ""
        message = (
            f"TikTok Shop sent a `{self._stream}` record from {self._path}{shop} whose `{field}` is {got}, where "
            f"{'an integer' if kind == 'integer' else 'a string'} is required: it is the table's "
            f"{'key' if field in self._keys else 'cursor'}, and a record without it cannot "
            "be deduplicated or ordered. The sync stops here; nothing past the last checkpoint is marked as read. "
            "If this persists, report it to TikTok Shop partner support."
        )
        return refused(self._stream, message)
