"""Fulfilled by TikTok (FBT): warehouses, goods, inventory and inventory records of onboarded shops.

Serves GET /fbt/202408/warehouses, POST /fbt/202408/inventory/search, POST /fbt/202410/inventory_records/search
and GET /fbt/202409/merchants/onboarded_regions (endpoints/fbt.py).

FBT is a world of its own beside the catalogue, so its facts live here rather than in `cores` / `shop`:
`draw_shop` builds one shop's FBT facts (`FbtShop`) from its own seeded stream once, after every shop is
populated (dataset.py), so nothing drawn before it moves; `sb.mutate.add_fbt_inventory_records` appends
records (mutations.py). The builders below read those facts and never write them.

The model (SANDBOX CHOICE where the spec is silent):
- shops in FBT_REGIONS are onboarded (the spec's examples name US warehouses and the GB region); others not;
- every onboarded shop lists all of its region's platform warehouses, some subscribed; the ids are the
  region's, so two shops of one region see the same `fbt_warehouse_id`;
- a goods is one of the shop's SKUs (a few match two SKUs of one product), stocked at one or two subscribed
  warehouses; each (warehouse, goods, NORMAL|DEFECTIVE) stock moves only through inventory records, so the
  inventory's on-hand quantities are the last record's `final_on_hand_quantity`;
- inventory search without goods_ids lists only goods with non-zero inventory (the spec's words), so sold-out
  goods drop out of `fbt_inventory` while their records stay in `fbt_inventory_records`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..constants import DAY
from ..ids import derive_seed
from ..shop import Shop

FBT_REGIONS = frozenset({"US", "GB"})
NORMAL, DEFECTIVE = "NORMAL", "DEFECTIVE"
# Platform warehouses per region: (name, address line 1, city, district, state, postal code).
PLATFORM_WAREHOUSES = {
    "US": [
        ("TikTok_Eastvale(CA)", "6055 Bickmore Ave", "Eastvale", "Riverside", "CA", "92880"),
        ("TikTok_Rialto(CA)", "1420 Tamarind Ave", "Rialto", "San Bernardino", "CA", "92376"),
        ("TikTok_Edison(NJ)", "300 Mill Rd", "Edison", "Middlesex", "NJ", "08837"),
        ("TikTok_Dallas(TX)", "4100 Mountain Creek Pkwy", "Dallas", "Dallas", "TX", "75236"),
    ],
    "GB": [
        ("TikTok_Daventry(NN)", "Royal Oak Way North", "Daventry", "Northamptonshire", "England", "NN11 8QL"),
        ("TikTok_Warrington(WA)", "Birchwood Park Ave", "Warrington", "Cheshire", "England", "WA3 6GR"),
    ],
}
LOGISTICS_SERVICES = ("Fulfilled by TikTok Shop-Standard", "Fulfilled by TikTok Shop-Economy")
# Order types that move stock, with the id prefix of their FBT order ids.
ORDER_PREFIX = {
    "INBOUND_ORDER": "IBF",
    "CONSIGN_ORDER": "OBF",
    "CUSTOMER_RETURN": "CRF",
    "FAILED_DELIVERY": "FDF",
    "INVENTORY_COUNT_ORDER": "ICF",
    "INVENTORY_STATUS_ADJUSTMENT_ORDER": "ISF",
    "DISPOSAL": "DPF",
    "RETURN_TO_SUPPLIER_ORDER": "RSF",
}


@dataclass
class FbtWarehouse:
    id: str
    index: int  # in the region's list
    subscribed: bool
    warehouse_ids: tuple
    services_subscribed: tuple  # one flag per LOGISTICS_SERVICES entry


@dataclass
class FbtGoods:
    id: str
    name: str
    reference_code: str
    sku_ids: tuple
    create_time: int
    warehouses: tuple  # fbt_warehouse_ids it is stocked at
    seed: int


@dataclass
class FbtRecord:
    seq: int  # order of creation in the shop (ties of create_time)
    create_time: int
    warehouse_id: str
    goods_id: str
    goods_type: str
    order_type: str
    order_id: str
    initial: int
    final: int


@dataclass
class FbtShop:
    region: str
    warehouses: list = field(default_factory=list)
    goods: list = field(default_factory=list)
    records: list = field(default_factory=list)  # FbtRecord, in creation order (create_time ascending)
    on_hand: dict = field(default_factory=dict)  # (warehouse_id, goods_id, goods_type) -> quantity
    in_transit: dict = field(default_factory=dict)  # (warehouse_id, goods_id) -> quantity
    version: int = 0  # bumped by every change, part of the search-cache key

    def goods_by_id(self) -> dict:
        return {g.id: g for g in self.goods}

    def append(self, t: int, warehouse_id: str, goods_id: str, goods_type: str, order_type: str, order_id: str, delta: int) -> FbtRecord:
        """Move one stock by `delta` at `t` (never below zero) and log the record of it."""
        key = (warehouse_id, goods_id, goods_type)
        initial = self.on_hand.get(key, 0)
        final = max(0, initial + delta)
        self.on_hand[key] = final
        record = FbtRecord(len(self.records), t, warehouse_id, goods_id, goods_type, order_type, order_id, initial, final)
        self.records.append(record)
        self.version += 1
        return record


# -- drawing ---------------------------------------------------------------------------------------------------------


def region_warehouse_id(region: str, index: int) -> str:
    return str(7_232_000_000_000_000 + derive_seed("fbt-warehouse", region, index) % 10**15)


def order_id(rng: random.Random, order_type: str) -> str:
    return ORDER_PREFIX[order_type] + str(rng.randrange(10**12, 10**13))


def draw_shop(ds, shop: Shop) -> FbtShop | None:
    """One shop's FBT facts from its own seeded stream, or None for a shop not onboarded."""
    if shop.region not in FBT_REGIONS:
        return None
    rng = random.Random(derive_seed(ds.seed, ds.anchor, "fbt", shop.index))
    fbt = FbtShop(shop.region)
    for i, _ in enumerate(PLATFORM_WAREHOUSES[shop.region]):
        wid = region_warehouse_id(shop.region, i)
        subscribed = i == 0 or rng.random() < 0.5
        related = tuple(str(int(wid) * 10 + k + 1) for k in range(1 + (i % 2)))
        services = tuple(subscribed and (k == 0 or rng.random() < 0.5) for k in range(len(LOGISTICS_SERVICES)))
        fbt.warehouses.append(FbtWarehouse(wid, i, subscribed, related, services))
    stocked_at = [w.id for w in fbt.warehouses if w.subscribed]
    for _, pid in shop.products.by_create:
        core = shop.products[pid]
        if core.status not in ("ACTIVATE", "SELLER_DEACTIVATED"):
            continue
        detail = ds.product_detail(shop, pid)
        skus = detail["skus"]
        k = 0
        while k < len(skus):
            pair = k + 1 < len(skus) and rng.random() < 0.15
            matched = skus[k : k + (2 if pair else 1)]
            k += len(matched)
            if rng.random() >= 0.6:
                continue
            created = min(ds.anchor - 2 * DAY, core.create_time + rng.randrange(3600, 5 * DAY))
            goods = FbtGoods(
                id=str(rng.randrange(10**11, 10**12)),
                name=f"{detail['title'][:40]} #{k}",
                reference_code=matched[0]["seller_sku"],
                sku_ids=tuple(s["id"] for s in matched),
                create_time=max(ds.start, created),
                warehouses=tuple(rng.sample(stocked_at, min(len(stocked_at), rng.choice((1, 1, 2))))),
                seed=rng.getrandbits(48),
            )
            fbt.goods.append(goods)
    events = []
    for goods in fbt.goods:
        for wid in goods.warehouses:
            events.extend(_history(ds, rng, goods, wid))
    events.sort(key=lambda e: e[0])
    for t, wid, gid, gtype, otype, oid, delta in events:
        fbt.append(t, wid, gid, gtype, otype, oid, delta)
    for goods in fbt.goods:
        for wid in goods.warehouses:
            if rng.random() < 0.3:
                fbt.in_transit[(wid, goods.id)] = rng.randrange(10, 120)
    fbt.version = 0
    return fbt


def _history(ds, rng: random.Random, goods: FbtGoods, wid: str) -> list:
    """The stock movements of one goods at one warehouse, from its first inbound to the anchor (with their deltas).

    Deltas are planned on a running count so that no movement takes more than there is."""
    t = goods.create_time + rng.randrange(3600, 3 * DAY)
    out: list = []
    normal = defective = 0
    end = ds.anchor - 60

    def add(kind: str, gtype: str, delta: int, oid: str | None = None) -> str:
        oid = oid or order_id(rng, kind)
        out.append((t, wid, goods.id, gtype, kind, oid, delta))
        return oid

    if t < end:
        qty = rng.randrange(20, 150)
        add("INBOUND_ORDER", NORMAL, qty)
        normal = qty
    sold_out = rng.random() < 0.12  # some goods sell through and are not restocked
    while True:
        t += rng.randrange(12 * 3600, 8 * DAY)
        if t >= end:
            break
        roll = rng.random()
        if normal <= 0:
            if sold_out:
                continue  # nothing left to move; later inbound never comes
            qty = rng.randrange(30, 150)
            add("INBOUND_ORDER", NORMAL, qty)
            normal += qty
        elif roll < 0.62:
            qty = min(normal, rng.choice((1, 1, 1, 2, 3)))
            add("CONSIGN_ORDER", NORMAL, -qty)
            normal -= qty
        elif roll < 0.72:
            add("CUSTOMER_RETURN", NORMAL, 1)
            normal += 1
        elif roll < 0.78:
            add("FAILED_DELIVERY", NORMAL, 1)
            normal += 1
        elif roll < 0.85:
            # One order moves a unit from sellable to defective: two records, one per goods type.
            oid = add("INVENTORY_STATUS_ADJUSTMENT_ORDER", NORMAL, -1)
            add("INVENTORY_STATUS_ADJUSTMENT_ORDER", DEFECTIVE, 1, oid)
            normal, defective = normal - 1, defective + 1
        elif roll < 0.9 and defective:
            kind = rng.choice(("DISPOSAL", "RETURN_TO_SUPPLIER_ORDER"))
            add(kind, DEFECTIVE, -defective)
            defective = 0
        elif roll < 0.95:
            delta = rng.choice((-1, 1)) if normal > 1 else 1
            add("INVENTORY_COUNT_ORDER", NORMAL, delta)
            normal += delta
        elif not sold_out and normal < 40:
            qty = rng.randrange(30, 150)
            add("INBOUND_ORDER", NORMAL, qty)
            normal += qty
    return out


# -- API records -------------------------------------------------------------------------------------------------------


def onboarded_regions(fbt: FbtShop | None) -> list[dict]:
    return [{"region_code": fbt.region}] if fbt is not None else []


def warehouse_records(fbt: FbtShop) -> list[dict]:
    out = []
    for w in fbt.warehouses:
        name, line1, city, district, state, postal = PLATFORM_WAREHOUSES[fbt.region][w.index]
        out.append(
            {
                "addresses": [
                    {
                        "address_line_1": line1,
                        "address_line_2": "",
                        "address_line_3": "",
                        "city": city,
                        "district": district,
                        "postal_code": postal,
                        "region_code": fbt.region,
                        "state": state,
                    }
                ],
                "fbt_warehouse_id": w.id,
                "logistics_services": [
                    {"id": str(int(w.id) + 100 + k), "name": service, "subscribed": w.services_subscribed[k]}
                    for k, service in enumerate(LOGISTICS_SERVICES)
                ],
                "name": name,
                "subscribed": w.subscribed,
                "type": "PLATFORM_WAREHOUSE",
                "warehouse_ids": list(w.warehouse_ids),
            }
        )
    return out


def inventory_keys(fbt: FbtShop) -> list[tuple]:
    """(fbt_warehouse_id, goods_id) of every stock the shop holds, by goods then warehouse."""
    return [(wid, g.id) for g in fbt.goods for wid in g.warehouses]


def has_inventory(fbt: FbtShop, wid: str, gid: str) -> bool:
    held = fbt.on_hand.get((wid, gid, NORMAL), 0) + fbt.on_hand.get((wid, gid, DEFECTIVE), 0)
    return held + fbt.in_transit.get((wid, gid), 0) > 0


def inventory_record(fbt: FbtShop, goods: FbtGoods, wid: str) -> dict:
    normal = fbt.on_hand.get((wid, goods.id, NORMAL), 0)
    defective = fbt.on_hand.get((wid, goods.id, DEFECTIVE), 0)
    reserved = min(normal, derive_seed(goods.seed, wid, fbt.version) % 4)
    available = normal - reserved
    sku_detail = {"available_quantity": available, "reserved_quantity": reserved, "total_quantity": normal}
    return {
        "fbt_warehouse_id": wid,
        "goods": {
            "id": goods.id,
            "name": goods.name,
            "reference_code": goods.reference_code,
            # Every SKU matched with the goods sells from the same physical stock.
            "skus": [{"id": sku, "on_hand_detail": dict(sku_detail)} for sku in goods.sku_ids],
        },
        "in_transit_quantity": fbt.in_transit.get((wid, goods.id), 0),
        "on_hand_detail": {
            "available_quantity": available,
            "reserved_quantity": reserved,
            "total_quantity": normal + defective,
            "unfulfillable_quantity": defective,
        },
    }


def newest_first(records) -> list:
    """Inventory records in the search's order. SANDBOX CHOICE (the spec names no sort): create_time DESC, the
    later-created first on ties, so that a client cannot take the order for ascending."""
    return sorted(records, key=lambda r: (r.create_time, r.seq), reverse=True)


def inventory_record_item(fbt: FbtShop, goods: dict, r: FbtRecord) -> dict:
    g = goods[r.goods_id]
    return {
        "changed_quantity": r.final - r.initial,
        "create_time": r.create_time,
        "fbt_warehouse_id": r.warehouse_id,
        "final_on_hand_quantity": r.final,
        "goods": {"id": g.id, "name": g.name, "reference_code": g.reference_code},
        "initial_on_hand_quantity": r.initial,
        "inventory_goods_type": r.goods_type,
        "order": {"id": r.order_id, "type": r.order_type},
    }
