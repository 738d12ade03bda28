"""Checks on the stream JSON schemas in source_tiktok_shop/streams/schemas/.

1. every schema is a valid draft-07 schema;
2. the response samples quoted in the API reference (§6.2, §6.3, §6.4 of tiktok-shop-api.md) validate against the
   schema of their table, with the fields the connector adds (`shop_id`; `statement_id`/`statement_time` on
   statement transactions);
3. naming conventions hold at every nesting level: ids are strings, `*_time` fields integers, amounts strings,
   `is_*`/`has_*` flags booleans, every object open (`additionalProperties: true`), every array typed with `items`,
   and every field nullable except the primary keys and cursors.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict, List, Tuple

import jsonschema
import pytest

from schema_walk import SHOP_ID, id_type_problems, load, objects, types_of, walk

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "source_tiktok_shop" / "streams" / "schemas"
# The core tables; the tables added later have their own rules in test_schemas_more.py.
SCHEMA_FILES = [SCHEMAS_DIR / f"{name}.json" for name in ("shops", "products", "orders", "statements", "statement_transactions")]

# Top-level fields that must never be null: primary keys, cursors and the fields the connector adds.
NON_NULL = {
    "shops": {"id", "shop_id"},
    "products": {"id", "shop_id", "update_time"},
    "orders": {"id", "shop_id", "update_time"},
    "statements": {"id", "shop_id", "statement_time"},
    "statement_transactions": {"id", "shop_id", "statement_id", "statement_time"},
}
NON_NULL_TYPES = {
    "products": {"id": "string", "shop_id": "string", "update_time": "integer"},
    "orders": {"id": "string", "shop_id": "string", "update_time": "integer"},
    "statements": {"id": "string", "shop_id": "string", "statement_time": "integer"},
    "statement_transactions": {"id": "string", "shop_id": "string", "statement_id": "string", "statement_time": "integer"},
}
# `*_time` fields that are documented as strings: 202501 `estimated_release_time` is a Unix timestamp sent as a
# string, or "" (reference §6.4).
STRING_TIME_EXCEPTIONS = {("statement_transactions", "estimated_release_time")}













# --------------------------------------------------------------------------- reference samples

# §6.2 Search Products (LIVE, 202502). FREEZE/DELETED products are emitted in this search-summary shape.
PRODUCT_SEARCH_SAMPLE = {
    "id": "1734952395144267383", "title": "...", "status": "ACTIVATE", "create_time": 1775123176, "update_time": 1782892330,
    "audit": {"pre_approved_reasons": [], "status": "APPROVED"}, "has_draft": False, "is_not_for_sale": False,
    "product_tags": [], "recommended_categories": [], "sales_regions": ["VN"],
    "skus": [{"id": "1734952449674217079", "seller_sku": "XTM-C",
              "inventory": [{"quantity": 43, "warehouse_id": "7272949914115966726"}],
              "price": {"currency": "VND", "tax_exclusive_price": "72000"}, "status_info": {"status": "NORMAL"}}],
}

# §6.2 Get Product: the detail record the table emits. The reference lists its fields and cites the official doc
# sample (NET `ProductGetProductDetailResponse.json`); this is that sample, URLs shortened. Note `product_types`
# is a plain string here although the spec says array.
PRODUCT_DETAIL_SAMPLE = {
    "audit_failed_reasons": [{"position": "product", "reasons": ["violate listing rules"],
                              "suggestions": ["The product violates TikTok Shopping listing rules, please check and resubmit."]}],
    "brand": {"id": "7082427311584347905", "name": "brand xxx aaa"},
    "category_chains": [{"id": "853000", "is_leaf": True, "local_name": "Botol & Stoples Penyimpanan", "parent_id": "851848"}],
    "certifications": [{
        "files": [{"format": "PDF", "id": "v09ea0g40000cj91373c77u3mid3g1s0", "name": "CERT_X2.PDF",
                   "urls": ["https://p16-oec-va.ibyteimg.com/cert.jpeg"]}],
        "id": "602362",
        "images": [{"height": 600, "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                    "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe", "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
                    "width": 600}],
        "title": "SNI Certificate"}],
    "create_time": 1234567890,
    "delivery_options": [{"id": "1729592969712203232", "is_available": True, "name": "\"\""}],
    "description": "<p>Please compare above detailed size with your measurement before purchase.</p>",
    "external_product_id": "172959296971220002",
    "id": "1729592969712207008",
    "is_cod_allowed": True,
    "main_images": [{"height": 600, "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                     "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe", "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
                     "width": 600}],
    "manufacturer": {"address": "123W 106th St, New York, NY, USA, 10025", "email": "samplemanufacturer101@outlook.com",
                     "name": "Sample Manufacturer Name", "phone_number": "12345678"},
    "package_dimensions": {"height": "10", "length": "10", "unit": "CENTIMETER", "width": "10"},
    "package_weight": {"unit": "KILOGRAM", "value": "1.32"},
    "product_attributes": [{"id": "100392", "name": "Occasion", "values": [{"id": "1001533", "name": "Birthday"}]}],
    "product_types": "COMBINED_PRODUCT",
    "size_chart": {"image": {"height": 600, "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                             "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
                             "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"], "width": 600},
                   "template": {"id": "7267563252536723205"}},
    "skus": [{
        "combined_skus": [{"product_id": "1729582718312380123", "sku_count": 1, "sku_id": "1729582718312380123"}],
        "external_sku_id": "1729592969712207234",
        "global_listing_policy": {"inventory_type": "SHARED", "price_sync": True,
                                  "replicate_source": {"product_id": "1729592969712203232", "shop_id": "7295929697122032321",
                                                       "sku_id": "1729592969712203232"}},
        "id": "10001",
        "identifier_code": {"code": "10000000000010", "type": "GTIN"},
        "inventory": [{"quantity": 999, "warehouse_id": "6966568648651605766"}],
        "price": {"currency": "USD", "sale_price": "117.5", "tax_exclusive_price": "110", "unit_price": "1"},
        "sales_attributes": [{"id": "100000", "name": "Color",
                              "sku_img": {"height": 100, "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                                          "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
                                          "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"], "width": 100},
                              "value_id": "100000", "value_name": "Red"}],
        "seller_sku": "sku name",
        "sku_unit_count": "1.00"}],
    "status": "SELLER_DEACTIVATED",
    "title": "Short Boat Invisible Socks",
    "update_time": 1234567899,
    "video": {"cover_url": "https://p16-oec-va.ibyteimg.com/cover.jpeg", "format": "MP4", "height": 480,
              "id": "v09ea0g40000cj91373c77u3mid3g1s0", "size": 1000, "url": "https://v16m-default.akamaized.net/v.mp4",
              "width": 1280},
}

# §6.3 Get Order List (LIVE, shortened in the reference; its 3 line items are identical except `id`).
ORDER_SAMPLE = {
    "id": "577958834469439754", "status": "CANCELLED", "create_time": 1695873653, "update_time": 1696306119,
    "buyer_email": "v4bGVX...@scs2.tiktok.com", "buyer_message": "", "cancel_reason": "...", "cancel_time": 1696306119,
    "cancellation_initiator": "SELLER", "commerce_platform": "TIKTOK_SHOP", "delivery_option_id": "7057025213938009858",
    "delivery_option_name": "Standard shipping", "delivery_type": "HOME_DELIVERY", "fulfillment_type": "FULFILLMENT_BY_SELLER",
    "is_cod": True, "is_on_hold_order": False, "is_replacement_order": False, "is_sample_order": False, "order_type": "NORMAL",
    "line_items": [{"id": "577958834469570826", "product_id": "1729700293904403063", "sku_id": "1729700293904534135",
                    "seller_sku": "FUJIWA02-450", "sku_name": "...", "currency": "VND", "original_price": "168000",
                    "sale_price": "168000", "seller_discount": "0", "platform_discount": "0", "display_status": "CANCELLED",
                    "package_id": "1153486604836964618", "package_status": "CANCELLED", "is_gift": False,
                    "gift_retail_price": "0", "sku_type": "NORMAL", "rts_time": 1695969425, "tracking_number": "3220279504",
                    "shipping_provider_id": "7099654067386844933", "shipping_provider_name": "GHTK"}],
    "packages": [{"id": "1153486604836964618"}],
    "payment": {"currency": "VND", "original_shipping_fee": "153000", "original_total_product_price": "504000",
                "platform_discount": "0", "seller_discount": "0", "shipping_fee": "153000",
                "shipping_fee_cofunded_discount": "0", "shipping_fee_platform_discount": "0",
                "shipping_fee_seller_discount": "0", "sub_total": "504000", "tax": "0", "total_amount": "657000"},
    "payment_method_name": "Cash on delivery",
    "recipient_address": {"name": "", "full_address": "", "phone_number": "", "postal_code": "", "region_code": "",
                          "address_line1": "", "address_line2": "", "address_line3": "", "address_line4": "",
                          "address_detail": "", "first_name": "", "last_name": "",
                          "delivery_preferences": {"drop_off_location": ""}},
    "rts_sla_time": 1696006799, "rts_time": 1695969425, "shipping_provider": "GHTK",
    "shipping_provider_id": "7099654067386844933", "shipping_type": "TIKTOK", "tracking_number": "3220279504",
    "tts_sla_time": 1696093199, "user_id": "7494037984113493258", "warehouse_id": "7272949914115966726",
}

# §6.4 Get Statements (official doc sample).
STATEMENT_SAMPLE = {
    "id": "7238804564097517339", "statement_time": 1685548800, "settlement_amount": "100", "currency": "GBP",
    "revenue_amount": "200", "fee_amount": "-30", "adjustment_amount": "-70", "payment_status": "PAID",
    "payment_id": "3459275187040258849", "net_sales_amount": "-70", "shipping_cost_amount": "-70", "payment_time": 1685548800,
}

# §6.4 Get Transactions by Statement, 202501 (constructed from the OAS field list in the reference).
TRANSACTION_202501_SAMPLE = {
    "id": "1636700041413599290", "type": "ORDER", "order_id": "576463220456522968", "order_create_time": 1685548800,
    "settlement_amount": "130", "revenue_amount": "200", "shipping_cost_amount": "-40", "fee_tax_amount": "-30",
    "adjustment_amount": "0",
    "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
    "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"vat_amount": "0"}},
    "shipping_cost_breakdown": {"actual_shipping_fee_amount": "-40"},
    "reserve_amount": "", "reserve_status": "", "estimated_release_time": "",
}


def with_shop(record: Dict[str, Any]) -> Dict[str, Any]:
    return {**copy.deepcopy(record), "shop_id": SHOP_ID}


def as_transaction_record(record: Dict[str, Any]) -> Dict[str, Any]:
    """The connector copies the parent statement's `id` and `statement_time` (from Get Statements) onto each row."""
    return {**with_shop(record), "statement_id": STATEMENT_SAMPLE["id"], "statement_time": STATEMENT_SAMPLE["statement_time"]}


SAMPLES: List[Tuple[str, str, Dict[str, Any]]] = [
    ("products", "search summary (FREEZE/DELETED shape)", with_shop(PRODUCT_SEARCH_SAMPLE)),
    ("products", "Get Product detail", with_shop(PRODUCT_DETAIL_SAMPLE)),
    ("orders", "order search", with_shop(ORDER_SAMPLE)),
    ("statements", "statement", with_shop(STATEMENT_SAMPLE)),
    ("statement_transactions", "202501 order transaction", as_transaction_record(TRANSACTION_202501_SAMPLE)),
    ("statement_transactions", "202501 reserve transaction", as_transaction_record({
        "id": "1636700041413599291", "type": "RESERVE", "order_id": "0", "associated_order_id": "576463220456522968",
        "reserve_id": "7300000000000000001", "reserve_amount": "-10", "reserve_status": "COLLECTED",
        "estimated_release_time": "1688140800", "order_create_time": 1685548800, "settlement_amount": "0",
    })),
]


# --------------------------------------------------------------------------- 1. valid draft-07

def test_the_four_stream_schemas_exist():
    names = {p.stem for p in SCHEMA_FILES}
    assert {"products", "orders", "statements", "statement_transactions"} <= names


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_schema_is_valid_draft7(path):
    schema = json.loads(path.read_text())
    assert schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


# --------------------------------------------------------------------------- 2. reference samples validate

@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=[f"{s}: {label}" for s, label, _ in SAMPLES])
def test_reference_sample_validates(stream, label, record):
    validator = jsonschema.Draft7Validator(load(stream))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]
    assert not errors, errors


@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=[f"{s}: {label}" for s, label, _ in SAMPLES])
def test_reference_sample_fields_are_all_declared(stream, label, record):
    """Every field the samples carry is named in the schema (additionalProperties would hide a missing one)."""

    def undeclared(schema: Dict[str, Any], value: Any, path: str) -> List[str]:
        out: List[str] = []
        props = schema.get("properties") or {}
        if isinstance(value, dict) and props:
            for key, sub in value.items():
                if key not in props:
                    out.append(path + key)
                else:
                    out += undeclared(props[key], sub, f"{path}{key}.")
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for element in value:
                out += undeclared(schema["items"], element, path[:-1] + "[].")
        return out

    assert undeclared(load(stream), record, "") == []


@pytest.mark.parametrize("stream", sorted(NON_NULL_TYPES))
def test_null_primary_key_or_cursor_is_rejected(stream):
    sample = next(record for s, _, record in SAMPLES if s == stream)
    validator = jsonschema.Draft7Validator(load(stream))
    for field in NON_NULL_TYPES[stream]:
        assert not validator.is_valid({**sample, field: None}), field
        assert not validator.is_valid({k: v for k, v in sample.items() if k != field}), field


def test_other_fields_accept_null():
    record = with_shop(ORDER_SAMPLE)
    record.update(payment=None, recipient_address=None, line_items=None, paid_time=None, is_cod=None, buyer_email=None)
    assert jsonschema.Draft7Validator(load("orders")).is_valid(record)


def test_estimated_release_time_accepts_string_integer_and_empty():
    validator = jsonschema.Draft7Validator(load("statement_transactions"))
    for value in ("", "1688140800", 1688140800, None):
        assert validator.is_valid({**as_transaction_record(TRANSACTION_202501_SAMPLE), "estimated_release_time": value})


# --------------------------------------------------------------------------- 3. naming conventions, nested

@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_ids_are_strings(path):
    assert not id_type_problems(json.loads(path.read_text()))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_times_are_integers(path):
    stream = path.stem
    bad = []
    for where, name, prop in walk(json.loads(path.read_text())):
        if not (name.endswith("_time") or name.endswith("_date")):
            continue
        allowed = {"null", "integer", "string"} if (stream, where) in STRING_TIME_EXCEPTIONS else {"null", "integer"}
        if "integer" not in types_of(prop) or types_of(prop) - allowed:
            bad.append((where, prop.get("type")))
    assert not bad


def test_string_time_exceptions_exist():
    for stream, where in STRING_TIME_EXCEPTIONS:
        prop = dict((w, p) for w, _, p in walk(load(stream)))[where]
        assert {"string", "integer"} <= types_of(prop)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_amounts_are_strings(path):
    bad = [
        (where, prop.get("type"))
        for where, name, prop in walk(json.loads(path.read_text()))
        if (name == "amount" or name.endswith("_amount")) and types_of(prop) != {"null", "string"}
    ]
    assert not bad


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_flags_are_booleans(path):
    bad = [
        (where, prop.get("type"))
        for where, name, prop in walk(json.loads(path.read_text()))
        if (name.startswith("is_") or name.startswith("has_")) and types_of(prop) != {"null", "boolean"}
    ]
    assert not bad


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_every_object_is_open_and_every_array_typed(path):
    schema = json.loads(path.read_text())
    closed = [where for where, node in objects(schema) if node.get("additionalProperties") is not True]
    untyped = [where for where, _, prop in walk(schema) if "array" in types_of(prop) and not isinstance(prop.get("items"), dict)]
    assert not closed and not untyped


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.stem)
def test_only_primary_keys_and_cursors_are_non_nullable(path):
    stream = path.stem
    schema = json.loads(path.read_text())
    non_null = NON_NULL.get(stream, set())
    offenders = [
        where for where, _, prop in walk(schema)
        if where not in non_null and "null" not in types_of(prop)
    ]
    assert not offenders
    for field in non_null:
        assert "null" not in types_of(schema["properties"][field]), field
    for field, kind in NON_NULL_TYPES.get(stream, {}).items():
        assert types_of(schema["properties"][field]) == {kind}, field
        assert field in schema.get("required", []), field
