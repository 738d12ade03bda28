"""What the order detail call adds to an order, and an order's price detail.

- GET /order/{202309,202507}/orders (`ids`): the search's record without the two fields only the search has
  (OAS: `fulfillment_priority_level`, `recommended_shipping_time`), plus the four fields only the detail
  has: `payment_method_code`, `payment_card_type`, `payment_auth_code`, `channel_entity_national_registry_id`.
- GET /order/202407/orders/{order_id}/price_detail: the order's amounts as the price calculation
  (`data` and one `line_items[]` entry per order line item), derived from the order record, so every sum
  holds exactly (formulas in `price_detail`).

Both draw from their own seeds (never the order's rng), so the search records do not move.
"""

from __future__ import annotations

import random
from decimal import Decimal

from ..cores import order_facts
from ..ids import derive_seed
from ..money import ZERO, D, money
from ..shop import Shop

# Fields of the search's order item that the detail's item does not have (OAS 202309 search vs 202507 detail).
SEARCH_ONLY = ("fulfillment_priority_level", "recommended_shipping_time")
# The fields of the detail's item that the search's does not have.
DETAIL_ONLY = ("payment_method_code", "payment_card_type", "payment_auth_code", "channel_entity_national_registry_id")
CARD_BRANDS = ("visa", "mastercard", "amex", "elo")
# Voucher type codes (OAS descriptions of voucher_deduction_* and shipping_fee_deduction_platform_voucher).
PLATFORM_NEW_USER, SELLER_SKU_PRICE, PLATFORM_FREE_SHIPPING = "1010000", "1020000", "1030000"


def payment_fields(shop: Shop, core, order: dict) -> dict:
    """The four payment fields only the detail call answers; "" where they do not apply (unpaid, COD, wallets).

    SANDBOX CHOICE: the OAS says `payment_auth_code` is for the Brazilian market and the registry id is the
    payment institution's CNPJ in Brazil; the sandbox fills both for card payments in every region, so that a
    test can tell a merged order from a search record in any shop.
    """
    out = dict.fromkeys(DETAIL_ONLY, "")
    if not order_facts(core)[1]:
        return out  # never paid: no transaction
    rng = random.Random(derive_seed(shop.id, "order_payment", core.id))
    name = order.get("payment_method_name", "")
    if name == "Cash on delivery":
        out["payment_method_code"] = "pm_pi_cod"
    elif name == "PayPal":
        out["payment_method_code"] = "pm_pi_paypal"
    elif name == "Apple Pay":
        out["payment_method_code"] = "pm_pi_applepay"
    else:
        card = rng.choices(("Credit", "Debit", "Prepaid"), (55, 40, 5))[0]
        out["payment_method_code"] = f"pm_pi_ccdc_{rng.choice(CARD_BRANDS)}_{card[0].lower()}_d"
        out["payment_card_type"] = card
        out["payment_auth_code"] = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
        digits = f"{rng.randrange(10**8):08d}"
        out["channel_entity_national_registry_id"] = f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/0001-{rng.randrange(100):02d}"
    return out


def order_detail(ds, shop: Shop, oid: int) -> dict:
    """One order as GET /order/202507/orders answers it (memoized by the order's version)."""
    core = shop.orders[oid]

    def build() -> dict:
        order = ds.order_record(shop, oid)
        detail = {key: value for key, value in order.items() if key not in SEARCH_ONLY}
        detail.update(payment_fields(shop, core, order))
        return detail

    return ds.cached(("order_detail", oid, core.version), build)


def _split(shop: Shop, amount: Decimal, n: int) -> list[Decimal]:
    """`amount` in n shares of whole minor units that sum to it exactly (the first ones carry the remainder)."""
    unit = D(1).scaleb(-shop.exp)
    units = int((amount / unit).to_integral_value())
    base, rest = divmod(units, n)
    return [(base + (1 if i < rest else 0)) * unit for i in range(n)]


def _tax(item: dict) -> Decimal:
    return sum((D(t["tax_amount"]) for t in item.get("item_tax") or ()), ZERO)


def _calculation(shop: Shop, a: dict, tax_rate: str, cod_key: str) -> dict:
    """One price calculation (the order's or a line item's) from its amounts `a` (Decimals), OAS formulas:
    sku_sale_price = sku_list_price - subtotal_deduction_seller - subtotal_deduction_platform;
    subtotal = sku_sale_price + subtotal_tax_amount; shipping_sale_price = shipping_list_price -
    shipping_fee_deduction_seller - shipping_fee_deduction_platform; tax_amount = subtotal_tax_amount +
    shipping tax; payment = sku_sale_price + shipping_sale_price + tax_amount + small_order_fee (0);
    total = sku_list_price + shipping_list_price. SANDBOX CHOICE: net_price_amount ("Price after tax") =
    subtotal, the products after their tax."""
    sku_sale = a["sku_list"] - a["deduction_seller"] - a["deduction_platform"]
    ship_sale = a["ship_list"] - a["ship_seller"] - a["ship_platform"]
    tax = a["product_tax"] + a["ship_tax"]
    m = lambda value: money(shop, value)  # noqa: E731
    return {
        cod_key: m(ZERO),
        "cod_fee": m(ZERO),
        "currency": shop.currency,
        "distance_fee": m(ZERO),
        "distance_shipping_fee": m(ZERO),
        "net_price_amount": m(sku_sale + a["product_tax"]),
        "payment": m(sku_sale + ship_sale + tax),
        "shipping_fee_deduction_platform": m(a["ship_platform"]),
        "shipping_fee_deduction_platform_voucher": PLATFORM_FREE_SHIPPING if a["ship_platform"] > 0 else "",
        "shipping_fee_deduction_seller": m(a["ship_seller"]),
        "shipping_list_price": m(a["ship_list"]),
        "shipping_sale_price": m(ship_sale),
        "sku_gift_net_price": m(ZERO),
        "sku_gift_original_price": m(ZERO),
        "sku_list_price": m(a["sku_list"]),
        "sku_sale_price": m(sku_sale),
        "subtotal": m(sku_sale + a["product_tax"]),
        "subtotal_deduction_platform": m(a["deduction_platform"]),
        "subtotal_deduction_seller": m(a["deduction_seller"]),
        "subtotal_tax_amount": m(a["product_tax"]),
        "tax_amount": m(tax),
        "tax_rate": tax_rate,
        "total": m(a["sku_list"] + a["ship_list"]),
        "voucher_deduction_platform": PLATFORM_NEW_USER if a["deduction_platform"] > 0 else "",
        "voucher_deduction_seller": SELLER_SKU_PRICE if a["deduction_seller"] > 0 else "",
    }


def price_detail(ds, shop: Shop, oid: int) -> dict:
    """`data` of GET /order/202407/orders/{order_id}/price_detail (memoized by the order's version).

    The order's shipping amounts are shared out over its line items in whole minor units (the first ones
    carry the remainder), so the line items' amounts add up to the order's exactly. Line items say `cod_fee_amount` where the order says
    `cod_fee_net_amount` (as the OAS names them).
    """
    core = shop.orders[oid]

    def build() -> dict:
        order = ds.order_record(shop, oid)
        pay = order["payment"]
        tax_rate = "0.0825" if shop.region == "US" else "0"
        whole = {
            "sku_list": D(pay["original_total_product_price"]),
            "deduction_seller": D(pay["seller_discount"]),
            "deduction_platform": D(pay["platform_discount"]),
            "product_tax": D(pay["product_tax"]),
            "ship_list": D(pay["original_shipping_fee"]),
            "ship_seller": D(pay["shipping_fee_seller_discount"]),
            "ship_platform": D(pay["shipping_fee_platform_discount"]),
            "ship_tax": D(pay["shipping_fee_tax"]),
        }
        items = order["line_items"]
        n = max(1, len(items))
        # The shipping price's parts are shared out (each never below zero), the list price is their sum.
        ship_sale = whole["ship_list"] - whole["ship_seller"] - whole["ship_platform"]
        shares = {key: _split(shop, whole[key], n) for key in ("ship_seller", "ship_platform", "ship_tax")}
        sale_shares = _split(shop, ship_sale, n)
        shares["ship_list"] = [shares["ship_seller"][i] + shares["ship_platform"][i] + sale_shares[i] for i in range(n)]
        lines = []
        for i, item in enumerate(items):
            amounts = {
                "sku_list": D(item["original_price"]),
                "deduction_seller": D(item["seller_discount"]),
                "deduction_platform": D(item["platform_discount"]),
                "product_tax": _tax(item),
                **{key: shares[key][i] for key in shares},
            }
            line = _calculation(shop, amounts, tax_rate, "cod_fee_amount")
            lines.append({"id": item["id"], **line})
        data = _calculation(shop, whole, tax_rate, "cod_fee_net_amount")
        data["line_items"] = lines
        return data

    return ds.cached(("price_detail", oid, core.version), build)
