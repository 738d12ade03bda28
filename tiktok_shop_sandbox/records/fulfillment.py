"""Fulfillment records: packages (POST /fulfillment/202309/packages/search) and warehouses
(GET /logistics/202309/warehouses). A package is derived from its order: same line items and times."""

from __future__ import annotations

import random
from collections import OrderedDict

from ..constants import PACKAGE_STATUS
from ..cores import OrderCore, package_id, package_times
from ..ids import derive_seed
from ..shop import Shop
from .common import FIRST, LAST, address


def package_record(ds, shop: Shop, core: OrderCore) -> dict:
    order = ds.order_record(shop, core.id)
    create, update, _ = package_times(core)
    skus: OrderedDict = OrderedDict()
    for li in order["line_items"]:
        entry = skus.setdefault(li["sku_id"], {"id": li["sku_id"], "name": li["sku_name"], "image_url": li["sku_image"], "quantity": 0})
        entry["quantity"] += 1
    first = order["line_items"][0] if order["line_items"] else {}
    return {
        "id": str(package_id(core.id)),
        "status": PACKAGE_STATUS[core.status],
        "create_time": create,
        "update_time": update,
        "order_line_item_ids": [li["id"] for li in order["line_items"]],
        "orders": [{"id": str(core.id), "skus": list(skus.values())}],
        "shipping_provider_id": first.get("shipping_provider_id", ""),
        "shipping_provider_name": first.get("shipping_provider_name", ""),
        "tracking_number": first.get("tracking_number", ""),
    }


def warehouse_address(shop: Shop, wid: str, i: int) -> dict:
    rng = random.Random(derive_seed(shop.id, "warehouse", wid))
    state, iso_code, city, postal, street = address(shop, rng)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    line1 = street.format(n=rng.randrange(1, 999))
    return {
        "region": shop.country,
        "region_code": shop.region,
        "state": state,
        "city": city,
        "distict": f"District {1 + i}",
        "town": city,
        "postal_code": postal,
        "full_address": f"{line1}, {city}, {state}, {postal}, {shop.country}",
        "contact_person": f"{first} {last}",
        "first_name": first,
        "last_name": last,
        "phone_number": f"{rng.randrange(100, 999)}****{rng.randrange(1000, 9999)}",
        "address_line1": line1,
        "address_line2": f"Unit {rng.randrange(1, 60)}",
        "address_line3": "",
        "address_line4": "",
        "geolocation": {"latitude": f"{rng.uniform(-60, 60):.5f}", "longitude": f"{rng.uniform(-170, 170):.5f}"},
    }


def warehouses(shop: Shop) -> list[dict]:
    out = []
    ids = [(w, "SALES_WAREHOUSE") for w in shop.warehouses] + [(shop.return_warehouse, "RETURN_WAREHOUSE")]
    for i, (wid, wtype) in enumerate(ids):
        out.append(
            {
                "id": wid,
                "entity_id": str(int(wid) + 1),
                "name": f"{shop.country} {'Returns' if wtype == 'RETURN_WAREHOUSE' else 'Warehouse'} {i + 1}",
                "effect_status": "ENABLED",
                "type": wtype,
                "sub_type": "DOMESTIC_WAREHOUSE",
                "is_default": i == 0,
                "address": warehouse_address(shop, wid, i),
            }
        )
    return out
