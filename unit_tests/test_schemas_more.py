"""Checks on the schemas of the tables added after the first four (returns ... sku_performance).

1. every new schema is a valid draft-07 schema;
2. the response samples quoted in the API reference (§6.4-§6.11 of tiktok-shop-api.md) validate against the schema
   of their table, shaped as the connector emits them: `shop_id` on every record, analytics ids converted to
   strings, `date` on the per-day lists, `latest_available_date` on shop performance, `order_update_time` on
   order statement transactions;
3. naming conventions hold at every nesting level: ids are strings, `*_time` fields integers, analytics dates
   `YYYY-MM-DD` strings, amounts strings (payments' amounts are `{value, currency}` objects), counts integers,
   `is_*`/`has_*` flags booleans, every object open, every array typed with `items`, and every field nullable
   except the primary keys and cursors.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import jsonschema
import pytest

from schema_walk import SHOP_ID, id_type_problems, load, objects, types_of, walk

SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "source_tiktok_shop" / "streams" / "schemas"

# Stream -> (primary key, cursor or None). Every field named here, and `shop_id`, is required and never null.
KEYS: Dict[str, Tuple[List[str], Any]] = {
    "returns": (["return_id"], "update_time"),
    "cancellations": (["cancel_id"], "update_time"),
    "payments": (["id"], "create_time"),
    "withdrawals": (["id"], "create_time"),
    "order_statement_transactions": (["order_id"], "order_update_time"),
    "unsettled_transactions": (["id"], None),
    "packages": (["id"], "update_time"),
    "warehouses": (["id"], None),
    "categories": (["shop_id", "id"], None),
    "brands": (["shop_id", "id"], None),
    "inventory": (["product_id"], None),
    "shop_performance": (["shop_id", "start_date"], "start_date"),
    "product_performance": (["shop_id", "date", "id"], "date"),
    "sku_performance": (["shop_id", "date", "id"], "date"),
}
NEW_STREAMS = sorted(KEYS)


def non_null_types(stream: str) -> Dict[str, str]:
    pk, cursor = KEYS[stream]
    types = {field: "string" for field in pk}
    types["shop_id"] = "string"
    if cursor:
        types[cursor] = "string" if cursor in ("start_date", "date") else "integer"
    return types


# Fields named like amounts that hold money objects or lists rather than a string: payments carry
# {value, currency} objects (reference §6.4); returns and cancellations carry refund/discount/shipping-fee
# objects and lists (§6.5). Every leaf inside them is a string.
MONEY_OBJECTS = {("payments", name) for name in ("amount", "payment_amount_before_exchange", "settlement_amount", "reserve_amount")}
AMOUNT_CONTAINERS = MONEY_OBJECTS | {
    ("returns", "refund_amount"), ("returns", "return_line_items[].refund_amount"), ("returns", "discount_amount"),
    ("returns", "shipping_fee_amount"), ("cancellations", "refund_amount"), ("cancellations", "cancel_line_items[].refund_amount"),
}
# Breakdowns of counts (buyers, impressions, page views, visitors) reuse the key `amount`: integers in the OAS,
# strings in third-party samples, so both are allowed.
COUNT_AMOUNTS = {
    ("shop_performance", f"{field}[].amount")
    for field in ("buyer_breakdowns", "product_impression_breakdowns", "product_page_view_breakdowns",
                  "avg_product_page_visitor_breakdowns")
}
# Money fields whose names do not end in `_amount`.
MONEY_NAMES = {"refund_subtotal", "refund_total", "refund_tax", "value", "exchange_rate"}
# Count fields (analytics metrics, inventory quantities, pagination totals).
COUNT_NAMES = {"orders", "sku_orders", "units_sold", "buyers", "cancellations_and_returns", "product_impressions",
               "product_page_views", "avg_product_page_visitors", "total_count", "available_quantity",
               "committed_quantity", "total_available_quantity", "total_committed_quantity", "width", "height"}













# --------------------------------------------------------------------------- reference samples (as emitted)

def with_shop(record: Mapping[str, Any]) -> Dict[str, Any]:
    return {**copy.deepcopy(dict(record)), "shop_id": SHOP_ID}


def as_daily_list_record(record: Mapping[str, Any], id_fields: List[str], day: str) -> Dict[str, Any]:
    """What PerDayListStream does: integer ids become strings, the day read is added as `date`."""
    out = copy.deepcopy(dict(record))
    for field in id_fields:
        if out.get(field) is not None:
            out[field] = str(out[field])
    out["date"] = day
    return with_shop(out)


# §6.4 Get Payments (official doc sample).
PAYMENT_SAMPLE = {
    "id": "3458767051733897992", "create_time": 1636105796, "paid_time": 1685548800, "status": "PAID",
    "amount": {"currency": "GBP", "value": "100"}, "payment_amount_before_exchange": {"currency": "GBP", "value": "100"},
    "settlement_amount": {"currency": "GBP", "value": "130"}, "reserve_amount": {"currency": "GBP", "value": "-30"},
    "exchange_rate": "1.000000", "bank_account": "***********1234",
}

# §6.4 Get Withdrawals (official doc sample; the id is not numeric).
WITHDRAWAL_SAMPLE = {"id": "EFASDFSAFDA23432DFAFDSA", "type": "WITHDRAW", "amount": "100", "currency": "IDR",
                     "status": "PROCESSING", "create_time": 1623812664}

# §6.4 Get Transactions by Order, 202501: no sample in the reference; constructed from its field list, with the
# connector's `order_update_time` (the order's update_time in Get Order List).
ORDER_STATEMENT_SAMPLE = {
    "order_id": "576463220456522968", "order_create_time": 1685548800, "currency": "USD", "revenue_amount": "200",
    "shipping_cost_amount": "-40", "fee_and_tax_amount": "-30", "settlement_amount": "130", "total_count": 1,
    "sku_transactions": [{
        "sku_id": "1729592969712207012", "sku_name": "Red, M", "product_name": "Socks", "quantity": "2",
        "statement_id": "7238804564097517339", "revenue_amount": "200",
        "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
        "shipping_cost_amount": "-40",
        "shipping_cost_breakdown": {"actual_shipping_fee_amount": "-40",
                                    "supplementary_component": {"fbm_shipping_cost_amount": "-40"}},
        "fee_tax_amount": "-30",
        "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"vat_amount": "0"}},
        "settlement_amount": "130",
    }],
    "order_update_time": 1685635200,
}

# §6.4 Get Unsettled Transactions (202507): constructed from the OAS field list.
UNSETTLED_SAMPLE = {
    "id": "1636700041413599299", "type": "ORDER", "status": "UNSETTLED", "order_id": "576463220456522969",
    "adjustment_id": "0", "adjustment_order_id": "0", "currency": "USD", "order_create_time": 1751328000,
    "est_settlement_amount": "130", "est_revenue_amount": "200", "est_shipping_cost_amount": "-40",
    "est_fee_tax_amount": "-30", "est_adjustment_amount": "0", "estimated_settlement": "7 days after delivery",
    "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
    "shipping_cost_breakdown": {"actual_shipping_fee_amount": "-40", "supplementary_component": {"fbm_shipping_cost_amount": "-40"}},
    "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"sales_tax_amount": "0"}},
    "unsettled_reason": "",
}

# §6.5 Search Returns (LIVE).
RETURN_SAMPLE = {
    "return_id": "4035463945335048707", "order_id": "579238058323577347", "return_type": "RETURN_AND_REFUND",
    "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE", "role": "BUYER", "create_time": 1724558837,
    "update_time": 1724833101, "combined_return_id": "0", "is_combined_return": False, "handover_method": "DROP_OFF",
    "return_method": "PLATFORM_SHIPPED", "return_reason": "ecom_order_delivered_refund_and_return_reason_damaged",
    "return_reason_text": "Package or product is damaged",
    "refund_amount": {"currency": "VND", "refund_shipping_fee": "0", "refund_subtotal": "864000", "refund_tax": "0",
                      "refund_total": "864000"},
    "discount_amount": [{"currency": "VND", "product_platform_discount": "0", "product_seller_discount": "288000",
                         "shipping_fee_platform_discount": "166100", "shipping_fee_seller_discount": "0"}],
    "return_line_items": [{
        "return_line_item_id": "4035463945335114243", "order_line_item_id": "579238050604288515",
        "sku_id": "1730420785344318071", "seller_sku": "FUJIWA04-24", "sku_name": "...", "product_name": "...",
        "product_image": {"height": 200, "url": "https://...", "width": 200},
        "refund_amount": {"currency": "VND", "refund_shipping_fee": "0", "refund_subtotal": "432000", "refund_tax": "0",
                          "refund_total": "432000"}}],
    "shipment_type": "PLATFORM",
    "shipping_fee_amount": [{"currency": "VND", "buyer_paid_return_shipping_fee": "0",
                             "platform_paid_return_shipping_fee": "0", "seller_paid_return_shipping_fee": "166100"}],
}

# §6.5 Search Cancellations (LIVE; no refund_amount on this seller cancellation).
CANCELLATION_SAMPLE = {
    "cancel_id": "4035348475003308298", "order_id": "577958834469439754", "cancel_type": "CANCEL",
    "cancel_status": "CANCELLATION_REQUEST_COMPLETE", "cancel_reason": "seller_cancel_paid_reason_address_not_deliver",
    "cancel_reason_text": "Unable to deliver to customer address", "role": "SELLER", "create_time": 1696306119,
    "update_time": 1696306119, "should_replenish_stock": True,
    "cancel_line_items": [{"cancel_line_item_id": "4035348475003373834", "order_line_item_id": "577958834469570826",
                           "sku_id": "1729700293904534135", "seller_sku": "FUJIWA02-450", "sku_name": "...",
                           "product_name": "...", "product_image": {"height": 200, "url": "https://...", "width": 200}}],
}

# §6.6 Get Warehouse List (official doc sample).
WAREHOUSE_SAMPLE = {
    "id": "7000714532876273410", "entity_id": "7395366865142499073", "name": "Guangzhou", "effect_status": "ENABLED",
    "type": "SALES_WAREHOUSE", "sub_type": "DOMESTIC_WAREHOUSE", "is_default": True,
    "address": {"region": "China", "region_code": "CN", "state": "GuangDong", "city": "GuanZhou", "distict": "HuaDu",
                "town": "town", "postal_code": "510000", "full_address": "South Sea 11 floor", "contact_person": "Lee",
                "phone_number": "188****2234", "geolocation": {"latitude": "45.41634", "longitude": "-75.6868"}},
}

# §6.7 Get Categories, §6.8 Get Brands (official doc samples).
CATEGORY_SAMPLE = {"id": "600002", "parent_id": "600001", "local_name": "Home Supplies", "is_leaf": False,
                   "permission_statuses": ["INVITE_ONLY", "NON_MAIN_CATEGORY"]}
BRAND_SAMPLE = {"id": "7082427311584347905", "name": "Teas", "authorized_status": "UNAUTHORIEZD",
                "brand_status": "AVAILABLE", "is_t1_brand": True}

# §6.9 Inventory Search (LIVE), and the doc sample (NET) with campaign and creator inventory.
INVENTORY_SAMPLE = {
    "product_id": "1729700293904403063",
    "skus": [{"id": "1729700293904534135", "seller_sku": "FUJIWA02-450", "total_available_quantity": 995,
              "total_committed_quantity": 0, "total_available_inventory_distribution": {"in_shop_inventory": {"quantity": 995}},
              "warehouse_inventory": [{"warehouse_id": "7272949914115966726", "available_quantity": 995, "committed_quantity": 0}]}],
}
INVENTORY_DOC_SAMPLE = {
    "product_id": "1729592969712207008",
    "skus": [{"id": "1729388324987897824", "seller_sku": "Color-Red-XM01",
              "total_available_inventory_distribution": {
                  "campaign_inventory": [{"campaign_name": "Big Sale", "quantity": 30}],
                  "creator_inventory": [{"creator_name": "py001", "quantity": 20}],
                  "in_shop_inventory": {"quantity": 50}},
              "total_available_quantity": 100, "total_committed_quantity": 10,
              "warehouse_inventory": [{"available_quantity": 100, "committed_quantity": 10, "warehouse_id": "7054915283043174149"}]}],
}

# §6.10 Search Package (official doc sample).
PACKAGE_SAMPLE = {
    "id": "577828281214600000", "status": "PROCESSING", "create_time": 1635338186, "update_time": 1635338186,
    "order_line_item_ids": ["1729382476852921560"],
    "orders": [{"id": "577828281214600000", "skus": [{"id": "577828281214883345", "name": "white,128g",
                                                      "image_url": "https://...", "quantity": 5}]}],
    "shipping_provider_id": "6617675021119438849", "shipping_provider_name": "TT Virtual express",
    "tracking_number": "6617675021119438849",
}

# §6.11 Get Shop Performance 202405: one interval, plus `latest_available_date` from the response.
SHOP_PERFORMANCE_LATEST = "2025-12-25"
SHOP_INTERVAL_SAMPLE = {
    "start_date": "2025-12-21", "end_date": "2025-12-22", "gmv": {"amount": "13898.76", "currency": "MYR"},
    "gmv_breakdowns": [{"amount": "7382.87", "currency": "MYR", "type": "LIVE"},
                       {"amount": "3515.89", "currency": "MYR", "type": "VIDEO"},
                       {"amount": "3000.00", "currency": "MYR", "type": "PRODUCT_CARD"}],
    "orders": 123, "buyers": 122, "units_sold": 145, "sku_orders": 150,
    "avg_order_value": {"amount": "113.00", "currency": "MYR"}, "refunds": {"amount": "0.00", "currency": "MYR"},
    "cancellations_and_returns": 2, "product_impressions": 50000, "product_page_views": 4000, "avg_product_page_visitors": 1500,
}

# §6.11 Shop Product Performance List 202405 and Shop SKU Performance List 202406: ids are JSON integers.
PRODUCT_LIST_ITEM = {"id": 1729592969712207008, "gmv": {"amount": "1250.00", "currency": "GBP"}, "orders": 40,
                     "units_sold": 52, "click_through_rate": "0.0528"}
SKU_LIST_ITEM = {"id": 1729592969712207012, "product_id": 1729592969712207008,
                 "gmv": {"amount": "300.00", "currency": "GBP"}, "sku_orders": 12, "units_sold": 14}
LIST_DAY = "2024-07-09"

SAMPLES: List[Tuple[str, str, Dict[str, Any]]] = [
    ("payments", "payment", with_shop(PAYMENT_SAMPLE)),
    ("withdrawals", "withdrawal", with_shop(WITHDRAWAL_SAMPLE)),
    ("order_statement_transactions", "202501 order (constructed)", with_shop(ORDER_STATEMENT_SAMPLE)),
    ("unsettled_transactions", "202507 transaction (constructed)", with_shop(UNSETTLED_SAMPLE)),
    ("returns", "return", with_shop(RETURN_SAMPLE)),
    ("cancellations", "cancellation", with_shop(CANCELLATION_SAMPLE)),
    ("warehouses", "warehouse", with_shop(WAREHOUSE_SAMPLE)),
    ("categories", "category", with_shop(CATEGORY_SAMPLE)),
    ("brands", "brand", with_shop(BRAND_SAMPLE)),
    ("inventory", "LIVE inventory", with_shop(INVENTORY_SAMPLE)),
    ("inventory", "doc inventory with campaign/creator stock", with_shop(INVENTORY_DOC_SAMPLE)),
    ("packages", "package", with_shop(PACKAGE_SAMPLE)),
    ("shop_performance", "1D interval",
     with_shop({**SHOP_INTERVAL_SAMPLE, "latest_available_date": SHOP_PERFORMANCE_LATEST})),
    ("product_performance", "product list item", as_daily_list_record(PRODUCT_LIST_ITEM, ["id"], LIST_DAY)),
    ("sku_performance", "SKU list item", as_daily_list_record(SKU_LIST_ITEM, ["id", "product_id"], LIST_DAY)),
]
SAMPLE_IDS = [f"{s}: {label}" for s, label, _ in SAMPLES]


def first_sample(stream: str) -> Dict[str, Any]:
    return copy.deepcopy(next(record for s, _, record in SAMPLES if s == stream))


def errors_of(stream: str, record: Mapping[str, Any]) -> List[str]:
    validator = jsonschema.Draft7Validator(load(stream))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


# --------------------------------------------------------------------------- 1. valid draft-07

def test_every_new_schema_exists():
    assert {p.stem for p in SCHEMAS_DIR.glob("*.json")} >= set(NEW_STREAMS)


def test_every_new_stream_has_a_sample():
    assert {s for s, _, _ in SAMPLES} == set(NEW_STREAMS)


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_schema_is_valid_draft7(stream):
    schema = load(stream)
    assert schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


# --------------------------------------------------------------------------- 2. reference samples validate

@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=SAMPLE_IDS)
def test_reference_sample_validates(stream, label, record):
    assert not errors_of(stream, record)


@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=SAMPLE_IDS)
def test_reference_sample_fields_are_all_declared(stream, label, record):
    """additionalProperties is open, so a misspelt property would pass silently: catch it here."""

    def undeclared(schema: Mapping[str, Any], value: Any, path: str) -> List[str]:
        out: List[str] = []
        if isinstance(value, dict):
            props = schema.get("properties") or {}
            for key, sub in value.items():
                if key not in props:
                    out.append(path + key)
                else:
                    out += undeclared(props[key], sub, path + key + ".")
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for element in value:
                out += undeclared(schema["items"], element, path[:-1] + "[].")
        return out

    assert undeclared(load(stream), record, "") == []


def test_withdrawal_id_may_be_non_numeric():
    assert not errors_of("withdrawals", with_shop({**WITHDRAWAL_SAMPLE, "id": "EFASDFSAFDA23432DFAFDSA"}))


def test_payment_amounts_are_value_currency_objects():
    schema = load("payments")
    for name in ("amount", "payment_amount_before_exchange", "settlement_amount", "reserve_amount"):
        prop = schema["properties"][name]
        assert types_of(prop) == {"null", "object"}, name
        assert types_of(prop["properties"]["value"]) == {"null", "string"}, name
        assert types_of(prop["properties"]["currency"]) == {"null", "string"}, name
    assert errors_of("payments", {**with_shop(PAYMENT_SAMPLE), "amount": "100"})


def test_cancellation_without_refund_amount_validates():
    record = with_shop(CANCELLATION_SAMPLE)
    assert "refund_amount" not in record
    assert not errors_of("cancellations", record)


def test_unsettled_order_statement_has_empty_sku_transactions():
    record = with_shop({"order_id": "576463220456522968", "order_create_time": 1685548800, "sku_transactions": [],
                        "total_count": 0, "order_update_time": 1685635200})
    assert not errors_of("order_statement_transactions", record)


def test_order_statement_breakdowns_match_statement_transactions():
    sku = load("order_statement_transactions")["properties"]["sku_transactions"]["items"]["properties"]
    reference = load("statement_transactions")["properties"]
    for name in ("revenue_breakdown", "shipping_cost_breakdown", "fee_tax_breakdown"):
        assert sku[name] == reference[name], name
    assert types_of(sku["quantity"]) == {"null", "string"}


def test_unsettled_estimated_settlement_accepts_text_and_timestamps():
    for value in ("7 days after delivery", "1752537600", 1752537600, None):
        assert not errors_of("unsettled_transactions", {**with_shop(UNSETTLED_SAMPLE), "estimated_settlement": value})


def test_warehouse_geolocation_is_strings_and_district_is_misspelt():
    address = load("warehouses")["properties"]["address"]["properties"]
    assert "distict" in address
    geo = address["geolocation"]["properties"]
    assert types_of(geo["latitude"]) == types_of(geo["longitude"]) == {"null", "string"}


def test_inventory_distribution_lists_campaign_and_creator_stock():
    sku = load("inventory")["properties"]["skus"]["items"]["properties"]
    distribution = sku["total_available_inventory_distribution"]["properties"]
    assert {"in_shop_inventory", "campaign_inventory", "creator_inventory"} <= set(distribution)
    assert {"total_available_quantity", "total_committed_quantity", "warehouse_inventory"} <= set(sku)


@pytest.mark.parametrize("stream,raw,fields", [
    ("product_performance", PRODUCT_LIST_ITEM, ["id"]),
    ("sku_performance", SKU_LIST_ITEM, ["id", "product_id"]),
])
def test_analytics_integer_ids_must_be_converted(stream, raw, fields):
    """The OAS types these ids as JSON integers; the schema accepts them only once the connector made them strings."""
    unconverted = with_shop({**raw, "date": LIST_DAY})
    assert errors_of(stream, unconverted)
    converted = as_daily_list_record(raw, fields, LIST_DAY)
    assert converted["id"] == str(raw["id"]) and len(converted["id"]) == 19
    assert not errors_of(stream, converted)


def test_shop_performance_count_breakdowns_accept_integers_and_strings():
    base = with_shop({**SHOP_INTERVAL_SAMPLE, "latest_available_date": SHOP_PERFORMANCE_LATEST})
    for amount in (5, "5"):
        record = {**base, "buyer_breakdowns": [{"type": "LIVE", "amount": amount}],
                  "product_impression_breakdowns": [{"type": "VIDEO", "amount": amount}],
                  "product_page_view_breakdowns": [{"type": "PRODUCT_CARD", "amount": amount}],
                  "avg_product_page_visitor_breakdowns": [{"type": "LIVE", "amount": amount}]}
        assert not errors_of("shop_performance", record)
    assert not errors_of("shop_performance", {**base, "latest_available_date": None})


# --------------------------------------------------------------------------- primary keys and cursors

@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_primary_key_and_cursor_are_required_and_typed(stream):
    schema = load(stream)
    for field, kind in non_null_types(stream).items():
        assert types_of(schema["properties"][field]) == {kind}, field
        assert field in schema.get("required", []), field


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_null_or_missing_primary_key_or_cursor_is_rejected(stream):
    sample = first_sample(stream)
    assert not errors_of(stream, sample)
    for field in non_null_types(stream):
        assert errors_of(stream, {**sample, field: None}), field
        assert errors_of(stream, {k: v for k, v in sample.items() if k != field}), field


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_other_top_level_fields_accept_null(stream):
    schema = load(stream)
    keys = non_null_types(stream)
    sample = first_sample(stream)
    record = {name: (sample[name] if name in keys else None) for name in schema["properties"]}
    assert not errors_of(stream, record)


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_only_primary_keys_and_cursors_are_non_nullable(stream):
    keys = non_null_types(stream)
    offenders = [where for where, _, prop in walk(load(stream)) if where not in keys and "null" not in types_of(prop)]
    assert not offenders


# --------------------------------------------------------------------------- 3. naming conventions, nested

@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_ids_are_strings(stream):
    assert not id_type_problems(load(stream))


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_times_are_integers(stream):
    bad = [(where, prop.get("type")) for where, name, prop in walk(load(stream))
           if name.endswith("_time") and ("integer" not in types_of(prop) or types_of(prop) - {"null", "integer"})]
    assert not bad


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_analytics_dates_are_strings(stream):
    """`YYYY-MM-DD` strings (reference §6.11), unlike the Unix `*_time` integers."""
    bad = [(where, prop.get("type")) for where, name, prop in walk(load(stream))
           if (name == "date" or name.endswith("_date")) and types_of(prop) - {"null", "string"}]
    assert not bad


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_amounts_are_strings(stream):
    bad = []
    for where, name, prop in walk(load(stream)):
        is_money = name == "amount" or name.endswith("_amount") or name.endswith("_fee") or name.endswith("_discount") \
            or name in MONEY_NAMES
        if not is_money:
            continue
        if (stream, where) in AMOUNT_CONTAINERS:
            ok = bool(types_of(prop) & {"object", "array"})
            ok = ok and all(types_of(leaf) == {"null", "string"}
                            for _, _, leaf in walk(prop.get("items") or prop) if not types_of(leaf) & {"object", "array"})
        elif (stream, where) in COUNT_AMOUNTS:
            ok = types_of(prop) == {"null", "integer", "string"}
        else:
            ok = types_of(prop) == {"null", "string"}
        if not ok:
            bad.append((where, prop.get("type")))
    assert not bad


def test_amount_exceptions_exist():
    for stream, where in AMOUNT_CONTAINERS | COUNT_AMOUNTS:
        assert where in {w for w, _, _ in walk(load(stream))}, (stream, where)


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_counts_are_integers(stream):
    bad = [(where, prop.get("type")) for where, name, prop in walk(load(stream))
           if (name in COUNT_NAMES or name == "quantity" and not where.startswith("sku_transactions"))
           and not types_of(prop) & {"object", "array"} and types_of(prop) != {"null", "integer"}]
    assert not bad


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_flags_are_booleans(stream):
    bad = [(where, prop.get("type")) for where, name, prop in walk(load(stream))
           if (name.startswith("is_") or name.startswith("has_")) and types_of(prop) != {"null", "boolean"}]
    assert not bad


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_every_object_is_open_and_every_array_typed(stream):
    schema = load(stream)
    closed = [where for where, node in objects(schema) if node.get("additionalProperties") is not True]
    untyped = [where for where, _, prop in walk(schema) if "array" in types_of(prop) and not isinstance(prop.get("items"), dict)]
    assert not closed and not untyped


@pytest.mark.parametrize("stream", NEW_STREAMS)
def test_every_nested_object_declares_its_properties(stream):
    """Nested objects are typed with their own properties, never left as a bare `object`."""
    bare = [where for where, _, prop in walk(load(stream))
            if "object" in types_of(prop) and not prop.get("properties")]
    bare += [where for where, _, prop in walk(load(stream))
             if isinstance(prop.get("items"), dict) and prop["items"].get("type") == "object" and not prop["items"].get("properties")]
    assert not bare
