"""Field policy: path validation, hashing, blocking, the PII preset, schema rewriting, column selection."""

import hashlib
import hmac

import pytest
from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from source_tiktok_shop.policy import FieldPolicy, hash_value, project, schema_paths

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "update_time": {"type": "integer"},
        "buyer_email": {"type": ["null", "string"]},
        "user_id": {"type": ["null", "string"]},
        "recipient_address": {
            "type": ["null", "object"],
            "properties": {
                "name": {"type": ["null", "string"]},
                "phone_number": {"type": ["null", "string"]},
                "region_code": {"type": ["null", "string"]},
            },
        },
        "line_items": {
            "type": ["null", "array"],
            "items": {
                "type": "object",
                "properties": {"sku_image": {"type": ["null", "string"]}, "sale_price": {"type": ["null", "string"]}},
            },
        },
        "payment": {"type": ["null", "object"], "properties": {"total_amount": {"type": ["null", "string"]}}},
    },
}
SCHEMAS = {"orders": SCHEMA}
PROTECTED = {"orders": ["id", "update_time", "shop_id"]}


def record():
    return {
        "id": "1",
        "update_time": 5,
        "buyer_email": "a@relay.test",
        "user_id": "77",
        "recipient_address": {"name": "Ann Buyer", "phone_number": "(+1)555****12", "region_code": "US"},
        "line_items": [{"sku_image": "https://img/1", "sale_price": "3"}, {"sku_image": "https://img/2", "sale_price": "4"}],
        "payment": {"total_amount": "7"},
        "extra_unknown": "x",
    }


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_schema_paths_descend_into_objects_and_array_items():
    paths = set(schema_paths(SCHEMA))
    assert ("line_items", "sku_image") in paths and ("recipient_address", "phone_number") in paths


def test_block_removes_from_every_list_element_and_from_the_schema():
    policy = FieldPolicy.build(SCHEMAS, PROTECTED, blocked_fields=["orders.line_items.sku_image", "orders.buyer_email"])
    out = policy.apply("orders", record())
    assert "buyer_email" not in out and all("sku_image" not in item for item in out["line_items"])
    assert [item["sale_price"] for item in out["line_items"]] == ["3", "4"]
    schema = policy.schema_for("orders", SCHEMA)
    assert "buyer_email" not in schema["properties"]
    assert "sku_image" not in schema["properties"]["line_items"]["items"]["properties"]
    assert "buyer_email" in SCHEMA["properties"], "the source schema must not be mutated"


def test_hash_is_sha256_of_the_string_form_or_hmac_with_a_salt_and_null_stays_null():
    policy = FieldPolicy.build(SCHEMAS, PROTECTED, hashed_fields=["orders.recipient_address.phone_number", "orders.buyer_email"])
    out = policy.apply("orders", {**record(), "buyer_email": None})
    assert out["recipient_address"]["phone_number"] == sha("(+1)555****12")
    assert out["buyer_email"] is None
    salted = FieldPolicy.build(SCHEMAS, PROTECTED, hashed_fields=["orders.user_id"], salt="pepper-0123456789")
    assert salted.apply("orders", record())["user_id"] == hmac.new(b"pepper-0123456789", b"77", hashlib.sha256).hexdigest()
    assert hash_value(12, None) == sha("12") and hash_value({"b": 1, "a": 2}, None) == sha('{"a":2,"b":1}')
    schema = policy.schema_for("orders", SCHEMA)
    assert schema["properties"]["buyer_email"]["type"] == ["null", "string"]
    assert schema["properties"]["recipient_address"]["properties"]["phone_number"]["type"] == ["null", "string"]


def test_pii_preset_covers_the_documented_fields_and_explicit_entries_win():
    policy = FieldPolicy.build(SCHEMAS, PROTECTED, pii_handling="block", hashed_fields=["orders.buyer_email"])
    out = policy.apply("orders", record())
    assert out["buyer_email"] == sha("a@relay.test"), "explicit hash wins over the preset's block"
    assert "user_id" not in out and "name" not in out["recipient_address"] and "phone_number" not in out["recipient_address"]
    assert out["recipient_address"]["region_code"] == "US", "not personal on its own: kept"
    hashed = FieldPolicy.build(SCHEMAS, PROTECTED, pii_handling="hash").apply("orders", record())
    assert hashed["recipient_address"]["name"] == sha("Ann Buyer")
    kept = FieldPolicy.build(SCHEMAS, PROTECTED).apply("orders", record())
    assert kept["recipient_address"]["name"] == "Ann Buyer"


@pytest.mark.parametrize(
    "kwargs,words",
    [
        ({"blocked_fields": ["nope.field"]}, ["unknown table", "orders"]),
        ({"hashed_fields": ["orders.buyer_mail"]}, ["no field", "orders.buyer_email", "orders.line_items.sku_image"]),
        ({"hashed_fields": ["orders"]}, ["table.field"]),
        ({"hashed_fields": ["orders.id"]}, ["primary key or cursor"]),
        ({"blocked_fields": ["orders.update_time"]}, ["primary key or cursor"]),
    ],
)
def test_invalid_paths_and_protected_fields_are_config_errors_that_say_what_is_valid(kwargs, words):
    with pytest.raises(AirbyteTracedException) as raised:
        FieldPolicy.build(SCHEMAS, PROTECTED, **kwargs)
    assert raised.value.failure_type == FailureType.config_error
    for word in words:
        assert word in raised.value.message


def test_projection_keeps_only_selected_fields_at_every_level():
    selected = {
        "properties": {
            "id": {},
            "recipient_address": {"properties": {"region_code": {}}},
            "line_items": {"items": {"properties": {"sale_price": {}}}},
        }
    }
    out = project(record(), selected)
    assert out == {"id": "1", "recipient_address": {"region_code": "US"}, "line_items": [{"sale_price": "3"}, {"sale_price": "4"}]}
    assert project(record(), {}) == record(), "no configured schema: everything"


def test_pii_preset_resolves_exactly_the_creator_fields_of_the_affiliate_tables():
    """What `pii_handling` hides on the affiliate tables: the creators' handles, names, avatars and open ids and a
    plan's contact e-mail; never the commission amounts, products or counts beside them."""
    from source_tiktok_shop.policy import _is_pii
    from source_tiktok_shop.streams.base import load_schema

    resolved = {
        table: sorted(".".join(path) for path in schema_paths(load_schema(table)) if _is_pii(path))
        for table in (
            "affiliate_orders",
            "affiliate_open_collaborations",
            "affiliate_target_collaborations",
            "affiliate_sample_applications",
        )
    }
    assert resolved == {
        "affiliate_orders": ["skus.creator_username"],
        "affiliate_open_collaborations": [],
        "affiliate_target_collaborations": [
            "creators.avatar.url",
            "creators.creator_open_id",
            "creators.nickname",
            "creators.username",
            "seller_contact_info.email",
        ],
        "affiliate_sample_applications": ["creator.avatar_url", "creator.creator_open_id", "creator.nickname", "creator.username"],
    }
