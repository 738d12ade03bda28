"""The deterministic dataset (`sb.data`): shops, lookups, memoized records and searches, knobs.

Only small core facts (ids, times, status, the per-record seed) are built up front by
`generate`; full API records are built on demand by `records/` and memoized here by
(kind, id, version), so 100k orders per shop build in about a second and each page only pays
for what it returns. The public views (`sb.data.orders`, ...) come from `views.Views`.
"""

from __future__ import annotations

import random
import threading
from collections import OrderedDict

from . import affiliate, generate
from .affiliate import AffiliateViews
from .constants import DAY
from .ids import IdAllocator, derive_seed
from .records import after_sales, fbt, fulfillment, orders, products
from .shop import Shop
from .views import Views


class Memo:
    """A bounded memo: FIFO eviction, or least-recently-used with `refresh_on_hit`."""

    def __init__(self, limit: int, refresh_on_hit: bool = False):
        self._items: OrderedDict = OrderedDict()
        self._limit, self._refresh = limit, refresh_on_hit

    def get(self, key, build):
        hit = self._items.get(key)
        if hit is None:
            hit = build()
            self._items[key] = hit
            if len(self._items) > self._limit:
                self._items.popitem(last=False)
        elif self._refresh:
            self._items.move_to_end(key)
        return hit


class Dataset(AffiliateViews, Views):
    def __init__(
        self,
        seed=1,
        anchor=None,
        shops=3,
        products_per_shop=60,
        orders_per_shop=300,
        statement_days=45,
        history_days=120,
        max_statement_transactions=40,
    ):
        self.seed = seed
        self.anchor = int(anchor)
        self.history_days = history_days
        # A statement's transactions are drawn from 0..this many; above 100 a statement's walk has several pages.
        self.max_statement_transactions = max_statement_transactions
        self.start = self.anchor - history_days * DAY
        self.lock = threading.RLock()
        self.ids = IdAllocator()
        self._records = Memo(50_000)  # materialized records keyed by (kind, id, version, ...)
        self._searches = Memo(64, refresh_on_hit=True)  # ordered id lists of page walks
        self._shops: list[Shop] = [generate.make_shop(self, i) for i in range(shops)]
        self.shop_by_id: dict[str, Shop] = {s.id: s for s in self._shops}
        self.shop_by_cipher: dict[str, Shop] = {s.cipher: s for s in self._shops}
        for shop in self._shops:
            generate.populate(self, shop, products_per_shop, orders_per_shop, statement_days)
        # Fulfilled by TikTok: drawn after every shop is populated, from its own streams (records/fbt.py);
        # None for a shop not onboarded. Knobs: how TikTok answers a shop that is not (both UNVERIFIED):
        # the FBT lists "error" (FBT_NOT_ONBOARDED) or "empty"; onboarded_regions `data` "{}", "null" or "[]".
        self.fbt: dict = {shop.id: fbt.draw_shop(self, shop) for shop in self._shops}
        self.fbt_not_onboarded_answer = "error"
        self.fbt_not_onboarded_regions_data = "{}"
        for shop in self._shops:  # after every shop's other data, from its own stream: nothing drawn above moves
            affiliate.populate(self, shop)
        # Runtime mutations draw from their own stream so they never disturb the initial data.
        self.mutation_rng = random.Random(derive_seed(seed, self.anchor, "mutations"))
        # Knobs read by endpoints and views (proxied as Sandbox attributes; defaults = strict readings).
        self.analytics_ids_as_strings = False  # OAS types analytics ids as JSON integers
        self.payments_unavailable_in_sea = True  # "This API is currently unavailable to SEA markets" -> error
        self.us_category_version_v2_required = True  # "US must pass v2" for categories

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
        """A record (or any value) memoized by key; keys carry the versions the value depends on."""
        with self.lock:
            return self._records.get(key, build)

    def search(self, shop: Shop, kind: str, fp: bytes, compute) -> list[int]:
        """Memoize a filtered, ordered id list for a page walk until the shop changes."""
        with self.lock:
            return self._searches.get((shop.id, kind, fp, shop.version), compute)

    # -- memoized records -----------------------------------------------------------------------
    def product_detail(self, shop: Shop, pid: int) -> dict:
        core = shop.products[pid]
        return self.cached(("product", pid, core.version), lambda: products.product_detail(self, shop, core))

    def order_record(self, shop: Shop, oid: int) -> dict:
        core = shop.orders[oid]
        return self.cached(("order", oid, core.version), lambda: orders.order_record(self, shop, core))

    def return_record(self, shop: Shop, rid: int) -> dict:
        core = shop.returns[rid]
        key = ("return", rid, core.version, shop.orders[core.order_id].version)
        return self.cached(key, lambda: after_sales.return_record(self, shop, core))

    def cancellation_record(self, shop: Shop, cid: int) -> dict:
        core = shop.cancels[cid]
        key = ("cancel", cid, core.version, shop.orders[core.order_id].version)
        return self.cached(key, lambda: after_sales.cancellation_record(self, shop, core))

    def package_record(self, shop: Shop, oid: int) -> dict:
        core = shop.orders[oid]
        return self.cached(("package", oid, core.version), lambda: fulfillment.package_record(self, shop, core))

    def brand_list(self, shop: Shop) -> list:
        return self.cached(("brands", shop.region), lambda: products.brands(self, shop))
