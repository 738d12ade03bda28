"""Oversized inputs: every string and list the user types has a generous but finite bound.

A 100 kB app key, token, shop id or date is a config error that names the key and says how long the
value is, never quoting it (a secret never, a non-secret at most 60 characters of it); the pydantic model and
spec.json, generated from it, hold the same bounds. Also: an authorization that covers no shop is a config error,
and the messages that list shop ids stay short however many the config holds.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.config import check_against_spec, connection_specification, parse_config, parse_instant, spec_problems
from source_tiktok_shop.shop_directory import ShopDirectory

HUGE = 100_000
MAX_MESSAGE = 500


def good_config(**overrides: Any) -> Dict[str, Any]:
    config = {
        "credentials": {
            "auth_type": "oauth2.0",
            "app_key": "bounds-app-key",
            "app_secret": "bounds-app-secret-0123456789abcdef",
            "refresh_token": "bounds-refresh-token-0123456789abcdef",
        }
    }
    config.update(overrides)
    return config


def filler(length: int, seed: str) -> str:
    """`length` characters, repeating `seed` (letters, digits, `-`: valid for every pattern in the spec)."""
    return (seed * (length // len(seed) + 1))[:length]


# (key as messages name it, path into the config, limit, secret, a valid value of exactly `limit` characters or None
# where no value that long would also pass the model's other checks, e.g. a date)
BOUNDS = [
    ("credentials.app_key", ("credentials", "app_key"), 256, False, lambda n: filler(n, "appkey7")),
    ("credentials.app_secret", ("credentials", "app_secret"), 256, True, lambda n: filler(n, "Sx9secret")),
    ("credentials.refresh_token", ("credentials", "refresh_token"), 4096, True, lambda n: filler(n, "TTPrefresh3")),
    ("credentials.access_token", ("credentials", "access_token"), 4096, True, lambda n: filler(n, "TTPaccess5")),
    ("credentials.token_expiry_date", ("credentials", "token_expiry_date"), 64, False, None),
    ("credentials.service_id", ("credentials", "service_id"), 64, False, lambda n: filler(n, "7123")),
    ("credentials.access_token_expires_at", ("credentials", "access_token_expires_at"), 12, False, lambda n: filler(n, "1760")),
    ("shop_ids[0]", ("shop_ids", 0), 64, False, lambda n: filler(n, "7494")),
    ("start_date", ("start_date",), 64, False, None),
    ("api_base_url", ("api_base_url",), 2048, False, lambda n: "https://open-api.example.test/" + filler(n - 30, "p")),
    ("auth_base_url", ("auth_base_url",), 2048, False, lambda n: "https://auth.example.test/" + filler(n - 26, "p")),
    ("hashed_fields[0]", ("hashed_fields", 0), 512, False, lambda n: "orders." + filler(n - 7, "field")),
    ("blocked_fields[0]", ("blocked_fields", 0), 512, False, lambda n: "orders." + filler(n - 7, "field")),
    ("hash_salt", ("hash_salt",), 1024, True, lambda n: filler(n, "saltQ2")),
]
ITEM_BOUNDS = [
    ("shop_ids", 500, lambda i: str(7494000000000000000 + i)),
    ("hashed_fields", 1000, lambda i: f"orders.f{i}"),
    ("blocked_fields", 1000, lambda i: f"orders.f{i}"),
]
IDS = [bound[0] for bound in BOUNDS]


def with_value(path: tuple, value: str) -> Dict[str, Any]:
    config = good_config()
    node: Any = config
    for part, following in zip(path, path[1:]):
        if part not in node:
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    if isinstance(path[-1], int):
        node.append(value)
    else:
        node[path[-1]] = value
    return config


def spec_node(path: tuple) -> Dict[str, Any]:
    node: Any = connection_specification()
    for part in path:
        if isinstance(part, int):
            node = node["items"]
            continue
        # The credentials are a oneOf: the first option that has the field (good_config's is the first).
        node = next(scope["properties"][part] for scope in [node, *node.get("oneOf", ())] if part in scope.get("properties", {}))
    return node


def date_of_length(length: int) -> str:
    """A date-time of `length` characters that `start_date`'s pattern accepts (a long fraction of a second)."""
    return "2024-01-01T00:00:00." + "0" * (length - 21) + "Z"


# Values the spec accepts but for their length: `start_date` and the OAuth expiry have patterns (a date, digits), the
# others take filler.
SPEC_SHAPED = {"start_date": date_of_length, "credentials.access_token_expires_at": lambda n: filler(n, "1760")}


def spec_filler(key: str, length: int) -> str:
    return SPEC_SHAPED[key](length) if key in SPEC_SHAPED else filler(length, "7494")


def oversized(key: str) -> str:
    # Unique per key, so the checks below cannot be fooled by another key's value.
    if key in SPEC_SHAPED:
        return SPEC_SHAPED[key](HUGE)
    return filler(HUGE, key.replace(".", "-").replace("[", "-").replace("]", "") + "-Zq8")


def assert_names_key_without_value(message: str, key: str, value: str, secret: bool) -> None:
    assert f"`{key}`" in message, message
    assert value not in message
    if secret:
        assert value[:12] not in message, f"part of the secret `{key}` leaked: {message}"
    else:
        assert value[:61] not in message, "a value may be quoted only cut to 60 characters"
    assert len(message) < MAX_MESSAGE, message


# ---- the spec and the model hold the same, finite bounds -----------------------------------------


def _string_and_array_nodes(schema: Dict[str, Any], key: str = ""):
    for name, prop in (schema.get("properties") or {}).items():
        where = f"{key}.{name}" if key else name
        if prop.get("type") == "string" and "const" not in prop and "enum" not in prop:
            yield where, prop
        if prop.get("type") == "array":
            yield where, prop
            if prop.get("items", {}).get("type") == "string":
                yield where + "[]", prop["items"]
        if prop.get("type") == "object":
            yield from _string_and_array_nodes(prop, where)
            for option in prop.get("oneOf", ()):
                yield from _string_and_array_nodes(option, where)


def test_every_typed_string_and_list_in_the_spec_is_bounded():
    nodes = dict(_string_and_array_nodes(connection_specification()))
    assert "credentials.app_key" in nodes and "shop_ids[]" in nodes
    for where, node in nodes.items():
        bound = node.get("maxItems") if node["type"] == "array" else node.get("maxLength")
        assert isinstance(bound, int) and bound > 0, f"`{where}` has no maxLength/maxItems in spec.json"


def test_the_spec_holds_the_bounds_config_py_declares():
    from source_tiktok_shop import config  # inside the test: the names are new

    nodes = dict(_string_and_array_nodes(connection_specification()))
    assert {where: node["maxLength"] for where, node in nodes.items() if node["type"] == "string"} == config.MAX_LENGTHS
    assert {where: node["maxItems"] for where, node in nodes.items() if node["type"] == "array"} == config.MAX_ITEMS
    assert {key: bound[2] for key, bound in zip(IDS, BOUNDS)} == {k.replace("[]", "[0]"): v for k, v in config.MAX_LENGTHS.items()}


@pytest.mark.parametrize("key,path,limit,secret,valid", BOUNDS, ids=IDS)
def test_spec_and_model_share_the_bound(key, path, limit, secret, valid):
    assert spec_node(path).get("maxLength") == limit
    # The spec accepts exactly `limit` characters (of the shape its pattern wants, if any) and refuses one more.
    assert spec_problems(with_value(path, spec_filler(key, limit))) == []
    assert spec_problems(with_value(path, spec_filler(key, limit + 1))) != []
    # The model agrees: one character over is refused; exactly at the limit parses where a valid value that long exists.
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(with_value(path, filler(limit + 1, "7494")))
    assert "too long" in raised.value.message and f"at most {limit}" in raised.value.message
    if valid is not None:
        value = valid(limit)
        assert len(value) == limit
        parse_config(with_value(path, value))


@pytest.mark.parametrize("key,limit,item", ITEM_BOUNDS, ids=[b[0] for b in ITEM_BOUNDS])
def test_spec_and_model_share_the_item_bound(key, limit, item):
    assert connection_specification()["properties"][key].get("maxItems") == limit
    assert spec_problems(good_config(**{key: [item(i) for i in range(limit)]})) == []
    parse_config(good_config(**{key: [item(i) for i in range(limit)]}))
    too_many = good_config(**{key: [item(i) for i in range(limit + 1)]})
    problems = spec_problems(too_many)
    assert problems == [f"`{key}` lists too many entries: {limit + 1}, at most {limit}"], problems
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(too_many)
    assert raised.value.failure_type == FailureType.config_error
    assert f"`{key}` lists too many entries: {limit + 1}, at most {limit}" in raised.value.message


# ---- a 100 kB value: a short config error naming the key, never the value --------------------------


@pytest.mark.parametrize("key,path,limit,secret,valid", BOUNDS, ids=IDS)
def test_spec_problems_say_how_long_and_the_limit(key, path, limit, secret, valid):
    value = oversized(key)
    problems = spec_problems(with_value(path, value))
    assert problems == [f"`{key}` is too long: {HUGE} characters, at most {limit}"], [p[:200] for p in problems]


@pytest.mark.parametrize("validate", [check_against_spec, parse_config], ids=["spec", "model"])
@pytest.mark.parametrize("key,path,limit,secret,valid", BOUNDS, ids=IDS)
def test_spec_and_model_give_a_short_config_error(validate, key, path, limit, secret, valid):
    value = oversized(key)
    with pytest.raises(AirbyteTracedException) as raised:
        validate(with_value(path, value))
    assert raised.value.failure_type == FailureType.config_error
    for text in (raised.value.message, raised.value.internal_message):
        assert_names_key_without_value(text, key, value, secret)
        assert f"is too long: {HUGE} characters, at most {limit}" in text


def test_many_oversized_entries_make_one_short_message():
    ids = [filler(200, f"{i}x") for i in range(600)]
    with pytest.raises(AirbyteTracedException) as raised:
        check_against_spec(good_config(shop_ids=ids, hashed_fields=["orders." + filler(HUGE, "h")] * 2))
    message = raised.value.message
    assert "`shop_ids` lists too many entries: 600, at most 500" in message
    assert "more problem(s)" in message
    assert not any(shop_id[:61] in message for shop_id in ids)
    assert len(message) < 1500, len(message)


# ---- other messages that quote a value cut it short ----------------------------------------------


def test_unparseable_date_is_quoted_cut_short():
    value = filler(5000, "not-a-date-")
    with pytest.raises(ValueError) as raised:
        parse_instant(value, "start_date")
    message = str(raised.value)
    assert "`start_date`" in message and "2024-01-01T00:00:00Z" in message
    assert value[:61] not in message and len(message) < 300, message


@pytest.mark.parametrize("key", ["start_date", "credentials.token_expiry_date"])
def test_unparseable_date_within_the_bound_is_quoted_cut_short(key):
    value = filler(64, "nodate-")
    path = tuple(key.split("."))
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(with_value(path, value))
    message = raised.value.message
    assert f"`{key}`" in message and value not in message and value[:50] in message, message


def test_bad_url_is_quoted_cut_short():
    value = "ftp://" + filler(2000, "host")
    with pytest.raises(AirbyteTracedException) as raised:
        parse_config(good_config(api_base_url=value))
    message = raised.value.message
    assert "`api_base_url` must be an https:// URL" in message
    assert value[:61] not in message and len(message) < 300, message


def test_jsonschema_own_words_are_cut_short():
    schema = {"type": "object", "properties": {"note": {"not": {"type": "string"}}}}
    value = filler(HUGE, "note")
    problems = spec_problems({"note": value}, schema)
    assert len(problems) == 1 and problems[0].startswith("`note`:"), problems[0][:300]
    assert value[:201] not in problems[0] and len(problems[0]) < 300


# ---- the shop directory ----------------------------------------------------------------------------


class FakeClient:
    def __init__(self, data: Dict[str, Any]) -> None:
        self.data = data
        self.calls: List[str] = []

    def request(self, method: str, path: str, stream: Optional[str] = None, **kwargs: Any) -> Dict[str, Any]:
        self.calls.append(f"{method} {path}")
        return copy.deepcopy(self.data)


SHOP = {"id": "7494000000000000001", "cipher": "GCP_bounds", "name": "Bounds Shop", "region": "US"}


@pytest.mark.parametrize("data", [{"shops": []}, {}, {"shops": None}], ids=["empty list", "no shops key", "null"])
@pytest.mark.parametrize("selected", [[], ["7494000000000000001"]], ids=["all shops", "shop_ids set"])
def test_an_authorization_covering_no_shop_is_a_config_error(data, selected):
    directory = ShopDirectory(FakeClient(data), selected)
    for call in (directory.selected_records, directory.selected):
        with pytest.raises(AirbyteTracedException) as raised:
            call()
        assert raised.value.failure_type == FailureType.config_error
        message = raised.value.message
        assert "covers no shop" in message
        assert "Seller Center" in message and "refresh token" in message and "`credentials.refresh_token`" in message


def test_unknown_shop_ids_are_listed_cut_short_and_capped():
    unknown = [filler(64, f"{i:03d}u") for i in range(50)]
    many_shops = [{**SHOP, "id": str(7494000000000000000 + i), "name": filler(300, "Shop Name ")} for i in range(40)]
    with pytest.raises(AirbyteTracedException) as raised:
        ShopDirectory(FakeClient({"shops": many_shops}), unknown).selected_records()
    message = raised.value.message
    assert raised.value.failure_type == FailureType.config_error
    assert "`shop_ids` lists 50 shop(s) this authorization does not cover" in message
    assert "and 40 more" in message and "and 30 more" in message
    assert not any(shop_id in message for shop_id in unknown)
    assert filler(41, "Shop Name ") not in message
    assert len(message) < 1500, len(message)
