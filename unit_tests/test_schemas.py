"""Checks on every stream's JSON schema (source_tiktok_shop/streams/schemas/), one suite over STREAM_CLASSES.

1. every stream class has a schema file, every schema file a stream class, and each is a valid draft-07 schema;
2. a sample answer of each table's TikTok operation, shaped as the connector emits it (`shop_id` on every record;
   the statement's `statement_id`/`statement_time` on statement transactions; analytics ids as strings and the day
   read as `date`; `latest_available_date` on shop performance; `order_update_time` on order statement
   transactions), validates against the table's schema, and every field it carries is declared;
3. the primary key and cursor that `discover` advertises, and `shop_id`, are required and never null; every other
   field is nullable;
4. naming conventions hold at every nesting level: ids are strings, `*_time` fields Unix integers, dates
   `YYYY-MM-DD` strings in the analytics tables, amounts strings (or objects and lists of strings), counts integers,
   `is_*`/`has_*` flags booleans, every object open (`additionalProperties: true`) with its properties declared, and
   every array typed with `items`.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, Dict, List, Mapping, Optional, Tuple

import jsonschema
import pytest
from airbyte_cdk.sources.utils.casing import camel_to_snake
from schema_walk import SHOP_ID, id_type_problems, load, objects, types_of, walk

from source_tiktok_shop.source import SourceTiktokShop
from source_tiktok_shop.streams import STREAM_CLASSES
from source_tiktok_shop.streams.base import SCHEMAS_DIR

# Every table, named as the CDK names a stream class, in the order `discover` lists them.
STREAMS = [camel_to_snake(cls.__name__) for cls in STREAM_CLASSES]
DISCOVER_CONFIG = {
    "credentials": {
        "auth_type": "oauth2.0",
        "app_key": "schema-test-app-key",
        "app_secret": "schema-test-app-secret-0123456789",
        "refresh_token": "schema-test-refresh-token-0123456789",
    },
    "start_date": "2024-01-01T00:00:00Z",
}
DISCOVERED = {stream.name: stream for stream in SourceTiktokShop().discover(logging.getLogger("airbyte"), DISCOVER_CONFIG).streams}

# Tables whose days are shop-local calendar dates (`YYYY-MM-DD` strings): GET /analytics/... operations.
ANALYTICS = {"shop_performance", "product_performance", "sku_performance"}
# The shops table's schema lists no `required` fields (its records are GET /authorization/202309/shops entries).
NOT_REQUIRED = {"shops"}
# Account-level tables whose records name no shop: GET /authorization/202405/category_assets takes no shop_cipher
# and its items carry no shop, so they belong to the authorization and have no `shop_id`.
WITHOUT_SHOP_ID = {"category_assets"}


def primary_key(stream: str) -> List[str]:
    return [field for path in DISCOVERED[stream].source_defined_primary_key for field in path]


def cursor_of(stream: str) -> Optional[str]:
    cursor = DISCOVERED[stream].default_cursor_field
    return cursor[0] if cursor else None


# Key fields that are not ids: a return record has no id (GET /return_refund/202309/returns/{return_id}/records),
# so the connector keys it by its position in the return's timeline, an integer.
INTEGER_KEYS = {("return_records", "record_index")}


def non_null_types(stream: str) -> Dict[str, str]:
    """The primary key, the cursor and `shop_id`: never null, with exactly this type."""
    types = {field: "integer" if (stream, field) in INTEGER_KEYS else "string" for field in primary_key(stream)}
    if stream not in WITHOUT_SHOP_ID:
        types["shop_id"] = "string"
    cursor = cursor_of(stream)
    if cursor:
        types[cursor] = "string" if stream in ANALYTICS else "integer"
    return types


# `*_time` fields documented as strings: 202501 `estimated_release_time` is a Unix timestamp sent as a string, or ""
# (GET /finance/202501/statements/{statement_id}/statement_transactions).
# The commission `effective_time` of a targeted plan's product is a string in the OAS ("It is a timestamp."; GET
# /affiliate_seller/202508/target_collaborations/{target_collaboration_id}).
STRING_TIME_EXCEPTIONS = {
    ("statement_transactions", "estimated_release_time"),
    ("affiliate_target_collaborations", "products[].commission.effective_time"),
}
# `*_time` fields the spec types as strings only: a LIVE coupon task's `min_watch_time` is a number of seconds ("60"),
# not an instant (GET /promotion/202406/coupons/{coupon_id}).
STRING_DURATIONS = {("coupons", "live_tasks[].min_watch_time")}
# Ids the spec types as integers: a business category's `id` (GET /authorization/202405/category_assets); the
# connector copies it, as text, to the record's `category_id`.
INTEGER_IDS = {("category_assets", "category.id")}
# Fields named like amounts that hold money objects or lists rather than a string: payments carry {value, currency}
# objects (GET /finance/202309/payments); returns and cancellations carry refund/discount/shipping-fee objects and
# lists (POST /return_refund/202309/returns/search, .../cancellations/search). Every leaf inside them is a string.
MONEY_OBJECTS = {("payments", name) for name in ("amount", "payment_amount_before_exchange", "settlement_amount", "reserve_amount")}
AMOUNT_CONTAINERS = MONEY_OBJECTS | {
    ("returns", "refund_amount"),
    ("returns", "return_line_items[].refund_amount"),
    ("returns", "discount_amount"),
    ("returns", "shipping_fee_amount"),
    ("cancellations", "refund_amount"),
    ("cancellations", "cancel_line_items[].refund_amount"),
    # Coupon discounts: {amount, currency} objects (POST /promotion/202406/coupons/search).
    ("coupons", "discount.max_discount"),
    ("coupons", "discount.reduction_amount"),
    # The creator bonus of an affiliate order's SKU is an {amount, currency} object (POST /affiliate_seller/202410/orders/search).
    ("affiliate_orders", "skus[].estimated_cofunded_creator_bonus_amount"),
    ("affiliate_orders", "skus[].actual_cofunded_creator_bonus_amount"),
}
# Breakdowns of counts (buyers, impressions, page views, visitors) reuse the key `amount`: integers in the OpenAPI
# spec, strings in third-party samples, so both are allowed.
COUNT_AMOUNTS = {
    ("shop_performance", f"{field}[].amount")
    for field in (
        "buyer_breakdowns",
        "product_impression_breakdowns",
        "product_page_view_breakdowns",
        "avg_product_page_visitor_breakdowns",
    )
}
# Named like money but integers: the Subscribe and Save discount bounds of a product.
NOT_MONEY = {("products", f"subscribe_info.subscribe_promotion_config[].{name}") for name in ("max_discount", "min_discount")}
# Named like money but configuration objects (tiers, thresholds, shipping scope) of a promotion activity's discount.
NOT_MONEY |= {("promotion_activities", f"discount.{name}") for name in ("bmsm_discount", "gift_discount", "shipping_discount")}
# Money fields whose names do not end in `_amount`.
MONEY_NAMES = {"refund_subtotal", "refund_total", "refund_tax", "value", "exchange_rate"}
# Count fields (analytics metrics, inventory quantities, pagination totals, image sizes).
COUNT_NAMES = {
    "orders",
    "sku_orders",
    "units_sold",
    "buyers",
    "cancellations_and_returns",
    "product_impressions",
    "product_page_views",
    "avg_product_page_visitors",
    "total_count",
    "available_quantity",
    "committed_quantity",
    "total_available_quantity",
    "total_committed_quantity",
    "width",
    "height",
}
# Named like counts but not integers: product measurements are decimal strings; a warehouse's stock in product search
# is an integer in every sample, a string tolerated; order settlements' SKU `quantity` is a string.
NOT_COUNTS = {
    ("products", "package_dimensions.width"),
    ("products", "package_dimensions.height"),
    ("products", "skus[].sku_dimensions.width"),
    ("products", "skus[].sku_dimensions.height"),
    ("products", "skus[].inventory[].quantity"),
    ("products", "skus[].combined_skus[].inventory[].quantity"),
    ("order_statement_transactions", "sku_transactions[].quantity"),
}


# --------------------------------------------------------------------------- sample answers (as emitted)


def with_shop(record: Mapping[str, Any]) -> Dict[str, Any]:
    return {**copy.deepcopy(dict(record)), "shop_id": SHOP_ID}


def as_transaction_record(record: Mapping[str, Any]) -> Dict[str, Any]:
    """The connector copies the parent statement's `id` and `statement_time` onto each row."""
    return {**with_shop(record), "statement_id": STATEMENT_SAMPLE["id"], "statement_time": STATEMENT_SAMPLE["statement_time"]}


def as_daily_list_record(record: Mapping[str, Any], id_fields: List[str], day: str) -> Dict[str, Any]:
    """Integer ids become strings, the day read is added as `date`."""
    out = copy.deepcopy(dict(record))
    for field in id_fields:
        if out.get(field) is not None:
            out[field] = str(out[field])
    out["date"] = day
    return with_shop(out)


# GET /authorization/202309/shops (a live answer).
SHOP_SAMPLE = {
    "cipher": "ROW_aiVo7gAAAAB2vvlFyfTxbVr4ZFHoDbhK",
    "code": "VNLCTNWY6A",
    "id": SHOP_ID,
    "name": "Fujiwa Vietnam Store",
    "region": "VN",
    "seller_type": "LOCAL",
}

# POST /product/202502/products/search (a live answer). FREEZE/DELETED products are emitted in this search-summary shape.
PRODUCT_SEARCH_SAMPLE = {
    "id": "1734952395144267383",
    "title": "...",
    "status": "ACTIVATE",
    "create_time": 1775123176,
    "update_time": 1782892330,
    "audit": {"pre_approved_reasons": [], "status": "APPROVED"},
    "has_draft": False,
    "is_not_for_sale": False,
    "product_tags": [],
    "recommended_categories": [],
    "sales_regions": ["VN"],
    "skus": [
        {
            "id": "1734952449674217079",
            "seller_sku": "XTM-C",
            "inventory": [{"quantity": 43, "warehouse_id": "7272949914115966726"}],
            "price": {"currency": "VND", "tax_exclusive_price": "72000"},
            "status_info": {"status": "NORMAL"},
        }
    ],
}

# GET /product/202309/products/{product_id}: the detail record the table emits; the documentation's sample
# (`ProductGetProductDetailResponse.json`), URLs shortened. Note `product_types` is a plain string here although
# the OpenAPI spec says array.
PRODUCT_DETAIL_SAMPLE = {
    "audit_failed_reasons": [
        {
            "position": "product",
            "reasons": ["violate listing rules"],
            "suggestions": ["The product violates TikTok Shopping listing rules, please check and resubmit."],
        }
    ],
    "brand": {"id": "7082427311584347905", "name": "brand xxx aaa"},
    "category_chains": [{"id": "853000", "is_leaf": True, "local_name": "Botol & Stoples Penyimpanan", "parent_id": "851848"}],
    "certifications": [
        {
            "files": [
                {
                    "format": "PDF",
                    "id": "v09ea0g40000cj91373c77u3mid3g1s0",
                    "name": "CERT_X2.PDF",
                    "urls": ["https://p16-oec-va.ibyteimg.com/cert.jpeg"],
                }
            ],
            "id": "602362",
            "images": [
                {
                    "height": 600,
                    "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                    "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
                    "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
                    "width": 600,
                }
            ],
            "title": "SNI Certificate",
        }
    ],
    "create_time": 1234567890,
    "delivery_options": [{"id": "1729592969712203232", "is_available": True, "name": '""'}],
    "description": "<p>Please compare above detailed size with your measurement before purchase.</p>",
    "external_product_id": "172959296971220002",
    "id": "1729592969712207008",
    "is_cod_allowed": True,
    "main_images": [
        {
            "height": 600,
            "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
            "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
            "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
            "width": 600,
        }
    ],
    "manufacturer": {
        "address": "123W 106th St, New York, NY, USA, 10025",
        "email": "samplemanufacturer101@outlook.com",
        "name": "Sample Manufacturer Name",
        "phone_number": "12345678",
    },
    "package_dimensions": {"height": "10", "length": "10", "unit": "CENTIMETER", "width": "10"},
    "package_weight": {"unit": "KILOGRAM", "value": "1.32"},
    "product_attributes": [{"id": "100392", "name": "Occasion", "values": [{"id": "1001533", "name": "Birthday"}]}],
    "product_types": "COMBINED_PRODUCT",
    "size_chart": {
        "image": {
            "height": 600,
            "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
            "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
            "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
            "width": 600,
        },
        "template": {"id": "7267563252536723205"},
    },
    "skus": [
        {
            "combined_skus": [{"product_id": "1729582718312380123", "sku_count": 1, "sku_id": "1729582718312380123"}],
            "external_sku_id": "1729592969712207234",
            "global_listing_policy": {
                "inventory_type": "SHARED",
                "price_sync": True,
                "replicate_source": {
                    "product_id": "1729592969712203232",
                    "shop_id": "7295929697122032321",
                    "sku_id": "1729592969712203232",
                },
            },
            "id": "10001",
            "identifier_code": {"code": "10000000000010", "type": "GTIN"},
            "inventory": [{"quantity": 999, "warehouse_id": "6966568648651605766"}],
            "price": {"currency": "USD", "sale_price": "117.5", "tax_exclusive_price": "110", "unit_price": "1"},
            "sales_attributes": [
                {
                    "id": "100000",
                    "name": "Color",
                    "sku_img": {
                        "height": 100,
                        "thumb_urls": ["https://p16-oec-va.ibyteimg.com/t.jpeg"],
                        "uri": "tos-maliva-i-o3syd03w52-us/c668cdf70b7f483c94dbe",
                        "urls": ["https://p16-oec-va.ibyteimg.com/u.jpeg"],
                        "width": 100,
                    },
                    "value_id": "100000",
                    "value_name": "Red",
                }
            ],
            "seller_sku": "sku name",
            "sku_unit_count": "1.00",
        }
    ],
    "status": "SELLER_DEACTIVATED",
    "title": "Short Boat Invisible Socks",
    "update_time": 1234567899,
    "video": {
        "cover_url": "https://p16-oec-va.ibyteimg.com/cover.jpeg",
        "format": "MP4",
        "height": 480,
        "id": "v09ea0g40000cj91373c77u3mid3g1s0",
        "size": 1000,
        "url": "https://v16m-default.akamaized.net/v.mp4",
        "width": 1280,
    },
}

# POST /order/202309/orders/search (a live answer, shortened: its 3 line items are identical except `id`).
ORDER_SAMPLE = {
    "id": "577958834469439754",
    "status": "CANCELLED",
    "create_time": 1695873653,
    "update_time": 1696306119,
    "buyer_email": "v4bGVX...@scs2.tiktok.com",
    "buyer_message": "",
    "cancel_reason": "...",
    "cancel_time": 1696306119,
    "cancellation_initiator": "SELLER",
    "commerce_platform": "TIKTOK_SHOP",
    "delivery_option_id": "7057025213938009858",
    "delivery_option_name": "Standard shipping",
    "delivery_type": "HOME_DELIVERY",
    "fulfillment_type": "FULFILLMENT_BY_SELLER",
    "is_cod": True,
    "is_on_hold_order": False,
    "is_replacement_order": False,
    "is_sample_order": False,
    "order_type": "NORMAL",
    "line_items": [
        {
            "id": "577958834469570826",
            "product_id": "1729700293904403063",
            "sku_id": "1729700293904534135",
            "seller_sku": "FUJIWA02-450",
            "sku_name": "...",
            "currency": "VND",
            "original_price": "168000",
            "sale_price": "168000",
            "seller_discount": "0",
            "platform_discount": "0",
            "display_status": "CANCELLED",
            "package_id": "1153486604836964618",
            "package_status": "CANCELLED",
            "is_gift": False,
            "gift_retail_price": "0",
            "sku_type": "NORMAL",
            "rts_time": 1695969425,
            "tracking_number": "3220279504",
            "shipping_provider_id": "7099654067386844933",
            "shipping_provider_name": "GHTK",
        }
    ],
    "packages": [{"id": "1153486604836964618"}],
    "payment": {
        "currency": "VND",
        "original_shipping_fee": "153000",
        "original_total_product_price": "504000",
        "platform_discount": "0",
        "seller_discount": "0",
        "shipping_fee": "153000",
        "shipping_fee_cofunded_discount": "0",
        "shipping_fee_platform_discount": "0",
        "shipping_fee_seller_discount": "0",
        "sub_total": "504000",
        "tax": "0",
        "total_amount": "657000",
    },
    "payment_method_name": "Cash on delivery",
    "recipient_address": {
        "name": "",
        "full_address": "",
        "phone_number": "",
        "postal_code": "",
        "region_code": "",
        "address_line1": "",
        "address_line2": "",
        "address_line3": "",
        "address_line4": "",
        "address_detail": "",
        "first_name": "",
        "last_name": "",
        "delivery_preferences": {"drop_off_location": ""},
    },
    "rts_sla_time": 1696006799,
    "rts_time": 1695969425,
    "shipping_provider": "GHTK",
    "shipping_provider_id": "7099654067386844933",
    "shipping_type": "TIKTOK",
    "tracking_number": "3220279504",
    "tts_sla_time": 1696093199,
    "user_id": "7494037984113493258",
    "warehouse_id": "7272949914115966726",
}

# GET /finance/202309/statements (the documentation's sample).
STATEMENT_SAMPLE = {
    "id": "7238804564097517339",
    "statement_time": 1685548800,
    "settlement_amount": "100",
    "currency": "GBP",
    "revenue_amount": "200",
    "fee_amount": "-30",
    "adjustment_amount": "-70",
    "payment_status": "PAID",
    "payment_id": "3459275187040258849",
    "net_sales_amount": "-70",
    "shipping_cost_amount": "-70",
    "payment_time": 1685548800,
}

# GET /finance/202501/statements/{statement_id}/statement_transactions (constructed from the OpenAPI field list).
TRANSACTION_202501_SAMPLE = {
    "id": "1636700041413599290",
    "type": "ORDER",
    "order_id": "576463220456522968",
    "order_create_time": 1685548800,
    "settlement_amount": "130",
    "revenue_amount": "200",
    "shipping_cost_amount": "-40",
    "fee_tax_amount": "-30",
    "adjustment_amount": "0",
    "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
    "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"vat_amount": "0"}},
    "shipping_cost_breakdown": {"actual_shipping_fee_amount": "-40"},
    "reserve_amount": "",
    "reserve_status": "",
    "estimated_release_time": "",
}


# GET /finance/202309/payments (the documentation's sample).
PAYMENT_SAMPLE = {
    "id": "3458767051733897992",
    "create_time": 1636105796,
    "paid_time": 1685548800,
    "status": "PAID",
    "amount": {"currency": "GBP", "value": "100"},
    "payment_amount_before_exchange": {"currency": "GBP", "value": "100"},
    "settlement_amount": {"currency": "GBP", "value": "130"},
    "reserve_amount": {"currency": "GBP", "value": "-30"},
    "exchange_rate": "1.000000",
    "bank_account": "***********1234",
}

# GET /finance/202309/withdrawals (the documentation's sample; the id is not numeric).
WITHDRAWAL_SAMPLE = {
    "id": "EFASDFSAFDA23432DFAFDSA",
    "type": "WITHDRAW",
    "amount": "100",
    "currency": "IDR",
    "status": "PROCESSING",
    "create_time": 1623812664,
}

# The same order as the connector emits it: the search's record with the fields only the order detail answers
# (GET /order/202507/orders) merged over it; the values are the OpenAPI spec's examples.
ORDER_MERGED_SAMPLE = {
    **ORDER_SAMPLE,
    "payment_method_code": "pm_pi_ccdc_visa_c_d",
    "payment_card_type": "Debit",
    "payment_auth_code": "AUTH123457",
    "channel_entity_national_registry_id": "26.545.167/0001-21",
}

# GET /order/202407/orders/{order_id}/price_detail: the OpenAPI spec's examples, one line item, with the connector's
# `order_id` and `order_update_time` (the order's update_time in POST /order/202309/orders/search).
PRICE_CALCULATION = {
    "currency": "USD",
    "distance_fee": "2.00",
    "distance_shipping_fee": "1.00",
    "net_price_amount": "97.00",
    "payment": "101.00",
    "shipping_fee_deduction_platform": "12.00",
    "shipping_fee_deduction_platform_voucher": "1010000",
    "shipping_fee_deduction_seller": "10.00",
    "shipping_list_price": "25.00",
    "shipping_sale_price": "3.00",
    "sku_gift_net_price": "2.02",
    "sku_gift_original_price": "2.00",
    "sku_list_price": "97.00",
    "sku_sale_price": "96.00",
    "subtotal": "98.00",
    "subtotal_deduction_platform": "0.50",
    "subtotal_deduction_seller": "0.50",
    "subtotal_tax_amount": "2.00",
    "tax_amount": "2.00",
    "tax_rate": "0.021",
    "total": "122.00",
    "voucher_deduction_platform": "1010000",
    "voucher_deduction_seller": "1020000",
    "cod_fee": "0.00",
}
PRICE_DETAIL_SAMPLE = {
    "order_id": "576461413038785752",
    "order_update_time": 1696306119,
    **PRICE_CALCULATION,
    "cod_fee_net_amount": "0.00",
    "line_items": [{**PRICE_CALCULATION, "id": "576461413032342720", "cod_fee_amount": "0.00"}],
}

# GET /return_refund/202309/returns/{return_id}/records: one record of the OpenAPI spec's examples, with the
# connector's `return_id`, `record_index`, `return_update_time` and `order_id` (from the returns search).
RETURN_RECORD_SAMPLE = {
    "return_id": "4035318504086604100",
    "record_index": 0,
    "return_update_time": 1690532213,
    "order_id": "576461413038785752",
    "create_time": 1690532213,
    "description": "Customer submitted a return request",
    "event": "ORDER_RETURN",
    "images": [{"height": 200, "url": "https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/0047.jpeg", "width": 200}],
    "note": "Reach an agreement with the buyer",
    "reason_text": "Wrong product was sent",
    "role": "BUYER",
    "videos": [
        {
            "cover": "https://p16-oec-va.ibyteimg.com/musically-maliva-obj/998d.jpeg",
            "duration_millis": 3000,
            "height": 200,
            "url": "https://v16m-default.akamaized.net/1e26/video",
            "width": 200,
        }
    ],
}

# GET /finance/202501/orders/{order_id}/statement_transactions: constructed from the OpenAPI field list, with the
# connector's `order_update_time` (the order's update_time in POST /order/202309/orders/search).
ORDER_STATEMENT_SAMPLE = {
    "order_id": "576463220456522968",
    "order_create_time": 1685548800,
    "currency": "USD",
    "revenue_amount": "200",
    "shipping_cost_amount": "-40",
    "fee_and_tax_amount": "-30",
    "settlement_amount": "130",
    "total_count": 1,
    "sku_transactions": [
        {
            "sku_id": "1729592969712207012",
            "sku_name": "Red, M",
            "product_name": "Socks",
            "quantity": "2",
            "statement_id": "7238804564097517339",
            "revenue_amount": "200",
            "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
            "shipping_cost_amount": "-40",
            "shipping_cost_breakdown": {
                "actual_shipping_fee_amount": "-40",
                "supplementary_component": {"fbm_shipping_cost_amount": "-40"},
            },
            "fee_tax_amount": "-30",
            "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"vat_amount": "0"}},
            "settlement_amount": "130",
        }
    ],
    "order_update_time": 1685635200,
}

# GET /finance/202507/orders/unsettled: constructed from the OpenAPI field list.
UNSETTLED_SAMPLE = {
    "id": "1636700041413599299",
    "type": "ORDER",
    "status": "UNSETTLED",
    "order_id": "576463220456522969",
    "adjustment_id": "0",
    "adjustment_order_id": "0",
    "currency": "USD",
    "order_create_time": 1751328000,
    "est_settlement_amount": "130",
    "est_revenue_amount": "200",
    "est_shipping_cost_amount": "-40",
    "est_fee_tax_amount": "-30",
    "est_adjustment_amount": "0",
    "estimated_settlement": "7 days after delivery",
    "revenue_breakdown": {"subtotal_before_discount_amount": "210", "seller_discount_amount": "-10"},
    "shipping_cost_breakdown": {"actual_shipping_fee_amount": "-40", "supplementary_component": {"fbm_shipping_cost_amount": "-40"}},
    "fee_tax_breakdown": {"fee": {"referral_fee_amount": "-25", "transaction_fee_amount": "-5"}, "tax": {"sales_tax_amount": "0"}},
    "unsettled_reason": "",
}

# POST /return_refund/202309/returns/search (a live answer).
RETURN_SAMPLE = {
    "return_id": "4035463945335048707",
    "order_id": "579238058323577347",
    "return_type": "RETURN_AND_REFUND",
    "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "role": "BUYER",
    "create_time": 1724558837,
    "update_time": 1724833101,
    "combined_return_id": "0",
    "is_combined_return": False,
    "handover_method": "DROP_OFF",
    "return_method": "PLATFORM_SHIPPED",
    "return_reason": "ecom_order_delivered_refund_and_return_reason_damaged",
    "return_reason_text": "Package or product is damaged",
    "refund_amount": {
        "currency": "VND",
        "refund_shipping_fee": "0",
        "refund_subtotal": "864000",
        "refund_tax": "0",
        "refund_total": "864000",
    },
    "discount_amount": [
        {
            "currency": "VND",
            "product_platform_discount": "0",
            "product_seller_discount": "288000",
            "shipping_fee_platform_discount": "166100",
            "shipping_fee_seller_discount": "0",
        }
    ],
    "return_line_items": [
        {
            "return_line_item_id": "4035463945335114243",
            "order_line_item_id": "579238050604288515",
            "sku_id": "1730420785344318071",
            "seller_sku": "FUJIWA04-24",
            "sku_name": "...",
            "product_name": "...",
            "product_image": {"height": 200, "url": "https://...", "width": 200},
            "refund_amount": {
                "currency": "VND",
                "refund_shipping_fee": "0",
                "refund_subtotal": "432000",
                "refund_tax": "0",
                "refund_total": "432000",
            },
        }
    ],
    "shipment_type": "PLATFORM",
    "shipping_fee_amount": [
        {
            "currency": "VND",
            "buyer_paid_return_shipping_fee": "0",
            "platform_paid_return_shipping_fee": "0",
            "seller_paid_return_shipping_fee": "166100",
        }
    ],
}

# POST /return_refund/202309/cancellations/search (a live answer; no refund_amount on this seller cancellation).
CANCELLATION_SAMPLE = {
    "cancel_id": "4035348475003308298",
    "order_id": "577958834469439754",
    "cancel_type": "CANCEL",
    "cancel_status": "CANCELLATION_REQUEST_COMPLETE",
    "cancel_reason": "seller_cancel_paid_reason_address_not_deliver",
    "cancel_reason_text": "Unable to deliver to customer address",
    "role": "SELLER",
    "create_time": 1696306119,
    "update_time": 1696306119,
    "should_replenish_stock": True,
    "cancel_line_items": [
        {
            "cancel_line_item_id": "4035348475003373834",
            "order_line_item_id": "577958834469570826",
            "sku_id": "1729700293904534135",
            "seller_sku": "FUJIWA02-450",
            "sku_name": "...",
            "product_name": "...",
            "product_image": {"height": 200, "url": "https://...", "width": 200},
        }
    ],
}

# GET /logistics/202309/warehouses (the documentation's sample).
WAREHOUSE_SAMPLE = {
    "id": "7000714532876273410",
    "entity_id": "7395366865142499073",
    "name": "Guangzhou",
    "effect_status": "ENABLED",
    "type": "SALES_WAREHOUSE",
    "sub_type": "DOMESTIC_WAREHOUSE",
    "is_default": True,
    "address": {
        "region": "China",
        "region_code": "CN",
        "state": "GuangDong",
        "city": "GuanZhou",
        "distict": "HuaDu",
        "town": "town",
        "postal_code": "510000",
        "full_address": "South Sea 11 floor",
        "contact_person": "Lee",
        "phone_number": "188****2234",
        "geolocation": {"latitude": "45.41634", "longitude": "-75.6868"},
    },
}

# GET /product/202309/categories and GET /product/202309/brands (the documentation's samples).
CATEGORY_SAMPLE = {
    "id": "600002",
    "parent_id": "600001",
    "local_name": "Home Supplies",
    "is_leaf": False,
    "permission_statuses": ["INVITE_ONLY", "NON_MAIN_CATEGORY"],
}
BRAND_SAMPLE = {
    "id": "7082427311584347905",
    "name": "Teas",
    "authorized_status": "UNAUTHORIEZD",
    "brand_status": "AVAILABLE",
    "is_t1_brand": True,
}

# POST /product/202309/inventory/search: a live answer, and the documentation's sample with campaign and creator inventory.
INVENTORY_SAMPLE = {
    "product_id": "1729700293904403063",
    "skus": [
        {
            "id": "1729700293904534135",
            "seller_sku": "FUJIWA02-450",
            "total_available_quantity": 995,
            "total_committed_quantity": 0,
            "total_available_inventory_distribution": {"in_shop_inventory": {"quantity": 995}},
            "warehouse_inventory": [{"warehouse_id": "7272949914115966726", "available_quantity": 995, "committed_quantity": 0}],
        }
    ],
}
INVENTORY_DOC_SAMPLE = {
    "product_id": "1729592969712207008",
    "skus": [
        {
            "id": "1729388324987897824",
            "seller_sku": "Color-Red-XM01",
            "total_available_inventory_distribution": {
                "campaign_inventory": [{"campaign_name": "Big Sale", "quantity": 30}],
                "creator_inventory": [{"creator_name": "py001", "quantity": 20}],
                "in_shop_inventory": {"quantity": 50},
            },
            "total_available_quantity": 100,
            "total_committed_quantity": 10,
            "warehouse_inventory": [{"available_quantity": 100, "committed_quantity": 10, "warehouse_id": "7054915283043174149"}],
        }
    ],
}

# POST /fulfillment/202309/packages/search (the documentation's sample).
PACKAGE_SAMPLE = {
    "id": "577828281214600000",
    "status": "PROCESSING",
    "create_time": 1635338186,
    "update_time": 1635338186,
    "order_line_item_ids": ["1729382476852921560"],
    "orders": [
        {
            "id": "577828281214600000",
            "skus": [{"id": "577828281214883345", "name": "white,128g", "image_url": "https://...", "quantity": 5}],
        }
    ],
    "shipping_provider_id": "6617675021119438849",
    "shipping_provider_name": "TT Virtual express",
    "tracking_number": "6617675021119438849",
}

# GET /analytics/202405/shop/performance: one interval, plus `latest_available_date` from the response.
SHOP_PERFORMANCE_LATEST = "2025-12-25"
SHOP_INTERVAL_SAMPLE = {
    "start_date": "2025-12-21",
    "end_date": "2025-12-22",
    "gmv": {"amount": "13898.76", "currency": "MYR"},
    "gmv_breakdowns": [
        {"amount": "7382.87", "currency": "MYR", "type": "LIVE"},
        {"amount": "3515.89", "currency": "MYR", "type": "VIDEO"},
        {"amount": "3000.00", "currency": "MYR", "type": "PRODUCT_CARD"},
    ],
    "orders": 123,
    "buyers": 122,
    "units_sold": 145,
    "sku_orders": 150,
    "avg_order_value": {"amount": "113.00", "currency": "MYR"},
    "refunds": {"amount": "0.00", "currency": "MYR"},
    "cancellations_and_returns": 2,
    "product_impressions": 50000,
    "product_page_views": 4000,
    "avg_product_page_visitors": 1500,
}

# GET /analytics/202405/shop_products/performance and GET /analytics/202406/shop_skus/performance: ids are JSON integers.
PRODUCT_LIST_ITEM = {
    "id": 1729592969712207008,
    "gmv": {"amount": "1250.00", "currency": "GBP"},
    "orders": 40,
    "units_sold": 52,
    "click_through_rate": "0.0528",
}
SKU_LIST_ITEM = {
    "id": 1729592969712207012,
    "product_id": 1729592969712207008,
    "gmv": {"amount": "300.00", "currency": "GBP"},
    "sku_orders": 12,
    "units_sold": 14,
}
LIST_DAY = "2024-07-09"

# POST /promotion/202406/coupons/search merged with GET /promotion/202406/coupons/{coupon_id} (the spec's examples):
# the detail's `coupon` adds display channels, products, LIVE tasks, terms and usage counts to the search item.
COUPON_SEARCH_SAMPLE = {
    "id": "7342461823095965461",
    "title": "test coupon",
    "status": "ONGOING",
    "display_type": "LIVE",
    "creation_source": "SELLER_CENTER",
    "product_scope": "SPECIFIC_PRODUCTS",
    "promo_code": "TTS12345",
    "target_buyer_segment": "NEW",
    "discount": {"type": "PERCENT_OFF", "percentage": "30", "max_discount": {"amount": "40", "currency": "USD"}},
    "threshold": {"type": "MIN_SPEND", "min_spend": {"amount": "30", "currency": "USD"}},
    "claim_duration": {"start_time": 1709568000, "end_time": 1709654340},
    "redemption_duration": {"type": "ABSOLUTE", "start_time": 1709768000, "end_time": 1709754340},
    "usage_limits": {"redemption_limit": 1000, "single_buyer_claim_limit": 30, "total_claim_limit": 1000},
    "create_time": 1661756811000,
    "update_time": 1661756811000,
}
COUPON_DETAIL_SAMPLE = {
    **COUPON_SEARCH_SAMPLE,
    "display_channels": ["LIVE"],
    "live_tasks": [{"type": "WATCH_FOR_MIN_TIME", "min_watch_time": "60"}],
    "product_ids": ["1729581162206365900"],
    "seller_tnc": "terms & conditions: xxx",
    "usage_stats": {"claimed_count": 5, "redeemed_count": 0},
}
# POST /promotion/202309/activities/search merged with GET /promotion/202309/activities/{activity_id} (the spec's
# examples): the search's `id` stays, the detail adds `activity_id`, the products with their SKUs and the target users.
ACTIVITY_SEARCH_SAMPLE = {
    "id": "7136104329798256386",
    "title": "FlashSale 20230707",
    "activity_type": "FIXED_PRICE",
    "status": "ONGOING",
    "product_level": "VARIATION",
    "duration_type": "NORMAL",
    "begin_time": 1661756811,
    "end_time": 1661856811,
    "participation_limit": [{"type": "BUYER_NO_LIMIT"}],
    "activity_commands": [],
    "create_time": 1661750811,
    "update_time": 1661750811,
}
ACTIVITY_DETAIL_SAMPLE = {
    **{k: v for k, v in ACTIVITY_SEARCH_SAMPLE.items() if k != "id"},
    "activity_id": "7136104329798256386",
    "target_user_info": {"user_type": "ALL_USER"},
    "products": [
        {
            "id": "7136011254174631686",
            "quantity_limit": -1,
            "quantity_per_user": -1,
            "skus": [
                {
                    "id": "7136382541418366725",
                    "activity_price": {"amount": "70500", "currency": "IDR"},
                    "quantity_limit": -1,
                    "quantity_per_user": -1,
                }
            ],
        }
    ],
}
SHIPPING_ACTIVITY_SAMPLE = {
    **ACTIVITY_SEARCH_SAMPLE,
    "activity_type": "SHIPPING_DISCOUNT",
    "product_level": "SHOP",
    "duration_type": "INDEFINITE",
    "begin_time": 0,
    "end_time": 0,
    "discount": {
        "shipping_discount": {
            "type": "DISCOUNT_SHIPPING_FEE",
            "value": "10.5",
            "threshold_type": "MINIMAL_ITEM_QUANTITY",
            "threshold_value": "3",
            "area_scope": {"type": "SPECIFIC_AREAS", "specific_areas": ["CA"]},
            "inventory_type": "SELF_FULFILLED",
            "shipping_method": "STANDARD_SHIPPING",
        },
        "bmsm_discount": {
            "details": [
                {"tier": 1, "threshold_type": "MINIMAL_ITEM_QUANTITY", "threshold_value": "5", "type": "PERCENTAGE_OFF", "value": "10"}
            ]
        },
        "gift_discount": {
            "gift_receiving_type": "ALL_RECEIVE",
            "gift_infos": [
                {
                    "tier": 1,
                    "threshold_type": "MINIMAL_ITEM_QUANTITY",
                    "threshold_value": "3",
                    "gift_details": [{"product_id": "1732239744891062847", "sku_id": "1732239787859544639", "total_claim_limit": "100"}],
                }
            ],
        },
    },
}
# GET /authorization/202405/category_assets (the spec's example), with the connector's `category_id`; no shop_id.
CATEGORY_ASSET_SAMPLE = {
    "category": {"id": 3, "name": "Customer Support"},
    "cipher": "TTP_XF90igAAAABh0sddwer0qsWgt233vOiG",
    "target_market": "US",
    "category_id": "3",
}
# GET /fbt/202408/warehouses, POST /fbt/202408/inventory/search, POST /fbt/202410/inventory_records/search: the
# spec's examples, assembled into one item each (the connector adds `goods_id` and `record_id`).
FBT_WAREHOUSE_SAMPLE = {
    "addresses": [
        {
            "address_line_1": "1420 Tamarind Ave, Rialto, San Bernardino",
            "address_line_2": " ",
            "address_line_3": " ",
            "city": "Rialto",
            "district": "San Bernardino",
            "postal_code": "92376",
            "region_code": "US",
            "state": "CA",
        }
    ],
    "fbt_warehouse_id": "121219993203023",
    "logistics_services": [{"id": "12123232323", "name": "Fulfilled by TikTok Shop-Standard", "subscribed": True}],
    "name": "TikTok_Eastvale(CA)",
    "subscribed": True,
    "type": "PLATFORM_WAREHOUSE",
    "warehouse_ids": ["161213293423029", "181213293423030"],
}
FBT_INVENTORY_SAMPLE = {
    "fbt_warehouse_id": "7232382932030232",
    "goods": {
        "id": "12345",
        "name": "100ml water",
        "reference_code": "water01",
        "skus": [{"id": "73243612345", "on_hand_detail": {"available_quantity": 5, "reserved_quantity": 15, "total_quantity": 20}}],
    },
    "in_transit_quantity": 10,
    "on_hand_detail": {"available_quantity": 5, "reserved_quantity": 15, "total_quantity": 20, "unfulfillable_quantity": 0},
    "goods_id": "12345",
}
FBT_INVENTORY_RECORD_SAMPLE = {
    "changed_quantity": 2,
    "create_time": 1212139230,
    "fbt_warehouse_id": "7232392932323",
    "final_on_hand_quantity": 12,
    "goods": {"id": "12324323", "name": "100ml water", "reference_code": "water01"},
    "initial_on_hand_quantity": 10,
    "inventory_goods_type": "NORMAL",
    "order": {"id": "OBF8932302030203", "type": "OUTBOUND_ORDER"},
    "record_id": "5b0e61c3f0a54d7e9c2a1f3b8d4e6a70",
}

# The affiliate tables' items (affiliate_seller.json), every field of the OAS item, values as the sandbox draws them.


def _money(amount: str) -> Dict[str, str]:
    return {"amount": amount, "currency": "USD"}


# POST /affiliate_seller/202410/orders/search (constructed).
AFFILIATE_ORDER_SAMPLE = {
    "id": "576665586957175421",
    "create_time": 1758688296,
    "delivery_time": 1759349658,
    "status": "COMPLETED",
    "skus": [
        {
            "product_id": "1731524939714088336",
            "quantity": 1,
            "refunded_quantity": 0,
            "returned_quantity": 0,
            "price": _money("27.99"),
            "commission_rate": "2100",
            "commission_model": "Tiered commission",
            "commission_tier_setting": "16.0 OR 21.0",
            "shop_ads_commission_rate": "500",
            "content_type": "VIDEO",
            "content_id": "7497354893877200381",
            "creator_username": "sofia.eats35",
            "open_collaboration_id": "95247996998",
            "target_collaboration_id": "",
            "campaign_id": "",
            "estimated_commission_base": _money("27.99"),
            "estimated_paid_commission": _money("5.88"),
            "estimated_paid_shop_ads_commission": _money("1.4"),
            "estimated_cofunded_creator_bonus_amount": _money("0"),
            "actual_commission_base": _money("27.99"),
            "actual_paid_commission": _money("5.88"),
            "actual_paid_shop_ads_commission": _money("1.4"),
            "actual_cofunded_creator_bonus_amount": _money("0"),
        }
    ],
}
# POST /affiliate_seller/202412/open_collaborations/search (constructed).
OPEN_COLLABORATION_SAMPLE = {
    "id": "92533789333",
    "product": {
        "id": "1731682395166269679",
        "title": "Compact Glass Water Bottle",
        "main_image_url": "https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/958b8ec7a5b9.jpeg",
        "inventory": 1274,
        "original_price": {"currency": "USD", "minimum_amount": "65.99", "maximum_amount": "71.49"},
        "status": "LIVE",
    },
    "current_commission": {"rate": 1600, "start_time": 1760000399, "end_time": 1791536399},
    "status": "NORMAL",
    "showcase_creator_count": 48,
    "content_creator_count": 47,
}
# POST /affiliate_seller/202508/target_collaborations/search with GET .../target_collaborations/{id} merged (constructed).
TARGET_COLLABORATION_SAMPLE = {
    "id": "789357377570398662",
    "name": "Creator favourites 662",
    "message": "Free samples for our best sellers.",
    "type": "STANDARD",
    "start_time": 1759071221,
    "end_time": 1760336843,
    "update_time": 1759392982,
    "free_sample_rule": {"has_free_sample": True, "is_sample_approval_exempt": False},
    "product_count": 1,
    "creator_inivited_count": 1,
    "creator_invited_count": 1,
    "showcase_creator_count": 0,
    "content_creator_count": 0,
    "seller_contact_info": {"email": "partnerships@shop0.example.com"},
    "creators": [
        {
            "creator_open_id": "uACF3qkIZ1cgzh2KWXJulswyRpP_HslKa0TnOCVqBCnSgc8YB5F2VW",
            "username": "sofia.eats35",
            "nickname": "Sofia Evans",
            "avatar": {"url": "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/e5129b41d406~c5_720x720.webp"},
            "collaboration_status": "NORMAL",
            "product_effective_status": "EFFECTIVE_ALL",
            "selection_region": "US",
            "showcase_product_count": 1,
            "content_product_count": 0,
        }
    ],
    "products": [
        {
            "id": "1731510472134722490",
            "title": "Ultra-Soft Glass Cutting Board",
            "main_image_url": "https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/941da5a9f0cd.jpeg",
            "original_price": {"currency": "USD", "minimum_amount": "65.99", "maximum_amount": "67.19"},
            "status": "LIVE",
            "collaboration_status": "NORMAL",
            "commission_effective_status": "EFFECTIVE_ALL",
            "commission": {
                "rate": 2200,
                "shop_ads_commission_rate": 100,
                "currency": "USD",
                "minimum_amount": "14.52",
                "maximum_amount": "14.78",
                "effective_time": "1759071221",
            },
        }
    ],
}
# POST /affiliate_seller/202508/sample_applications/search (constructed).
SAMPLE_APPLICATION_SAMPLE = {
    "id": "7491309787552840080",
    "status": "AWAITING_SHIPMENT",
    "fulfillment_status": "PENDING",
    "commission_rate": "0.28",
    "creator": {
        "avatar_url": "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/caa8b7e9451f~c5_720x720.webp",
        "content_count": 30,
        "creator_open_id": "uACYg8KQ9mjfLDKY92PbgObyrpE2FwNesDnvz9XHGGzNrXiYWTCl3L",
        "ec_video_view": 31120,
        "follower_count": 776073,
        "fulfillment_percentage": "79.62",
        "gmv": _money("24038.67"),
        "nickname": "Ana Garcia",
        "username": "ana.makes96",
    },
    "product": {
        "id": "1731541072102595712",
        "title": "Compact Stainless Steel Throw Blanket",
        "sku_id": "1732041072115506140",
        "sku_name": "White",
        "sku_image_url": "https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/e72d93bc5857.jpeg",
    },
    "available_quantity": 32,
    "is_approvable": False,
    "disapprovable_reasons": ["Product out of stock"],
    "approve_expiration_time": 1760067205,
    "shipment_expiration_time": 1760499205,
    "order_id": "577209787552840080",
    "tracking_number": "",
    "partner_name": "Starlight Creators Agency",
}


SAMPLES: List[Tuple[str, str, Dict[str, Any]]] = [
    ("shops", "authorized shop", with_shop(SHOP_SAMPLE)),
    ("products", "search summary (FREEZE/DELETED shape)", with_shop(PRODUCT_SEARCH_SAMPLE)),
    ("products", "product detail", with_shop(PRODUCT_DETAIL_SAMPLE)),
    ("orders", "order search", with_shop(ORDER_SAMPLE)),
    ("orders", "order search merged with the 202507 order detail", with_shop(ORDER_MERGED_SAMPLE)),
    ("statements", "statement", with_shop(STATEMENT_SAMPLE)),
    ("statement_transactions", "202501 order transaction", as_transaction_record(TRANSACTION_202501_SAMPLE)),
    (
        "statement_transactions",
        "202501 reserve transaction",
        as_transaction_record(
            {
                "id": "1636700041413599291",
                "type": "RESERVE",
                "order_id": "0",
                "associated_order_id": "576463220456522968",
                "reserve_id": "7300000000000000001",
                "reserve_amount": "-10",
                "reserve_status": "COLLECTED",
                "estimated_release_time": "1688140800",
                "order_create_time": 1685548800,
                "settlement_amount": "0",
            }
        ),
    ),
    ("returns", "return", with_shop(RETURN_SAMPLE)),
    ("cancellations", "cancellation", with_shop(CANCELLATION_SAMPLE)),
    ("return_records", "return record (OpenAPI examples)", with_shop(RETURN_RECORD_SAMPLE)),
    ("payments", "payment", with_shop(PAYMENT_SAMPLE)),
    ("withdrawals", "withdrawal", with_shop(WITHDRAWAL_SAMPLE)),
    ("order_statement_transactions", "202501 order (constructed)", with_shop(ORDER_STATEMENT_SAMPLE)),
    ("order_price_details", "202407 price detail (OpenAPI examples)", with_shop(PRICE_DETAIL_SAMPLE)),
    ("unsettled_transactions", "202507 transaction (constructed)", with_shop(UNSETTLED_SAMPLE)),
    ("packages", "package", with_shop(PACKAGE_SAMPLE)),
    ("warehouses", "warehouse", with_shop(WAREHOUSE_SAMPLE)),
    ("categories", "category", with_shop(CATEGORY_SAMPLE)),
    ("brands", "brand", with_shop(BRAND_SAMPLE)),
    ("inventory", "live inventory", with_shop(INVENTORY_SAMPLE)),
    ("inventory", "inventory with campaign/creator stock", with_shop(INVENTORY_DOC_SAMPLE)),
    ("shop_performance", "1D interval", with_shop({**SHOP_INTERVAL_SAMPLE, "latest_available_date": SHOP_PERFORMANCE_LATEST})),
    ("product_performance", "product list item", as_daily_list_record(PRODUCT_LIST_ITEM, ["id"], LIST_DAY)),
    ("sku_performance", "SKU list item", as_daily_list_record(SKU_LIST_ITEM, ["id", "product_id"], LIST_DAY)),
    ("coupons", "search item merged with its detail", with_shop({**COUPON_SEARCH_SAMPLE, **COUPON_DETAIL_SAMPLE})),
    ("coupons", "search item alone", with_shop(COUPON_SEARCH_SAMPLE)),
    ("promotion_activities", "search item merged with its detail", with_shop({**ACTIVITY_SEARCH_SAMPLE, **ACTIVITY_DETAIL_SAMPLE})),
    ("promotion_activities", "shop-level discounts", with_shop({**SHIPPING_ACTIVITY_SAMPLE, "products": []})),
    ("category_assets", "category asset", dict(CATEGORY_ASSET_SAMPLE)),
    ("fbt_warehouses", "FBT warehouse (spec example)", with_shop(FBT_WAREHOUSE_SAMPLE)),
    ("fbt_inventory", "FBT inventory (spec example)", with_shop(FBT_INVENTORY_SAMPLE)),
    ("fbt_inventory_records", "FBT inventory record (spec example)", with_shop(FBT_INVENTORY_RECORD_SAMPLE)),
    ("affiliate_orders", "affiliate order with its SKUs (constructed)", with_shop(AFFILIATE_ORDER_SAMPLE)),
    ("affiliate_open_collaborations", "open collaboration (constructed)", with_shop(OPEN_COLLABORATION_SAMPLE)),
    ("affiliate_target_collaborations", "plan, search item and detail merged (constructed)", with_shop(TARGET_COLLABORATION_SAMPLE)),
    ("affiliate_sample_applications", "sample application (constructed)", with_shop(SAMPLE_APPLICATION_SAMPLE)),
]
SAMPLE_IDS = [f"{s}: {label}" for s, label, _ in SAMPLES]


def first_sample(stream: str) -> Dict[str, Any]:
    return copy.deepcopy(next(record for s, _, record in SAMPLES if s == stream))


def errors_of(stream: str, record: Mapping[str, Any]) -> List[str]:
    validator = jsonschema.Draft7Validator(load(stream))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(record)]


# --------------------------------------------------------------------------- 1. one valid schema per stream class


def test_every_stream_class_has_a_schema_file_and_every_schema_file_a_stream_class():
    on_disk = sorted(path.stem for path in SCHEMAS_DIR.glob("*.json") if path.is_file())
    assert on_disk == sorted(STREAMS)


def test_discover_lists_every_stream_class_in_order():
    assert list(DISCOVERED) == STREAMS


def test_every_stream_has_a_sample():
    assert {s for s, _, _ in SAMPLES} == set(STREAMS)


@pytest.mark.parametrize("stream", STREAMS)
def test_schema_is_valid_draft7(stream):
    schema = load(stream)
    assert schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


# --------------------------------------------------------------------------- 2. sample answers validate


@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=SAMPLE_IDS)
def test_sample_validates(stream, label, record):
    assert not errors_of(stream, record)


@pytest.mark.parametrize("stream,label,record", SAMPLES, ids=SAMPLE_IDS)
def test_sample_fields_are_all_declared(stream, label, record):
    """additionalProperties is open, so a misspelt or missing property would pass silently: catch it here."""

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


def test_estimated_release_time_accepts_string_integer_and_empty():
    for value in ("", "1688140800", 1688140800, None):
        record = {**as_transaction_record(TRANSACTION_202501_SAMPLE), "estimated_release_time": value}
        assert not errors_of("statement_transactions", record)


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
    record = with_shop(
        {
            "order_id": "576463220456522968",
            "order_create_time": 1685548800,
            "sku_transactions": [],
            "total_count": 0,
            "order_update_time": 1685635200,
        }
    )
    assert not errors_of("order_statement_transactions", record)


def test_order_statement_breakdowns_match_statement_transactions():
    sku = load("order_statement_transactions")["properties"]["sku_transactions"]["items"]["properties"]
    per_statement = load("statement_transactions")["properties"]
    for name in ("revenue_breakdown", "fee_tax_breakdown"):
        assert sku[name] == per_statement[name], name
    # The shipping breakdowns differ where the two operations' answers differ (GET /finance/202501/orders/
    # {order_id}/statement_transactions against .../statements/{statement_id}/statement_transactions):
    # `shipping_fee_guarantee_reimbursement` sits in the supplementary component of the first and beside it
    # in the second, whose supplementary component alone has the customer shipping fee and its refund.
    order_shipping, statement_shipping = (
        sku["shipping_cost_breakdown"]["properties"],
        per_statement["shipping_cost_breakdown"]["properties"],
    )
    assert set(statement_shipping) - set(order_shipping) == {"shipping_fee_guarantee_reimbursement"}
    assert set(order_shipping) == set(statement_shipping) - {"shipping_fee_guarantee_reimbursement"}
    order_extra = set(order_shipping["supplementary_component"]["properties"])
    statement_extra = set(statement_shipping["supplementary_component"]["properties"])
    assert order_extra - statement_extra == {"shipping_fee_guarantee_reimbursement"}
    assert statement_extra - order_extra == {"customer_shipping_fee", "refund_customer_shipping_fee"}
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


@pytest.mark.parametrize(
    "stream,raw,fields",
    [
        ("product_performance", PRODUCT_LIST_ITEM, ["id"]),
        ("sku_performance", SKU_LIST_ITEM, ["id", "product_id"]),
    ],
)
def test_analytics_integer_ids_must_be_converted(stream, raw, fields):
    """The OpenAPI spec types these ids as JSON integers; the schema accepts them only once the connector made them strings."""
    unconverted = with_shop({**raw, "date": LIST_DAY})
    assert errors_of(stream, unconverted)
    converted = as_daily_list_record(raw, fields, LIST_DAY)
    assert converted["id"] == str(raw["id"]) and len(converted["id"]) == 19
    assert not errors_of(stream, converted)


def test_shop_performance_count_breakdowns_accept_integers_and_strings():
    base = with_shop({**SHOP_INTERVAL_SAMPLE, "latest_available_date": SHOP_PERFORMANCE_LATEST})
    for amount in (5, "5"):
        record = {
            **base,
            "buyer_breakdowns": [{"type": "LIVE", "amount": amount}],
            "product_impression_breakdowns": [{"type": "VIDEO", "amount": amount}],
            "product_page_view_breakdowns": [{"type": "PRODUCT_CARD", "amount": amount}],
            "avg_product_page_visitor_breakdowns": [{"type": "LIVE", "amount": amount}],
        }
        assert not errors_of("shop_performance", record)
    assert not errors_of("shop_performance", {**base, "latest_available_date": None})


# --------------------------------------------------------------------------- 3. primary keys and cursors


@pytest.mark.parametrize("stream", STREAMS)
def test_primary_key_cursor_and_shop_id_are_typed_and_required(stream):
    schema = load(stream)
    for field, kind in non_null_types(stream).items():
        assert types_of(schema["properties"][field]) == {kind}, field
        assert stream in NOT_REQUIRED or field in schema.get("required", []), field


@pytest.mark.parametrize("stream", STREAMS)
def test_null_or_missing_primary_key_or_cursor_is_rejected(stream):
    sample = first_sample(stream)
    assert not errors_of(stream, sample)
    for field in non_null_types(stream):
        assert errors_of(stream, {**sample, field: None}), field
        if stream not in NOT_REQUIRED:
            assert errors_of(stream, {k: v for k, v in sample.items() if k != field}), field


@pytest.mark.parametrize("stream", STREAMS)
def test_other_top_level_fields_accept_null(stream):
    schema = load(stream)
    keys = non_null_types(stream)
    sample = first_sample(stream)
    record = {name: (sample[name] if name in keys else None) for name in schema["properties"]}
    assert not errors_of(stream, record)


@pytest.mark.parametrize("stream", STREAMS)
def test_only_primary_keys_cursors_and_shop_id_are_non_nullable(stream):
    keys = non_null_types(stream)
    offenders = [where for where, _, prop in walk(load(stream)) if where not in keys and "null" not in types_of(prop)]
    assert not offenders


# --------------------------------------------------------------------------- 4. naming conventions, nested


@pytest.mark.parametrize("stream", STREAMS)
def test_ids_are_strings(stream):
    assert not [(where, kind) for where, kind in id_type_problems(load(stream)) if (stream, where) not in INTEGER_IDS]


def test_integer_ids_are_the_specs_integers():
    for stream, where in INTEGER_IDS:
        assert types_of(dict((w, p) for w, _, p in walk(load(stream)))[where]) == {"null", "integer"}, (stream, where)


@pytest.mark.parametrize("stream", STREAMS)
def test_times_are_integers(stream):
    bad = []
    for where, name, prop in walk(load(stream)):
        dated = (name == "date" or name.endswith("_date")) and stream not in ANALYTICS
        if not (name.endswith("_time") or dated):
            continue
        if (stream, where) in STRING_DURATIONS:
            if types_of(prop) != {"null", "string"}:
                bad.append((where, prop.get("type")))
            continue
        allowed = {"null", "integer", "string"} if (stream, where) in STRING_TIME_EXCEPTIONS else {"null", "integer"}
        if "integer" not in types_of(prop) or types_of(prop) - allowed:
            bad.append((where, prop.get("type")))
    assert not bad


def test_string_time_exceptions_exist():
    for stream, where in STRING_TIME_EXCEPTIONS:
        prop = dict((w, p) for w, _, p in walk(load(stream)))[where]
        assert {"string", "integer"} <= types_of(prop)


@pytest.mark.parametrize("stream", sorted(ANALYTICS))
def test_analytics_dates_are_strings(stream):
    """Shop-local calendar days, `YYYY-MM-DD` (GET /analytics/202405/shop/performance and the per-day lists)."""
    dates = [(where, types_of(prop)) for where, name, prop in walk(load(stream)) if name == "date" or name.endswith("_date")]
    assert dates and all(kinds <= {"null", "string"} for _, kinds in dates), dates


@pytest.mark.parametrize("stream", STREAMS)
def test_amounts_are_strings(stream):
    bad = []
    for where, name, prop in walk(load(stream)):
        is_money = (
            name == "amount" or name.endswith("_amount") or name.endswith("_fee") or name.endswith("_discount") or name in MONEY_NAMES
        )
        if not is_money or (stream, where) in NOT_MONEY:
            continue
        if (stream, where) in AMOUNT_CONTAINERS:
            ok = bool(types_of(prop) & {"object", "array"})
            ok = ok and all(
                types_of(leaf) == {"null", "string"}
                for _, _, leaf in walk(prop.get("items") or prop)
                if not types_of(leaf) & {"object", "array"}
            )
        elif (stream, where) in COUNT_AMOUNTS:
            ok = types_of(prop) == {"null", "integer", "string"}
        else:
            ok = types_of(prop) == {"null", "string"}
        if not ok:
            bad.append((where, prop.get("type")))
    assert not bad


@pytest.mark.parametrize("stream", STREAMS)
def test_counts_are_integers(stream):
    bad = [
        (where, prop.get("type"))
        for where, name, prop in walk(load(stream))
        if (name in COUNT_NAMES or name == "quantity")
        and (stream, where) not in NOT_COUNTS
        and not types_of(prop) & {"object", "array"}
        and types_of(prop) != {"null", "integer"}
    ]
    assert not bad


def test_naming_exceptions_name_fields_that_exist():
    """An exception for a field that is gone (renamed, moved) would exempt nothing and hide the rename."""
    for stream, where in AMOUNT_CONTAINERS | COUNT_AMOUNTS | NOT_MONEY | NOT_COUNTS | STRING_DURATIONS | INTEGER_IDS:
        assert where in {w for w, _, _ in walk(load(stream))}, (stream, where)


@pytest.mark.parametrize("stream", STREAMS)
def test_flags_are_booleans(stream):
    bad = [
        (where, prop.get("type"))
        for where, name, prop in walk(load(stream))
        if (name.startswith("is_") or name.startswith("has_")) and types_of(prop) != {"null", "boolean"}
    ]
    assert not bad


@pytest.mark.parametrize("stream", STREAMS)
def test_every_object_is_open_and_every_array_typed(stream):
    schema = load(stream)
    closed = [where for where, node in objects(schema) if node.get("additionalProperties") is not True]
    untyped = [where for where, _, prop in walk(schema) if "array" in types_of(prop) and not isinstance(prop.get("items"), dict)]
    assert not closed and not untyped


@pytest.mark.parametrize("stream", STREAMS)
def test_every_nested_object_declares_its_properties(stream):
    """Nested objects are typed with their own properties, never left as a bare `object`."""
    bare = [where for where, _, prop in walk(load(stream)) if "object" in types_of(prop) and not prop.get("properties")]
    bare += [
        where
        for where, _, prop in walk(load(stream))
        if isinstance(prop.get("items"), dict) and prop["items"].get("type") == "object" and not prop["items"].get("properties")
    ]
    assert not bare
