"""`sb.data.*`: every table exactly as its endpoint emits it, plus the id queries endpoints share.

`Views` is mixed into `dataset.Dataset`; a view reads through the dataset's cached record
accessors and the `records/` builders, never writes. `sb.data.<table>[shop_id]` holds the
records the endpoint returns, in its default order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .constants import UNSETTLED_EPOCH, UNSETTLED_STATUSES, UNSETTLED_WINDOW
from .cores import has_package, package_times
from .records import analytics, fbt, finance, fulfillment, order_children, products, promotion, return_records, settlements
from .shop import Shop, time_slice


class Views:
    # Provided by dataset.Dataset, which mixes this class in.
    lock: Any
    anchor: int
    analytics_ids_as_strings: bool
    payments_unavailable_in_sea: bool
    fbt: dict
    _shops: list[Shop]
    shop: Callable[[str], Shop]
    product_detail: Callable[[Shop, int], dict]
    order_record: Callable[[Shop, int], dict]
    return_record: Callable[[Shop, int], dict]
    cancellation_record: Callable[[Shop, int], dict]
    package_record: Callable[[Shop, int], dict]
    brand_list: Callable[[Shop], list]

    # -- queries endpoints and views share (ids in the endpoint's default order) ------------------
    def package_order_ids(self, shop: Shop) -> list[int]:
        """Orders that have a package, by (package create_time, package id)."""
        with self.lock:
            keyed = [(package_times(shop.orders[oid])[0], oid) for _, oid in shop.orders.by_create if has_package(shop.orders[oid])]
        return [oid for _, oid in sorted(keyed)]

    def unsettled_order_ids(self, shop: Shop) -> list[int]:
        """Paid, not cancelled, not yet settled orders created after 2025-01-01 and within UNSETTLED_WINDOW of the anchor."""
        lo = max(UNSETTLED_EPOCH, self.anchor - UNSETTLED_WINDOW)
        with self.lock:
            return [
                oid
                for _, oid in time_slice(shop.orders.by_create, lo)
                if shop.orders[oid].status in UNSETTLED_STATUSES and oid not in shop.order_txns
            ]

    def inventory_product_ids(self, shop: Shop) -> list[int]:
        """Products that have an inventory record (all but DELETED), by (create_time, id)."""
        with self.lock:
            return [pid for _, pid in shop.products.by_create if shop.products[pid].status != "DELETED"]

    def payments_available(self, shop: Shop) -> bool:
        return not (self.payments_unavailable_in_sea and shop.is_sea)

    def latest_available_date(self, shop_id: str) -> str:
        """Last analytics day: the day before the anchor's date in the shop's timezone."""
        shop = self.shop(shop_id)
        return (shop.local_date(self.anchor) - _dt.timedelta(days=1)).isoformat()

    def timezone(self, shop_id: str) -> str:
        return self.shop(shop_id).timezone

    # -- tables ------------------------------------------------------------------------------------
    def _per_shop(self, build) -> Mapping:
        """shop_id -> build(shop), built under the dataset lock."""

        def locked(shop):
            with self.lock:
                return build(shop)

        return _ShopMap(self, locked)

    @property
    def shops(self) -> list[dict]:
        return [dict(s.record) for s in self._shops]

    @property
    def products(self) -> Mapping:
        return _ShopMap(self, lambda shop: _RecordList(shop.products, lambda pid: self.product_detail(shop, pid), self.lock))

    @property
    def orders(self) -> Mapping:
        return _ShopMap(self, lambda shop: _RecordList(shop.orders, lambda oid: self.order_record(shop, oid), self.lock))

    @property
    def order_details(self) -> Mapping:
        """Orders as GET /order/202507/orders answers them (the search's fields and the detail-only payment fields)."""
        return _ShopMap(self, lambda shop: _RecordList(shop.orders, lambda oid: order_children.order_detail(self, shop, oid), self.lock))

    @property
    def order_price_details(self) -> Mapping:
        """order_id -> `data` of GET /order/202407/orders/{order_id}/price_detail, for every order."""
        return _ShopMap(self, lambda shop: _KeyedMap(self, shop.orders, lambda oid: order_children.price_detail(self, shop, oid)))

    @property
    def return_records(self) -> Mapping:
        """return_id -> `data.records` of GET /return_refund/202309/returns/{return_id}/records (newest first)."""
        return _ShopMap(self, lambda shop: _KeyedMap(self, shop.returns, lambda rid: return_records.return_records(self, shop, rid)))

    @property
    def statements(self) -> Mapping:
        return self._per_shop(lambda shop: [finance.statement_record(shop, st) for st in shop.statements])

    @property
    def transactions(self) -> Mapping:
        """202501 shape, ordered by (order_create_time, id); RESERVE rows included."""
        return _ShopMap(self, lambda shop: _StatementMap(self, shop, finance.transaction_202501))

    @property
    def transactions_202309(self) -> Mapping:
        """Flat 202309 shape (no RESERVE rows); meaningful for UK/US LOCAL shops only."""
        return _ShopMap(self, lambda shop: _StatementMap(self, shop, finance.transaction_202309, skip_reserve=True))

    @property
    def returns(self) -> Mapping:
        """Returns by (create_time, return_id) ascending."""
        return self._per_shop(lambda shop: [self.return_record(shop, rid) for _, rid in shop.returns.by_create])

    @property
    def cancellations(self) -> Mapping:
        """Cancellations by (create_time, cancel_id) ascending."""
        return self._per_shop(lambda shop: [self.cancellation_record(shop, cid) for _, cid in shop.cancels.by_create])

    @property
    def payments(self) -> Mapping:
        """Payments by (create_time, id) ascending; [] where the endpoint refuses the shop (SEA, knob)."""
        return self._per_shop(
            lambda shop: (
                [finance.payment_record(shop, shop.payments[pid]) for _, pid in shop.payments.by_create]
                if self.payments_available(shop)
                else []
            )
        )

    @property
    def withdrawals(self) -> Mapping:
        """Withdrawals of every type by (create_time, id) descending."""
        return self._per_shop(
            lambda shop: [finance.withdrawal_record(shop, shop.withdrawals[wid]) for _, wid in reversed(shop.withdrawals.by_create)]
        )

    @property
    def order_transactions(self) -> Mapping:
        """order_id -> `data` of GET /finance/202501/orders/{order_id}/statement_transactions, for every order."""
        return _ShopMap(self, lambda shop: _OrderTxnMap(self, shop))

    @property
    def unsettled(self) -> Mapping:
        """Unsettled transactions by (order_create_time, order id) ascending."""
        return self._per_shop(
            lambda shop: [settlements.unsettled_record(self, shop, shop.orders[oid]) for oid in self.unsettled_order_ids(shop)]
        )

    @property
    def unsettled_transactions(self) -> Mapping:
        """Alias of `unsettled` (the connector's stream name)."""
        return self.unsettled

    @property
    def packages(self) -> Mapping:
        """Packages by (create_time, id) descending (the search's default sort)."""
        return self._per_shop(lambda shop: [self.package_record(shop, oid) for oid in reversed(self.package_order_ids(shop))])

    @property
    def warehouses(self) -> Mapping:
        return _ShopMap(self, fulfillment.warehouses)

    @property
    def categories(self) -> Mapping:
        """The default tree (prohibited categories left out, as without include_prohibited_categories)."""
        return _ShopMap(self, lambda shop: [c for c in products.categories() if "PROHIBITED" not in c["permission_statuses"]])

    @property
    def brands(self) -> Mapping:
        return _ShopMap(self, lambda shop: [dict(b) for b, _ in self.brand_list(shop)])

    @property
    def inventory(self) -> Mapping:
        """One inventory[] item per product that has one (all but DELETED), by product (create_time, id)."""
        return self._per_shop(lambda shop: [products.inventory_item(self, shop, pid) for pid in self.inventory_product_ids(shop)])

    @property
    def fbt_warehouses(self) -> Mapping:
        """GET /fbt/202408/warehouses of each shop; [] for shops not onboarded to FBT."""
        return self._per_shop(lambda shop: fbt.warehouse_records(self.fbt[shop.id]) if self.fbt[shop.id] else [])

    @property
    def fbt_inventory(self) -> Mapping:
        """Inventory items with non-zero stock (what a search without goods_ids lists), by goods then warehouse."""

        def build(shop):
            state = self.fbt[shop.id]
            if state is None:
                return []
            goods = state.goods_by_id()
            return [fbt.inventory_record(state, goods[g], w) for w, g in fbt.inventory_keys(state) if fbt.has_inventory(state, w, g)]

        return self._per_shop(build)

    @property
    def fbt_inventory_records(self) -> Mapping:
        """Every inventory record, newest first (the search's order: create_time DESC, then newest created)."""

        def build(shop):
            state = self.fbt[shop.id]
            if state is None:
                return []
            goods = state.goods_by_id()
            return [fbt.inventory_record_item(state, goods, r) for r in fbt.newest_first(state.records)]

        return self._per_shop(build)

    @property
    def shop_performance(self) -> Mapping:
        """Daily (1D, LOCAL) intervals for every day with data, oldest first."""

        def build(shop):
            an = analytics.get(self, shop)
            return analytics.shop_intervals(an, an.first, an.latest + _dt.timedelta(days=1), "1D", analytics.Money(shop, "LOCAL"))

        return _ShopMap(self, build)

    @property
    def product_performance(self) -> Mapping:
        """date -> rows of a one-day shop_products/performance query (LOCAL, gmv DESC)."""
        return _ShopMap(self, lambda shop: _PerfMap(self, shop, analytics.product_rows))

    @property
    def sku_performance(self) -> Mapping:
        """date -> rows of a one-day shop_skus/performance query (LOCAL, gmv DESC)."""
        return _ShopMap(self, lambda shop: _PerfMap(self, shop, analytics.sku_rows))

    @property
    def coupons(self) -> Mapping:
        """The `coupons` table: each search item merged with its detail (GET /promotion/202406/coupons/{coupon_id}),
        newest first (the search's order)."""
        return self._per_shop(lambda shop: [{**c["item"], **c["detail"]} for c in reversed(promotion.coupons(self, shop))])

    @property
    def promotion_activities(self) -> Mapping:
        """The `promotion_activities` table: each search item merged with its detail, newest first (the search's order)."""
        return self._per_shop(lambda shop: [{**a["item"], **a["detail"]} for a in reversed(promotion.activities(self, shop))])

    @property
    def category_assets(self) -> list:
        """GET /authorization/202405/category_assets: the authorization's, not a shop's (no shop_cipher)."""
        return promotion.category_assets(self)


class _ShopMap(Mapping):
    def __init__(self, ds, build):
        self._ds, self._build = ds, build

    def __getitem__(self, shop_id):
        return self._build(self._ds.shop(shop_id))

    def __iter__(self):
        return iter([s.id for s in self._ds.shop_list])

    def __len__(self):
        return len(self._ds.shop_list)


class _OrderTxnMap(Mapping):
    def __init__(self, ds, shop: Shop):
        self._ds, self._shop = ds, shop

    def __getitem__(self, order_id):
        oid = int(order_id)
        with self._ds.lock:
            if oid not in self._shop.orders:
                raise KeyError(order_id)
            return settlements.order_transactions(self._ds, self._shop, oid)

    def __iter__(self):
        with self._ds.lock:
            return iter([str(oid) for _, oid in self._shop.orders.by_create])

    def __len__(self):
        return len(self._shop.orders)


class _KeyedMap(Mapping):
    """id (as a string) -> what `build(id)` answers, for every core of a table, by (create_time, id)."""

    def __init__(self, ds, table, build):
        self._ds, self._table, self._build = ds, table, build

    def __getitem__(self, key):
        rid = int(key)
        with self._ds.lock:
            if rid not in self._table:
                raise KeyError(key)
            return self._build(rid)

    def __iter__(self):
        with self._ds.lock:
            return iter([str(rid) for _, rid in self._table.by_create])

    def __len__(self):
        return len(self._table)


class _PerfMap(Mapping):
    def __init__(self, ds, shop: Shop, rows):
        self._ds, self._shop, self._rows, self._an = ds, shop, rows, analytics.get(ds, shop)

    def __getitem__(self, day):
        d = _dt.date.fromisoformat(str(day))
        if d not in set(self._an.days):
            raise KeyError(day)
        return self._rows(
            self._an, d, d + _dt.timedelta(days=1), analytics.Money(self._shop, "LOCAL"), "gmv", "DESC", self._ds.analytics_ids_as_strings
        )

    def __iter__(self):
        return iter([d.isoformat() for d in self._an.days])

    def __len__(self):
        return len(self._an.days)


class _StatementMap(Mapping):
    def __init__(self, ds, shop: Shop, render, skip_reserve=False):
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
    """Live, lazily materialized list of a table's records ordered by (create_time, id)."""

    def __init__(self, table, get, lock):
        self._table, self._get, self._lock = table, get, lock

    def ids(self) -> list[str]:
        return [str(i) for i in self._raw_ids()]

    def _raw_ids(self) -> list[int]:
        with self._lock:
            return [i for _, i in self._table.by_create]

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
