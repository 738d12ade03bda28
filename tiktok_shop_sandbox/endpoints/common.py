"""Route table entries, the per-request context, and strict parameter validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import errors, pagination
from ..shop import time_slice

# Query params every signed request may carry. The Partner Center testing tool adds
# access_token, shop_id and version; the real API tolerates them (every signed request, 202309+).
COMMON_QUERY = frozenset({"app_key", "timestamp", "sign", "shop_cipher", "access_token", "shop_id", "version"})


@dataclass
class Route:
    name: str
    methods: tuple
    template: str  # e.g. "/product/{version:202309|202312}/products/{product_id}"
    group: str | None  # API group for scope checks; None on the token host
    handler: Callable[["Context"], Any]
    shop: bool = True  # needs shop_cipher
    params: frozenset = frozenset()
    token_host: bool = False
    page: bool = False  # a browser page (the consent page): its handler answers (status, html, headers)
    regex: re.Pattern = field(init=False)
    static: bool = field(init=False)

    def __post_init__(self):
        pattern, static = "", True
        for part in re.split(r"(\{[^}]+\})", self.template):
            if part.startswith("{"):
                name, _, choices = part[1:-1].partition(":")
                pattern += f"(?P<{name}>{choices})" if choices else f"(?P<{name}>[^/]+)"
                static = static and bool(choices)
            else:
                pattern += re.escape(part)
        self.regex = re.compile(f"^{pattern}$")
        self.static = static


@dataclass
class Context:
    sandbox: Any
    route: Route
    method: str
    path: str
    query: dict
    path_params: dict
    raw_body: bytes
    shop: Any = None  # shop.Shop
    token: Any = None  # tokens.AccessToken
    body: dict | None = None

    @property
    def ds(self):
        return self.sandbox.data

    @property
    def version(self) -> str:
        return self.path_params.get("version", "")

    @property
    def now(self) -> int:
        return int(self.sandbox.now())


# -- query validation ------------------------------------------------------------------------


def int_query(query: dict, name: str) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if not re.fullmatch(r"-?\d{1,19}", raw):
        raise errors.invalid(f"Invalid parameter. `{name}` must be an integer Unix timestamp; got {raw!r}.")
    return int(raw)


def time_range_query(query: dict, field: str) -> dict:
    """`{field}_ge` / `{field}_lt` from the query string, those present, as ints (the filter dict of range_scan)."""
    return {k: v for k in (f"{field}_ge", f"{field}_lt") if (v := int_query(query, k)) is not None}


def enum_query(query: dict, name: str, allowed: tuple, default: str | None = None, required: bool = False) -> str | None:
    raw = query.get(name)
    if raw is None or raw == "":
        if required:
            raise errors.invalid(f"Invalid parameter. `{name}` is a required field and has not been provided.")
        return default
    if raw not in allowed:
        raise errors.invalid(f"Invalid parameter. `{name}` must be one of {', '.join(allowed)}; got {raw!r}.")
    return raw


# -- body validation -------------------------------------------------------------------------

INT, STR, BOOL = "int", "str", "bool"


def enum(*values):
    return ("enum", values)


def str_list(max_len: int = 100, values: tuple | None = None):
    return ("list", max_len, values)


def validate_body(ctx: Context, schema: dict) -> dict:
    body = ctx.body or {}
    if ctx.sandbox.reject_unknown_fields:
        unknown = sorted(set(body) - set(schema))
        if unknown:
            # Strict reading: a misspelled filter (e.g. update_time_le on orders) would
            # otherwise be silently ignored and return unfiltered data.
            raise errors.invalid(f"Invalid parameter. Unknown field(s) in request body: {', '.join(unknown)}.")
    out = {}
    for name, kind in schema.items():
        if name not in body or body[name] is None:
            continue
        value = body[name]
        if kind == INT:
            if not isinstance(value, int) or isinstance(value, bool):
                raise errors.invalid(f"Invalid parameter. body.{name} must be an integer; got {value!r}.")
        elif kind == STR:
            if not isinstance(value, str):
                raise errors.invalid(f"Invalid parameter. body.{name} must be a string.")
        elif kind == BOOL:
            if not isinstance(value, bool):
                raise errors.invalid(f"Invalid parameter. body.{name} must be a boolean.")
        elif kind[0] == "enum":
            if value not in kind[1]:
                raise errors.invalid(f"Invalid parameter. body.{name} must be one of {', '.join(kind[1])}; got {value!r}.")
        elif kind[0] == "list":
            _, max_len, values = kind
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise errors.invalid(f"Invalid parameter. body.{name} must be an array of strings.")
            if len(value) > max_len:
                raise errors.invalid(f"Invalid parameter. body.{name} accepts at most {max_len} items.")
            if values is not None and any(v not in values for v in value):
                raise errors.invalid(f"Invalid parameter. body.{name} contains an unsupported value.")
        out[name] = value
    return out


# -- pagination ------------------------------------------------------------------------------


def paged(
    ctx: Context,
    kind: str,
    fp_parts: tuple,
    size: int,
    compute: Callable[[], list],
    render: Callable[[Any], dict],
    list_key: str,
    total: bool = True,
    cap: int | None = None,
) -> dict:
    """One page of an ordered result list; the page token binds to fp_parts (filters + sort)."""
    fp = pagination.fingerprint(kind, ctx.shop.id if ctx.shop else "", *fp_parts)
    offset = pagination.start_offset(ctx.query, fp)
    if cap is not None and offset + size > cap:
        raise errors.ApiError(errors.SEARCH_RESULT_CAP)
    with ctx.ds.lock:
        ids = ctx.ds.search(ctx.shop, kind, fp, compute) if ctx.shop else compute()
        start, end, token = pagination.page_fields(len(ids), offset, size, fp, ctx.sandbox.omit_last_page_token)
        items = [render(i) for i in ids[start:end]]
    data = dict(token)
    if total:
        data["total_count"] = len(ids)
    data[list_key] = items
    return data


# -- time-range filters over sorted (time, id) indexes -------------------------------------------------------------

TIME_RANGE = {"create_time_ge": INT, "create_time_lt": INT, "update_time_ge": INT, "update_time_lt": INT}


def range_scan(index: list, f: dict, field: str, sentinel=-1) -> list:
    """Slice of a (time, id)-sorted index with field_ge <= time < field_lt (bisect, no scan)."""
    return time_slice(index, f.get(f"{field}_ge"), f.get(f"{field}_lt"), sentinel)


def in_range(value: int, f: dict, field: str) -> bool:
    """ge inclusive, lt exclusive."""
    return not ((f"{field}_ge" in f and value < f[f"{field}_ge"]) or (f"{field}_lt" in f and value >= f[f"{field}_lt"]))


def int_ids(values) -> set:
    """Ids as ints; ids that are not numeric can match nothing."""
    return {int(v) for v in values or () if v.isdigit()}


def bool_query(query: dict, name: str) -> bool | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if raw not in ("true", "false"):
        raise errors.invalid(f"Invalid parameter. `{name}` must be true or false; got {raw!r}.")
    return raw == "true"
