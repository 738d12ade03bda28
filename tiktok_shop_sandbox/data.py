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
UNSETTLED_EPOCH = 1735689600  # 2025-01-01: the unsettled-transactions API has nothing older
UNSETTLED_WINDOW = 30 * DAY  # SANDBOX CHOICE: "recent" unsettled orders = created in the 30 days before the anchor
RETURN_RATE = 0.06  # share of delivered/completed orders that get a return (~5% of all orders)

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
# SANDBOX CHOICE: one fixed UTC offset (hours, no DST) per region = the shop's registered timezone.
REGION_UTC_OFFSET = {"US": -8, "GB": 0, "VN": 7, "ID": 7, "MY": 8, "TH": 7, "PH": 8, "SG": 8, "MX": -6, "ES": 1,
                     "JP": 9, "BR": -3}
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
SHIPPED_STATUSES = ("AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED")
# Package status of an order's package (search enum: PROCESSING, FULFILLING, COMPLETED, CANCELLED).
PACKAGE_STATUS = {"AWAITING_SHIPMENT": "PROCESSING", "PARTIALLY_SHIPPING": "PROCESSING", "AWAITING_COLLECTION": "PROCESSING",
                  "IN_TRANSIT": "FULFILLING", "DELIVERED": "COMPLETED", "COMPLETED": "COMPLETED", "CANCELLED": "CANCELLED"}
CANCEL_REASONS = {  # initiator -> (reason code, text shown on the order and the cancellation)
    "BUYER": ("buyer_cancel_paid_reason_change_mind", "Buyer changed mind"),
    "SELLER": ("seller_cancel_paid_reason_out_of_stock", "Out of stock"),
    "SYSTEM": ("system_cancel_reason_package_delivery_failed", "Package delivery failed"),
}
RETURN_PATHS = {
    "REFUND": ("RETURN_OR_REFUND_REQUEST_PENDING", "RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"),
    "RETURN_AND_REFUND": ("RETURN_OR_REFUND_REQUEST_PENDING", "AWAITING_BUYER_SHIP", "BUYER_SHIPPED_ITEM",
                          "RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"),
    "REPLACEMENT": ("REPLACEMENT_REQUEST_PENDING", "REPLACEMENT_REQUEST_COMPLETE"),
}
RETURN_DEAD_ENDS = {
    "REFUND": ("REFUND_OR_RETURN_REQUEST_REJECT", "RETURN_OR_REFUND_REQUEST_CANCEL"),
    "RETURN_AND_REFUND": ("REFUND_OR_RETURN_REQUEST_REJECT", "RETURN_OR_REFUND_REQUEST_CANCEL"),
    "REPLACEMENT": ("REPLACEMENT_REQUEST_REJECT", "REPLACEMENT_REQUEST_CANCEL"),
}
RETURN_STATUSES = (
    "RETURN_OR_REFUND_REQUEST_PENDING", "REFUND_OR_RETURN_REQUEST_REJECT", "AWAITING_BUYER_SHIP", "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE", "RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_CANCEL",
    "RETURN_OR_REFUND_REQUEST_COMPLETE", "REPLACEMENT_REQUEST_PENDING", "REPLACEMENT_REQUEST_REJECT",
    "REPLACEMENT_REQUEST_REFUND_SUCCESS", "REPLACEMENT_REQUEST_CANCEL", "REPLACEMENT_REQUEST_COMPLETE",
    "AWAITING_BUYER_RESPONSE",
)
RETURN_FINAL = frozenset(p[-1] for p in RETURN_PATHS.values()) | frozenset(x for d in RETURN_DEAD_ENDS.values() for x in d)
CANCEL_STATUSES = ("CANCELLATION_REQUEST_PENDING", "CANCELLATION_REQUEST_SUCCESS", "CANCELLATION_REQUEST_CANCEL",
                   "CANCELLATION_REQUEST_COMPLETE")
CANCEL_NEXT = {"CANCELLATION_REQUEST_PENDING": "CANCELLATION_REQUEST_SUCCESS",
               "CANCELLATION_REQUEST_SUCCESS": "CANCELLATION_REQUEST_COMPLETE"}
WITHDRAWAL_TYPES = ("WITHDRAW", "SETTLE", "TRANSFER", "REVERSE")
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
                 "buyer_cancel", "items", "version", "cancel_from")

    def __init__(self, id, create_time, update_time, status, seed, buyer, shipping_type, warehouse, buyer_cancel, items):
        self.id, self.create_time, self.update_time, self.status = id, create_time, update_time, status
        self.seed, self.buyer, self.shipping_type, self.warehouse = seed, buyer, shipping_type, warehouse
        self.buyer_cancel, self.items, self.version = buyer_cancel, items, 0
        self.cancel_from = None  # status before a runtime cancellation (sb.mutate.add_cancellations)


def order_facts(core: OrderCore) -> tuple[bool, bool, str | None, int]:
    """(cancelled_after_ship, paid, cancellation initiator, payment delay s), all from the core, never from status
    history, so records, packages, cancellations and analytics agree without materializing the order."""
    s = core.seed
    pay_delay = 5 + (s >> 4) % 295
    if core.status != "CANCELLED":
        return False, core.status != "UNPAID", None, pay_delay
    if core.cancel_from is not None:
        return False, core.cancel_from != "UNPAID", ("BUYER" if (s >> 27) & 1 else "SELLER"), pay_delay
    after_ship = (s >> 13) % 100 < 30
    paid = after_ship or (s >> 20) % 100 >= 30
    initiator = "SYSTEM" if after_ship else ("BUYER" if (s >> 27) & 1 else "SELLER")
    return after_ship, paid, initiator, pay_delay


def paid_time(core: OrderCore) -> int | None:
    _, paid, _, delay = order_facts(core)
    return min(core.update_time, core.create_time + delay) if paid else None


def has_package(core: OrderCore) -> bool:
    if core.status in ("UNPAID", "ON_HOLD"):
        return False
    return core.status != "CANCELLED" or order_facts(core)[1]


def package_times(core: OrderCore) -> tuple[int, int, int]:
    """(create_time, update_time, order_pay_time) of the order's package; create/pay lie within 360 s of the order."""
    pay = min(core.update_time, core.create_time + order_facts(core)[3])
    create = min(core.update_time, pay + 1 + (core.seed >> 33) % 60)
    return create, core.update_time, pay


PACKAGE_LAG = 360  # package create/pay time - order create_time is always below this


class ReturnCore:
    __slots__ = ("id", "order_id", "create_time", "update_time", "status", "type", "role", "arbitration", "seed", "version")

    def __init__(self, id, order_id, create_time, update_time, status, type, role, arbitration, seed):
        self.id, self.order_id, self.create_time, self.update_time = id, order_id, create_time, update_time
        self.status, self.type, self.role, self.arbitration, self.seed = status, type, role, arbitration, seed
        self.version = 0


class CancelCore:
    __slots__ = ("id", "order_id", "create_time", "update_time", "status", "version")

    def __init__(self, id, order_id, create_time, update_time, status):
        self.id, self.order_id, self.create_time, self.update_time, self.status = id, order_id, create_time, update_time, status
        self.version = 0


class PaymentCore:
    __slots__ = ("id", "create_time", "paid_time", "status", "statement_ids", "settlement", "reserve")

    def __init__(self, id, create_time, paid_time, status, statement_ids, settlement, reserve):
        self.id, self.create_time, self.paid_time, self.status = id, create_time, paid_time, status
        self.statement_ids, self.settlement, self.reserve = statement_ids, settlement, reserve


class WithdrawalCore:
    __slots__ = ("id", "type", "amount", "status", "create_time")

    def __init__(self, id, type, amount, status, create_time):
        self.id, self.type, self.amount, self.status, self.create_time = id, type, amount, status, create_time


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
        self.order_txns: dict[int, tuple[str, "Txn"]] = {}  # settled order -> (statement id, ORDER transaction)
        self.returns: dict[int, ReturnCore] = {}
        self.ret_by_create: list[tuple[int, int]] = []
        self.ret_by_update: list[tuple[int, int]] = []
        self.returned_orders: set[int] = set()
        self.cancels: dict[int, CancelCore] = {}
        self.cxl_by_create: list[tuple[int, int]] = []
        self.cxl_by_update: list[tuple[int, int]] = []
        self.payments: dict[int, PaymentCore] = {}
        self.pay_by_create: list[tuple[int, int]] = []
        self.withdrawals: dict[str, WithdrawalCore] = {}
        self.wd_by_create: list[tuple[int, str]] = []
        self.return_warehouse = ""
        self.analytics = None  # lazily computed per-day aggregates (analytics.py)
        self.utc_offset = REGION_UTC_OFFSET[self.region] * 3600
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

    @property
    def timezone(self) -> str:
        h = self.utc_offset // 3600
        return f"UTC{'+' if h >= 0 else '-'}{abs(h):02d}:00"

    def local_date(self, epoch: int) -> _dt.date:
        return _dt.date.fromordinal(_EPOCH_ORDINAL + (epoch + self.utc_offset) // DAY)

    def day_start(self, day: _dt.date) -> int:
        """UTC instant of local midnight starting `day`."""
        return (day.toordinal() - _EPOCH_ORDINAL) * DAY - self.utc_offset


_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


class Dataset:
    def __init__(self, seed=1, anchor=None, shops=3, products_per_shop=60, orders_per_shop=300, statement_days=45,
                 history_days=120, max_statement_transactions=40):
        from . import records, records_more  # local import: records depends on this module's types

        self._records = records
        self._more = records_more
        self.seed = seed
        self.anchor = int(anchor)
        self.history_days = history_days
        # A statement's transactions are drawn from 0..this many; above 100 a statement's walk has several pages.
        self.max_statement_transactions = max_statement_transactions
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
            self._build_after_sales(shop)
            rng = random.Random(derive_seed(seed, self.anchor, "statements", shop.index))
            newest = day_start(self.anchor) - 2 * DAY
            for k in range(statement_days - 1, -1, -1):
                t = newest - k * DAY
                if t < FINANCE_EPOCH:
                    continue
                self._new_statement(shop, rng, t, "PROCESSING" if k < 2 else "PAID")
            self._build_payments(shop)
            self._build_withdrawals(shop)
        # Runtime mutations draw from their own stream so they never disturb the initial data.
        self.mutation_rng = random.Random(derive_seed(seed, self.anchor, "mutations"))
        # Knobs read by endpoints and views (proxied as Sandbox attributes; defaults = strict readings).
        self.analytics_ids_as_strings = False  # OAS types analytics ids as JSON integers
        self.payments_unavailable_in_sea = True  # "This API is currently unavailable to SEA markets" -> error
        self.us_category_version_v2_required = True  # "US must pass v2" for categories

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
        shop = Shop(i, record, warehouses)
        shop.return_warehouse = str(self.ids.new(7_272_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20))
        return shop

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

    def _new_order_core(self, shop: Shop, rng: random.Random, create_time: int, at: int | None,
                        status: str | None = None) -> OrderCore:
        oid = self.ids.new(576_000_000_000_000_000, create_time, rng, 22)
        if at is None:
            status = self._status_for_age(rng, (self.anchor - create_time) / DAY)
            lo, hi = self._UPDATE_DELAY[status]
            room = max(0, self.anchor - 1 - create_time)
            update_time = create_time + min(room, lo + int(rng.random() * (hi - lo)))
        else:
            drawn = rng.choices(("UNPAID", "AWAITING_SHIPMENT"), (30, 70))[0]
            status = status or drawn
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
        for txn in txns:
            if txn.type == "ORDER":
                shop.order_txns[int(txn.order_id)] = (sid, txn)
        return st

    # -- after-sales and finance facts (cheap cores; records.py/records_more.py render them) -----
    def _build_after_sales(self, shop: Shop) -> None:
        """Returns on ~RETURN_RATE of delivered/completed orders; one cancellation per cancelled order."""
        rng = random.Random(derive_seed(self.seed, self.anchor, "after_sales", shop.index))
        returns, cancels = [], []
        for _, oid in shop.ord_by_create:
            core = shop.orders[oid]
            if core.status == "CANCELLED":
                cancels.append(self._initial_cancel(shop, rng, core))
            elif core.status in ("DELIVERED", "COMPLETED") and rng.random() < RETURN_RATE:
                returns.append(self._initial_return(shop, rng, core))
        for r in returns:
            shop.returns[r.id] = r
            shop.returned_orders.add(r.order_id)
        for c in cancels:
            shop.cancels[c.id] = c
        shop.ret_by_create = sorted((r.create_time, r.id) for r in returns)
        shop.ret_by_update = sorted((r.update_time, r.id) for r in returns)
        shop.cxl_by_create = sorted((c.create_time, c.id) for c in cancels)
        shop.cxl_by_update = sorted((c.update_time, c.id) for c in cancels)

    def _initial_cancel(self, shop: Shop, rng: random.Random, core: OrderCore) -> CancelCore:
        _, paid, initiator, _ = order_facts(core)
        ct, ut = core.create_time, core.update_time
        # A buyer's request precedes the cancellation; seller/system cancellations are immediate (LIVE: create == update).
        create = max(ct, ut - rng.randrange(60, 7200)) if initiator == "BUYER" else ut
        status = "CANCELLATION_REQUEST_SUCCESS" if paid and self.anchor - ut < DAY else "CANCELLATION_REQUEST_COMPLETE"
        cid = self.ids.new(4_035_300_000_000_000_000, create, rng, 22)
        return CancelCore(cid, core.id, create, ut, status)

    def _initial_return(self, shop: Shop, rng: random.Random, core: OrderCore) -> ReturnCore:
        ct, ut = core.create_time, core.update_time
        lo = ct + max(1, (ut - ct) // 2)
        create = min(self.anchor - 2, lo + rng.randrange(0, 3 * DAY))
        rtype = rng.choices(("REFUND", "RETURN_AND_REFUND", "REPLACEMENT"), (30, 60, 10))[0]
        path = RETURN_PATHS[rtype]
        age = (self.anchor - create) / DAY
        if age > 7:
            roll = rng.random()
            status = path[-1] if roll < 0.8 else RETURN_DEAD_ENDS[rtype][0 if roll < 0.9 else 1]
            steps = len(path)
        else:
            steps = 1 + min(len(path) - 2, int(age / 7 * len(path)))
            status = path[steps - 1]
        update = create
        for _ in range(steps - 1):
            update += rng.randrange(3 * 3600, DAY + DAY // 2)
        update = min(update, self.anchor - 1)
        role = rng.choices(("BUYER", "SELLER", "SYSTEM"), (90, 5, 5))[0]
        arbitration = rng.choice(("", "SUPPORT_SELLER", "CLOSED")) if status == "REFUND_OR_RETURN_REQUEST_REJECT" else ""
        rid = self.ids.new(4_035_400_000_000_000_000, create, rng, 22)
        return ReturnCore(rid, core.id, create, update, status, rtype, role, arbitration, rng.getrandbits(48))

    def _build_payments(self, shop: Shop) -> None:
        """PAID statements are paid out in batches of 2-4 (one payment each); the two PROCESSING statements sit in
        one PROCESSING payment that they do not reference until it is paid."""
        rng = random.Random(derive_seed(self.seed, self.anchor, "payments", shop.index))
        paid = [st for st in shop.statements if st.status == "PAID"]
        i = 0
        while i < len(paid):
            chunk = paid[i:i + rng.choice((2, 3, 3, 4))]
            i += len(chunk)
            create = min(self.anchor - 2, chunk[-1].time + DAY + rng.randrange(3600, 6 * 3600))
            paid_at = min(self.anchor - 1, create + rng.randrange(3600, 12 * 3600))
            pay = self._new_payment(shop, rng, create, "PAID", chunk, paid_at)
            for st in chunk:
                st.payment_id, st.payment_time = str(pay.id), paid_at
        pending = [st for st in shop.statements if st.status == "PROCESSING"]
        if pending:
            create = min(self.anchor - 2, pending[-1].time + rng.randrange(3600, 6 * 3600))
            self._new_payment(shop, rng, create, "PROCESSING", pending, None)

    def _new_payment(self, shop: Shop, rng: random.Random, create: int, status: str, statements, paid_at,
                     settlement=None, reserve=None) -> PaymentCore:
        if statements:
            totals = [self._records.statement_totals(st) for st in statements]
            settlement = sum((t["settlement"] for t in totals), self._records.ZERO)
            reserve = sum((t["reserve"] for t in totals), self._records.ZERO)
        pid = self.ids.new(3_458_000_000_000_000_000, create, rng, 22)
        pay = PaymentCore(pid, create, paid_at, status, tuple(st.id for st in statements), settlement, reserve)
        shop.payments[pid] = pay
        bisect.insort(shop.pay_by_create, (create, pid))
        return pay

    def _build_withdrawals(self, shop: Shop) -> None:
        rng = random.Random(derive_seed(self.seed, self.anchor, "withdrawals", shop.index))
        for _ in range(max(3, self.history_days // 20)):
            t = self.start + int(rng.random() * (self.anchor - 1 - self.start))
            wtype = rng.choices(WITHDRAWAL_TYPES, (50, 30, 15, 5))[0]
            status = "PROCESSING" if self.anchor - t < 2 * DAY else ("SUCCESS" if rng.random() < 0.9 else "FAILED")
            self._new_withdrawal(shop, rng, t, wtype, "SUCCESS" if wtype == "REVERSE" else status)

    def _new_withdrawal(self, shop: Shop, rng: random.Random, t: int, wtype: str, status: str) -> WithdrawalCore:
        if rng.random() < 0.5:  # ids are strings and may be non-numeric (doc sample "EFASDFSAFDA23432DFAFDSA")
            wid = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(23))
        else:
            wid = str(self.ids.new(7_310_000_000_000_000_000, t, rng, 22))
        while wid in shop.withdrawals:
            wid += rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        amount = self._records.q(shop, self._records.D(rng.randrange(2000, 200000)) / 100 * self._records.D(self._records.FX[shop.currency][0]))
        if wtype == "TRANSFER" and rng.random() < 0.5:
            amount = -amount  # platform deduction
        w = WithdrawalCore(wid, wtype, amount, status, t)
        shop.withdrawals[wid] = w
        bisect.insort(shop.wd_by_create, (t, wid))
        return w

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

    def return_record(self, shop: Shop, rid: int) -> dict:
        core = shop.returns[rid]
        key = ("return", rid, core.version, shop.orders[core.order_id].version)
        return self.cached(key, lambda: self._more.return_record(self, shop, core))

    def cancellation_record(self, shop: Shop, cid: int) -> dict:
        core = shop.cancels[cid]
        key = ("cancel", cid, core.version, shop.orders[core.order_id].version)
        return self.cached(key, lambda: self._more.cancellation_record(self, shop, core))

    def package_record(self, shop: Shop, oid: int) -> dict:
        core = shop.orders[oid]
        return self.cached(("package", oid, core.version), lambda: self._more.package_record(self, shop, core))

    def package_order_ids(self, shop: Shop) -> list[int]:
        """Orders that have a package, by (package create_time, package id)."""
        with self.lock:
            keyed = [(package_times(shop.orders[oid])[0], oid) for _, oid in shop.ord_by_create if has_package(shop.orders[oid])]
        return [oid for _, oid in sorted(keyed)]

    def unsettled_order_ids(self, shop: Shop) -> list[int]:
        """Paid, not cancelled, not yet settled orders created after 2025-01-01 and within UNSETTLED_WINDOW of the anchor."""
        lo = max(UNSETTLED_EPOCH, self.anchor - UNSETTLED_WINDOW)
        statuses = self._more.UNSETTLED_STATUSES
        with self.lock:
            i = bisect.bisect_left(shop.ord_by_create, (lo, -1))
            return [oid for _, oid in shop.ord_by_create[i:]
                    if shop.orders[oid].status in statuses and oid not in shop.order_txns]

    def inventory_product_ids(self, shop: Shop) -> list[int]:
        """Products that have an inventory record (all but DELETED), by (create_time, id)."""
        with self.lock:
            return [pid for _, pid in shop.prod_by_create if shop.products[pid].status != "DELETED"]

    def brand_list(self, shop: Shop) -> list:
        return self.cached(("brands", shop.region), lambda: self._more.brands(self, shop))

    def payments_available(self, shop: Shop) -> bool:
        return not (self.payments_unavailable_in_sea and shop.is_sea)

    def latest_available_date(self, shop_id: str) -> str:
        """Last analytics day: the day before the anchor's date in the shop's timezone."""
        shop = self.shop(shop_id)
        return (shop.local_date(self.anchor) - _dt.timedelta(days=1)).isoformat()

    def timezone(self, shop_id: str) -> str:
        return self.shop(shop_id).timezone

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

    # Every view below returns records exactly as the endpoint emits them, in the endpoint's default order.
    @property
    def returns(self) -> Mapping:
        """Returns by (create_time, return_id) ascending."""
        def build(shop):
            with self.lock:
                return [self.return_record(shop, rid) for _, rid in shop.ret_by_create]
        return _ShopMap(self, build)

    @property
    def cancellations(self) -> Mapping:
        """Cancellations by (create_time, cancel_id) ascending."""
        def build(shop):
            with self.lock:
                return [self.cancellation_record(shop, cid) for _, cid in shop.cxl_by_create]
        return _ShopMap(self, build)

    @property
    def payments(self) -> Mapping:
        """Payments by (create_time, id) ascending; [] where the endpoint refuses the shop (SEA, knob)."""
        def build(shop):
            if not self.payments_available(shop):
                return []
            with self.lock:
                return [self._more.payment_record(shop, shop.payments[pid]) for _, pid in shop.pay_by_create]
        return _ShopMap(self, build)

    @property
    def withdrawals(self) -> Mapping:
        """Withdrawals of every type by (create_time, id) descending."""
        def build(shop):
            with self.lock:
                return [self._more.withdrawal_record(shop, shop.withdrawals[wid]) for _, wid in reversed(shop.wd_by_create)]
        return _ShopMap(self, build)

    @property
    def order_transactions(self) -> Mapping:
        """order_id -> `data` of GET /finance/202501/orders/{order_id}/statement_transactions, for every order."""
        return _ShopMap(self, lambda shop: _OrderTxnMap(self, shop))

    @property
    def unsettled(self) -> Mapping:
        """Unsettled transactions by (order_create_time, order id) ascending."""
        def build(shop):
            with self.lock:
                return [self._more.unsettled_record(self, shop, shop.orders[oid]) for oid in self.unsettled_order_ids(shop)]
        return _ShopMap(self, build)

    @property
    def unsettled_transactions(self) -> Mapping:
        """Alias of `unsettled` (the connector's stream name)."""
        return self.unsettled

    @property
    def packages(self) -> Mapping:
        """Packages by (create_time, id) descending (the search's default sort)."""
        def build(shop):
            with self.lock:
                return [self.package_record(shop, oid) for oid in reversed(self.package_order_ids(shop))]
        return _ShopMap(self, build)

    @property
    def warehouses(self) -> Mapping:
        return _ShopMap(self, lambda shop: self._more.warehouses(shop))

    @property
    def categories(self) -> Mapping:
        """The default tree (prohibited categories left out, as without include_prohibited_categories)."""
        return _ShopMap(self, lambda shop: [c for c in self._more.categories() if "PROHIBITED" not in c["permission_statuses"]])

    @property
    def brands(self) -> Mapping:
        return _ShopMap(self, lambda shop: [dict(b) for b, _ in self.brand_list(shop)])

    @property
    def inventory(self) -> Mapping:
        """One inventory[] item per product that has one (all but DELETED), by product (create_time, id)."""
        def build(shop):
            with self.lock:
                return [self._more.inventory_item(self, shop, pid) for pid in self.inventory_product_ids(shop)]
        return _ShopMap(self, build)

    @property
    def shop_performance(self) -> Mapping:
        """Daily (1D, LOCAL) intervals for every day with data, oldest first."""
        from . import analytics

        def build(shop):
            an = analytics.get(self, shop)
            return analytics.shop_intervals(an, an.first, an.latest + _dt.timedelta(days=1), "1D", analytics.Money(shop, "LOCAL"))
        return _ShopMap(self, build)

    @property
    def product_performance(self) -> Mapping:
        """date -> rows of a one-day shop_products/performance query (LOCAL, gmv DESC)."""
        return _ShopMap(self, lambda shop: _PerfMap(self, shop, "product"))

    @property
    def sku_performance(self) -> Mapping:
        """date -> rows of a one-day shop_skus/performance query (LOCAL, gmv DESC)."""
        return _ShopMap(self, lambda shop: _PerfMap(self, shop, "sku"))


class _OrderTxnMap(Mapping):
    def __init__(self, ds: Dataset, shop: Shop):
        self._ds, self._shop = ds, shop

    def __getitem__(self, order_id):
        oid = int(order_id)
        with self._ds.lock:
            if oid not in self._shop.orders:
                raise KeyError(order_id)
            return self._ds._more.order_transactions(self._ds, self._shop, oid)

    def __iter__(self):
        with self._ds.lock:
            return iter([str(oid) for _, oid in self._shop.ord_by_create])

    def __len__(self):
        return len(self._shop.orders)


class _PerfMap(Mapping):
    def __init__(self, ds: Dataset, shop: Shop, kind: str):
        from . import analytics

        self._ds, self._shop, self._kind, self._an = ds, shop, kind, analytics.get(ds, shop)

    def __getitem__(self, day):
        from . import analytics

        d = _dt.date.fromisoformat(str(day))
        if d not in set(self._an.days):
            raise KeyError(day)
        rows = analytics.product_rows if self._kind == "product" else analytics.sku_rows
        return rows(self._an, d, d + _dt.timedelta(days=1), analytics.Money(self._shop, "LOCAL"), "gmv", "DESC",
                    self._ds.analytics_ids_as_strings)

    def __iter__(self):
        return iter([d.isoformat() for d in self._an.days])

    def __len__(self):
        return len(self._an.days)


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
