"""Runtime changes to the dataset (new/updated orders and products, new statements).

Tests use these to exercise incremental syncs. Every change holds the dataset lock, so
the serving thread never sees a half-updated index, and bumps the shop's version so
memoized searches are recomputed.
"""

from __future__ import annotations

import bisect
import time
from typing import Iterable

from .data import DAY, ORDER_NEXT, PRODUCT_NEXT, Dataset


class Mutator:
    def __init__(self, ds: Dataset, clock=time.time):
        self._ds = ds
        self._clock = clock

    def _at(self, at) -> int:
        return int(self._clock() if at is None else at)

    @staticmethod
    def _reindex(index: list, old: tuple, new: tuple) -> None:
        i = bisect.bisect_left(index, old)
        if i < len(index) and index[i] == old:
            del index[i]
        bisect.insort(index, new)

    def _pick(self, cores: dict, n_or_ids, skip=()) -> list[int]:
        if isinstance(n_or_ids, int) and not isinstance(n_or_ids, bool):
            # Deterministic choice: the n least recently updated records not in a final state.
            ordered = sorted(cores.values(), key=lambda c: (c.update_time, c.id))
            chosen = [c.id for c in ordered if c.status not in skip][:n_or_ids]
            if len(chosen) < n_or_ids:
                taken = set(chosen)
                chosen += [c.id for c in ordered if c.id not in taken][: n_or_ids - len(chosen)]
            return chosen
        ids = [int(i) for i in n_or_ids]
        missing = [i for i in ids if i not in cores]
        if missing:
            raise KeyError(f"unknown ids: {missing}")
        return ids

    # -- orders ------------------------------------------------------------------------------------
    def add_orders(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            out = []
            for _ in range(n):
                core = ds._new_order_core(shop, ds.mutation_rng, t, t)
                shop.orders[core.id] = core
                bisect.insort(shop.ord_by_create, (core.create_time, core.id))
                bisect.insort(shop.ord_by_update, (core.update_time, core.id))
                out.append(str(core.id))
            shop.version += 1
            return out

    def update_orders(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance each order one lifecycle step and set update_time=at (final states keep their status)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            ids = self._pick(shop.orders, n_or_ids, skip=("COMPLETED", "CANCELLED"))
            for oid in ids:
                core = shop.orders[oid]
                old = (core.update_time, oid)
                core.status = ORDER_NEXT.get(core.status, core.status)
                core.update_time = max(core.create_time, t)
                core.version += 1
                self._reindex(shop.ord_by_update, old, (core.update_time, oid))
            shop.version += 1
            return [str(i) for i in ids]

    # -- products ----------------------------------------------------------------------------------
    def add_products(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            out = [str(ds._new_product(shop, ds.mutation_rng, t, at=t).id) for _ in range(n)]
            shop.version += 1
            return out

    def update_products(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Flip status along PRODUCT_NEXT, move inventory, set update_time=at (DELETED stays DELETED)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            ids = self._pick(shop.products, n_or_ids, skip=("DELETED",))
            for pid in ids:
                core = shop.products[pid]
                old = (core.update_time, pid)
                core.status = PRODUCT_NEXT.get(core.status, core.status)
                core.update_time = max(core.create_time, t)
                core.version += 1
                self._reindex(shop.prod_by_update, old, (core.update_time, pid))
            shop.version += 1
            return [str(i) for i in ids]

    # -- finance -----------------------------------------------------------------------------------
    def add_statement_day(self, shop_id: str) -> dict:
        """Append the statement for the day after the newest one (status PROCESSING)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = (shop.statements[-1].time + DAY) if shop.statements else (ds.anchor - ds.anchor % DAY - DAY)
            st = ds._new_statement(shop, ds.mutation_rng, t, "PROCESSING")
            shop.version += 1
            return ds._records.statement_record(shop, st)

    def set_statement_status(self, shop_id: str, statement_id: str, status: str, at: int | None = None) -> dict:
        if status not in ("PAID", "FAILED", "PROCESSING"):
            raise ValueError(f"bad payment_status {status!r}")
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            st = shop.statement_by_id[str(statement_id)]
            st.status = status
            if status == "PAID":
                if not st.payment_id:
                    st.payment_id = str(ds.ids.new(3_459_000_000_000_000_000, st.time, ds.mutation_rng, 22))
                st.payment_time = self._at(at)
            else:
                st.payment_time = None
                if status == "PROCESSING":
                    st.payment_id = ""
            shop.version += 1
            return ds._records.statement_record(shop, st)
