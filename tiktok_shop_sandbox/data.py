"""Deterministic dataset: shops, products, orders, statements and their indexes.

Only small "core" facts (ids, times, status, the per-record seed) are built up front;
full API records are materialized on demand by `records.py` from those facts, so 100k
orders per shop build in about a second and each page only pays for what it returns.
Per-shop lists sorted by (time, id) serve range filters with bisect instead of scans.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import hashlib
import random
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

DAY = 86400
FINANCE_EPOCH = 1688169600  # 2023-07-01: no finance data exists before this

# region -> (currency, minor-unit exponent, cipher prefix, display country)
REGIONS = {
    "US": ("USD", 2, "GCP_", "United States"),
    "GB": ("GBP", 2, "ROW_", "United Kingdom"),
    "VN": ("VND", 0, "ROW_", "Vietnam"),
    "ID": ("IDR", 0, "ROW_", "Indonesia"),
    "MY": ("MYR", 2, "ROW_", "Malaysia"),
    "TH": ("THB", 2, "ROW_", "Thailand"),
    "PH": ("PHP", 2, "ROW_", "Philippines"),
    "SG": ("SGD", 2, "ROW_", "Singapore"),
    "MX": ("MXN", 2, "ROW_", "Mexico"),
    "ES": ("EUR", 2, "ROW_", "Spain"),
    "JP": ("JPY", 0, "ROW_", "Japan"),
    "BR": ("BRL", 2, "ROW_", "Brazil"),
}
REGION_CYCLE = ["US", "GB", "VN", "ID", "MY", "TH", "PH", "SG", "MX", "ES", "JP", "BR"]
SEA = {"VN", "ID", "MY", "TH", "PH", "SG"}

ORDER_STATUSES = (
    "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION",
    "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED",
)
PRODUCT_STATUSES = (
    "DRAFT", "PENDING", "FAILED", "ACTIVATE", "SELLER_DEACTIVATED", "PLATFORM_DEACTIVATED", "FREEZE", "DELETED",
)
ORDER_NEXT = {
    "UNPAID": "AWAITING_SHIPMENT", "ON_HOLD": "AWAITING_SHIPMENT", "AWAITING_SHIPMENT": "AWAITING_COLLECTION",
    "PARTIALLY_SHIPPING": "AWAITING_COLLECTION", "AWAITING_COLLECTION": "IN_TRANSIT", "IN_TRANSIT": "DELIVERED",
    "DELIVERED": "COMPLETED",
}
PRODUCT_NEXT = {
    "ACTIVATE": "SELLER_DEACTIVATED", "SELLER_DEACTIVATED": "ACTIVATE", "DRAFT": "PENDING", "PENDING": "ACTIVATE",
    "FAILED": "PENDING", "PLATFORM_DEACTIVATED": "ACTIVATE", "FREEZE": "ACTIVATE",
}

SHOP_NAMES = ["Maple Lane Goods", "Harbor & Finch", "Lotus Garden Store", "Kite Street Outfitters", "Blue Pine Home",
              "Copper Kettle Co", "Saffron Market", "Northwind Supply", "Coral Bay Living", "Juniper & Oak"]


def derive_seed(*parts) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:8], "big")


def iso(epoch: int) -> str:
    return _dt.datetime.fromtimestamp(epoch, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_start(epoch: int) -> int:
    return epoch - epoch % DAY


def parse_anchor(anchor) -> int:
    if isinstance(anchor, str):
        return int(calendar.timegm(_dt.datetime.fromisoformat(anchor.replace("Z", "+00:00")).utctimetuple()))
    if isinstance(anchor, _dt.datetime):
        return int(anchor.timestamp())
    return int(anchor)


class IdAllocator:
    """Snowflake-ish ids (time in the high bits) that are unique across the whole sandbox."""

    def __init__(self):
        self._used: set[int] = set()

    def new(self, base: int, t: int, rng: random.Random, shift: int) -> int:
        high = base + (max(0, t - 1_600_000_000) << shift)
        while True:
            value = high + rng.getrandbits(shift)
            if value not in self._used:
                self._used.add(value)
                return value


class ProductCore:
    __slots__ = ("id", "create_time", "update_time", "status", "seed", "sku_ids", "version")

    def __init__(self, id, create_time, update_time, status, seed, sku_ids):
        self.id, self.create_time, self.update_time, self.status = id, create_time, update_time, status
        self.seed, self.sku_ids, self.version = seed, sku_ids, 0


class OrderCore:
    __slots__ = ("id", "create_time", "update_time", "status", "seed", "buyer", "shipping_type", "warehouse",
                 "buyer_cancel", "items", "version")

    def __init__(self, id, create_time, update_time, status, seed, buyer, shipping_type, warehouse, buyer_cancel, items):
        self.id, self.create_time, self.update_time, self.status = id, create_time, update_time, status
        self.seed, self.buyer, self.shipping_type, self.warehouse = seed, buyer, shipping_type, warehouse
        self.buyer_cancel, self.items, self.version = buyer_cancel, items, 0


class Txn:
    """Currency-neutral transaction facts; records.py renders the 202309 and 202501 shapes."""

    __slots__ = ("id", "type", "order_id", "adjustment_id", "adjustment_order_id", "order_create_time", "amounts",
                 "reserve_id", "reserve_status", "estimated_release_time")

    def __init__(self, id, type, order_id, adjustment_id, adjustment_order_id, order_create_time, amounts,
                 reserve_id="", reserve_status="", estimated_release_time=""):
        self.id, self.type, self.order_id, self.adjustment_id = id, type, order_id, adjustment_id
        self.adjustment_order_id, self.order_create_time, self.amounts = adjustment_order_id, order_create_time, amounts
        self.reserve_id, self.reserve_status, self.estimated_release_time = reserve_id, reserve_status, estimated_release_time


class Statement:
    __slots__ = ("id", "time", "status", "payment_id", "payment_time", "txns")

    def __init__(self, id, time, status, payment_id, payment_time, txns):
        self.id, self.time, self.status, self.payment_id, self.payment_time, self.txns = id, time, status, payment_id, payment_time, txns


class Shop:
    def __init__(self, index: int, record: dict, warehouses: list[str]):
        self.index = index
        self.record = record
        self.id: str = record["id"]
        self.cipher: str = record["cipher"]
        self.region: str = record["region"]
        self.seller_type: str = record["seller_type"]
        self.currency, self.exp, _, self.country = REGIONS[self.region]
        self.warehouses = warehouses
        self.products: dict[int, ProductCore] = {}
        self.prod_by_create: list[tuple[int, int]] = []
        self.prod_by_update: list[tuple[int, int]] = []
        self.orders: dict[int, OrderCore] = {}
        self.ord_by_create: list[tuple[int, int]] = []
        self.ord_by_update: list[tuple[int, int]] = []
        self.statements: list[Statement] = []
        self.statement_by_id: dict[str, Statement] = {}
        self.settled_orders: set[int] = set()
        self.n_buyers = 10
        self.version = 0  # bumped by every mutation; part of the search-cache key

    @property
    def is_sea(self) -> bool:
        return self.region in SEA

    @property
    def is_uk_us_local(self) -> bool:
        return self.region in ("US", "GB") and self.seller_type == "LOCAL"

    def buyer_user_id(self, buyer: int) -> str:
        return str(7_494_000_000_000_000_000 + self.index * 10**12 + buyer * 7919)


class Dataset:
    def __init__(self, seed=1, anchor=None, shops=3, products_per_shop=60, orders_per_shop=300, statement_days=45,
                 history_days=120):
        from . import records  # local import: records depends on this module's types

        self._records = records
        self.seed = seed
        self.anchor = int(anchor)
        self.history_days = history_days
        self.start = self.anchor - history_days * DAY
        self.lock = threading.RLock()
        self.ids = IdAllocator()
        self._cache: OrderedDict = OrderedDict()  # materialized records keyed by (kind, id, version)
        self._search_cache: OrderedDict = OrderedDict()
        self._shops: list[Shop] = []
        self.shop_by_id: dict[str, Shop] = {}
        self.shop_by_cipher: dict[str, Shop] = {}
        for i in range(shops):
            shop = self._make_shop(i)
            self._shops.append(shop)
            self.shop_by_id[shop.id] = shop
            self.shop_by_cipher[shop.cipher] = shop
        for shop in self._shops:
            rng = random.Random(derive_seed(seed, self.anchor, "catalog", shop.index))
            for _ in range(products_per_shop):
                self._new_product(shop, rng, self._initial_product_time(rng))
            rng = random.Random(derive_seed(seed, self.anchor, "orders", shop.index))
            shop.n_buyers = max(10, orders_per_shop // 3)
            cores = [self._new_order_core(shop, rng, self.start + int(rng.random() * (self.anchor - self.start)), None)
                     for _ in range(orders_per_shop)]
            for core in cores:
                shop.orders[core.id] = core
            shop.ord_by_create = sorted((c.create_time, c.id) for c in cores)
            shop.ord_by_update = sorted((c.update_time, c.id) for c in cores)
            rng = random.Random(derive_seed(seed, self.anchor, "statements", shop.index))
            newest = day_start(self.anchor) - 2 * DAY
            for k in range(statement_days - 1, -1, -1):
                t = newest - k * DAY
                if t < FINANCE_EPOCH:
                    continue
                self._new_statement(shop, rng, t, "PROCESSING" if k < 2 else "PAID")
        # Runtime mutations draw from their own stream so they never disturb the initial data.
        self.mutation_rng = random.Random(derive_seed(seed, self.anchor, "mutations"))

    # -- construction -----------------------------------------------------------------------
    def _make_shop(self, i: int) -> Shop:
        rng = random.Random(derive_seed(self.seed, "shop", i))
        region = REGION_CYCLE[i % len(REGION_CYCLE)]
        prefix = REGIONS[region][2]
        alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        cipher = prefix + "".join(rng.choice(alnum) for _ in range(32))
        code = region + "LC" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
        shop_id = str(self.ids.new(7_494_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20))
        name = f"{SHOP_NAMES[i % len(SHOP_NAMES)]} {region}" + (f" {i // len(SHOP_NAMES) + 1}" if i >= len(SHOP_NAMES) else "")
        record = {
            "cipher": cipher,
            "code": code,
            "id": shop_id,
            "name": name,
            "region": region,
            # Exactly one of the default three (GB) is cross-border; later shops follow the same cycle.
            "seller_type": "CROSS_BORDER" if i % 4 == 1 else "LOCAL",
        }
        warehouses = [str(self.ids.new(7_272_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20))
                      for _ in range(1 + rng.randrange(2))]
        return Shop(i, record, warehouses)

    def _initial_product_time(self, rng: random.Random) -> int:
        # Skewed early so most orders find products that already existed when they were placed.
        return self.start + int((rng.random() ** 2) * (self.anchor - self.start))

    def _new_product(self, shop: Shop, rng: random.Random, create_time: int, at: int | None = None) -> ProductCore:
        pid = self.ids.new(1_729_000_000_000_000_000, create_time, rng, 24)
        sku_ids = tuple(self.ids.new(1_729_500_000_000_000_000, create_time, rng, 24)
                        for _ in range(rng.choice((1, 1, 2, 3, 4))))
        if at is None:
            status = rng.choices(PRODUCT_STATUSES, weights=(5, 5, 4, 70, 6, 3, 3, 4))[0]
            update_time = create_time + int(rng.random() * (self.anchor - 1 - create_time))
        else:
            status, update_time = "ACTIVATE", at
        core = ProductCore(pid, create_time, max(create_time, update_time), status, rng.getrandbits(48), sku_ids)
        shop.products[pid] = core
        bisect.insort(shop.prod_by_create, (core.create_time, pid))
        bisect.insort(shop.prod_by_update, (core.update_time, pid))
        return core

    def _status_for_age(self, rng: random.Random, age_days: float) -> str:
        if rng.random() < 0.08:
            return "CANCELLED"
        if age_days < 1:
            return rng.choices(("UNPAID", "ON_HOLD", "AWAITING_SHIPMENT"), (15, 10, 75))[0]
        if age_days < 3:
            return rng.choices(("AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT"), (38, 2, 30, 30))[0]
        if age_days < 7:
            return rng.choices(("IN_TRANSIT", "DELIVERED"), (40, 60))[0]
        if age_days < 15:
            return rng.choices(("DELIVERED", "COMPLETED"), (50, 50))[0]
        return rng.choices(("DELIVERED", "COMPLETED"), (5, 95))[0]

    _UPDATE_DELAY = {
        "UNPAID": (0, 600), "ON_HOLD": (0, 1800), "AWAITING_SHIPMENT": (60, 3600), "PARTIALLY_SHIPPING": (3600, DAY),
        "AWAITING_COLLECTION": (3600, 2 * DAY), "IN_TRANSIT": (DAY, 3 * DAY), "DELIVERED": (3 * DAY, 7 * DAY),
        "COMPLETED": (7 * DAY, 15 * DAY), "CANCELLED": (600, 3 * DAY),
    }

    def _new_order_core(self, shop: Shop, rng: random.Random, create_time: int, at: int | None) -> OrderCore:
        oid = self.ids.new(576_000_000_000_000_000, create_time, rng, 22)
        if at is None:
            status = self._status_for_age(rng, (self.anchor - create_time) / DAY)
            lo, hi = self._UPDATE_DELAY[status]
            room = max(0, self.anchor - 1 - create_time)
            update_time = create_time + min(room, lo + int(rng.random() * (hi - lo)))
        else:
            status = rng.choices(("UNPAID", "AWAITING_SHIPMENT"), (30, 70))[0]
            update_time = create_time
        # Products that existed when the order was placed (fall back to the oldest one).
        k = bisect.bisect_right(shop.prod_by_create, (create_time, float("inf")))
        items = []
        units = 0
        for _ in range(1 if rng.random() < 0.8 else 2):
            if not shop.prod_by_create:
                break
            pid = shop.prod_by_create[rng.randrange(k) if k else 0][1]
            qty = rng.choices((1, 2, 3), (70, 20, 10))[0]
            qty = min(qty, 6 - units)
            if qty <= 0:
                break
            units += qty
            items.append((pid, rng.randrange(len(shop.products[pid].sku_ids)), qty))
        buyer_cancel = status in ("AWAITING_SHIPMENT", "AWAITING_COLLECTION") and rng.random() < 0.05
        return OrderCore(oid, create_time, update_time, status, rng.getrandbits(48), rng.randrange(shop.n_buyers),
                         "TIKTOK" if rng.random() < 0.7 else "SELLER", rng.randrange(len(shop.warehouses)), buyer_cancel, tuple(items))

    def _new_statement(self, shop: Shop, rng: random.Random, t: int, status: str) -> Statement:
        sid = str(self.ids.new(7_238_000_000_000_000_000, t, rng, 22))
        txns = self._records.build_transactions(self, shop, rng, t)
        payment_id = str(self.ids.new(3_459_000_000_000_000_000, t, rng, 22)) if status == "PAID" else ""
        payment_time = t + 2 * DAY + rng.randrange(0, 6 * 3600) if status == "PAID" else None
        if payment_time is not None:
            payment_time = min(payment_time, max(t, self.anchor - 1))
        st = Statement(sid, t, status, payment_id, payment_time, txns)
        shop.statements.append(st)
        shop.statement_by_id[sid] = st
        return st

    # -- lookups ------------------------------------------------------------------------------
    @property
    def shop_list(self) -> list[Shop]:
        return list(self._shops)

    def shop(self, shop_id: str) -> Shop:
        try:
            return self.shop_by_id[str(shop_id)]
        except KeyError:
            raise KeyError(f"unknown shop_id {shop_id!r}") from None

    def cached(self, key, build):
        with self.lock:
            hit = self._cache.get(key)
            if hit is None:
                hit = build()
                self._cache[key] = hit
                if len(self._cache) > 50_000:
                    self._cache.popitem(last=False)
            return hit

    def product_detail(self, shop: Shop, pid: int) -> dict:
        core = shop.products[pid]
        return self.cached(("product", pid, core.version), lambda: self._records.product_detail(self, shop, core))

    def order_record(self, shop: Shop, oid: int) -> dict:
        core = shop.orders[oid]
        return self.cached(("order", oid, core.version), lambda: self._records.order_record(self, shop, core))

    def search(self, shop: Shop, kind: str, fp: bytes, compute) -> list[int]:
        """Memoize a filtered, ordered id list for a page walk until the shop changes."""
        key = (shop.id, kind, fp, shop.version)
        with self.lock:
            hit = self._search_cache.get(key)
            if hit is None:
                hit = compute()
                self._search_cache[key] = hit
                if len(self._search_cache) > 64:
                    self._search_cache.popitem(last=False)
            else:
                self._search_cache.move_to_end(key)
            return hit

    # -- public views (sb.data.*) -----------------------------------------------------------------
    @property
    def shops(self) -> list[dict]:
        return [dict(s.record) for s in self._shops]

    @property
    def products(self) -> Mapping:
        return _ShopMap(self, lambda shop: _RecordList(self, shop, "product"))

    @property
    def orders(self) -> Mapping:
        return _ShopMap(self, lambda shop: _RecordList(self, shop, "order"))

    @property
    def statements(self) -> Mapping:
        def build(shop):
            with self.lock:
                return [self._records.statement_record(shop, st) for st in shop.statements]
        return _ShopMap(self, build)

    @property
    def transactions(self) -> Mapping:
        """202501 shape, ordered by (order_create_time, id); RESERVE rows included."""
        return _ShopMap(self, lambda shop: _StatementMap(self, shop, self._records.transaction_202501))

    @property
    def transactions_202309(self) -> Mapping:
        """Flat 202309 shape (no RESERVE rows); meaningful for UK/US LOCAL shops only."""
        return _ShopMap(self, lambda shop: _StatementMap(self, shop, self._records.transaction_202309, skip_reserve=True))


class _ShopMap(Mapping):
    def __init__(self, ds: Dataset, build):
        self._ds, self._build = ds, build

    def __getitem__(self, shop_id):
        return self._build(self._ds.shop(shop_id))

    def __iter__(self):
        return iter([s.id for s in self._ds.shop_list])

    def __len__(self):
        return len(self._ds.shop_list)


class _StatementMap(Mapping):
    def __init__(self, ds: Dataset, shop: Shop, render, skip_reserve=False):
        self._ds, self._shop, self._render, self._skip = ds, shop, render, skip_reserve

    def __getitem__(self, statement_id):
        with self._ds.lock:
            st = self._shop.statement_by_id[str(statement_id)]
            return [self._render(self._shop, t) for t in st.txns if not (self._skip and t.type == "RESERVE")]

    def __iter__(self):
        with self._ds.lock:
            return iter([st.id for st in self._shop.statements])

    def __len__(self):
        return len(self._shop.statements)


class _RecordList(Sequence):
    """Live, lazily materialized list of a shop's records ordered by (create_time, id)."""

    def __init__(self, ds: Dataset, shop: Shop, kind: str):
        self._ds, self._shop, self._kind = ds, shop, kind

    def ids(self) -> list[str]:
        return [str(i) for i in self._raw_ids()]

    def _raw_ids(self) -> list[int]:
        with self._ds.lock:
            index = self._shop.prod_by_create if self._kind == "product" else self._shop.ord_by_create
            return [i for _, i in index]

    def _get(self, rid: int) -> dict:
        if self._kind == "product":
            return self._ds.product_detail(self._shop, rid)
        return self._ds.order_record(self._shop, rid)

    def by_id(self, rid) -> dict:
        return self._get(int(rid))

    def __len__(self):
        return len(self._raw_ids())

    def __getitem__(self, i):
        ids = self._raw_ids()
        if isinstance(i, slice):
            return [self._get(x) for x in ids[i]]
        return self._get(ids[i])

    def __iter__(self):
        for rid in self._raw_ids():
            yield self._get(rid)

    def __eq__(self, other):
        if isinstance(other, (list, tuple, Sequence)):
            return list(self) == list(other)
        return NotImplemented
