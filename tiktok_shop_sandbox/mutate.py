"""Runtime changes to the dataset (new/updated orders and products, new statements).

Tests use these to exercise incremental syncs. Every change holds the dataset lock, so
the serving thread never sees a half-updated index, and bumps the shop's version so
memoized searches are recomputed.
"""

from __future__ import annotations

import bisect
import time
from typing import Iterable

from .data import (CANCEL_NEXT, DAY, ORDER_NEXT, PRODUCT_NEXT, RETURN_FINAL, RETURN_PATHS, CancelCore, Dataset, ReturnCore,
                   has_package)

PACKAGE_OPEN = ("AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT")


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
                out.append(str(self._insert_order(shop, t).id))
            shop.version += 1
            return out

    def update_orders(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance each order one lifecycle step and set update_time=at (final states keep their status)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            ids = self._pick(shop.orders, n_or_ids, skip=("COMPLETED", "CANCELLED"))
            self._advance_orders(shop, ids, t)
            shop.version += 1
            return [str(i) for i in ids]

    def _advance_orders(self, shop, ids, t: int) -> None:
        for oid in ids:
            core = shop.orders[oid]
            old = (core.update_time, oid)
            core.status = ORDER_NEXT.get(core.status, core.status)
            core.update_time = max(core.create_time, t)
            core.version += 1
            self._reindex(shop.ord_by_update, old, (core.update_time, oid))

    def _insert_order(self, shop, t: int, status: str | None = None):
        ds = self._ds
        core = ds._new_order_core(shop, ds.mutation_rng, t, t, status)
        shop.orders[core.id] = core
        bisect.insort(shop.ord_by_create, (core.create_time, core.id))
        bisect.insort(shop.ord_by_update, (core.update_time, core.id))
        return core

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
                    # The payment that already covers the statement, else a new PAID payment for it alone.
                    covering = [p for p in shop.payments.values() if st.id in p.statement_ids]
                    if covering:
                        st.payment_id = str(covering[0].id)
                    else:
                        t = self._at(at)
                        st.payment_id = str(ds._new_payment(shop, ds.mutation_rng, t, "PAID", [st], t).id)
                st.payment_time = self._at(at)
            else:
                st.payment_time = None
                if status == "PROCESSING":
                    st.payment_id = ""
            shop.version += 1
            return ds._records.statement_record(shop, st)

    # -- returns and cancellations -------------------------------------------------------------------
    def add_returns(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New return requests (status pending) on the most recently updated delivered/completed orders."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            done = sorted((c for c in shop.orders.values() if c.status in ("DELIVERED", "COMPLETED")),
                          key=lambda c: (c.update_time, c.id), reverse=True)
            fresh = [c for c in done if c.id not in shop.returned_orders]
            targets = (fresh + [c for c in done if c.id in shop.returned_orders])[:n]
            out = []
            for order in targets:
                rng = ds.mutation_rng
                rtype = rng.choices(("REFUND", "RETURN_AND_REFUND", "REPLACEMENT"), (30, 60, 10))[0]
                create = max(t, order.create_time + 1)
                core = ReturnCore(ds.ids.new(4_035_400_000_000_000_000, create, rng, 22), order.id, create, create,
                                  RETURN_PATHS[rtype][0], rtype, "BUYER", "", rng.getrandbits(48))
                shop.returns[core.id] = core
                shop.returned_orders.add(order.id)
                bisect.insort(shop.ret_by_create, (core.create_time, core.id))
                bisect.insort(shop.ret_by_update, (core.update_time, core.id))
                out.append(str(core.id))
            shop.version += 1
            return out

    def update_returns(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance each return one step along its path and set update_time=at (final states only move in time)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            ids = self._pick(shop.returns, n_or_ids, skip=RETURN_FINAL)
            for rid in ids:
                core = shop.returns[rid]
                old = (core.update_time, rid)
                path = RETURN_PATHS[core.type]
                if core.status in path[:-1]:
                    core.status = path[path.index(core.status) + 1]
                core.update_time = max(core.create_time, t)
                core.version += 1
                self._reindex(shop.ret_by_update, old, (core.update_time, rid))
            shop.version += 1
            return [str(i) for i in ids]

    def add_cancellations(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """Cancel n not-yet-shipped orders (least recently updated first; new orders when none are left): each order
        becomes CANCELLED at `at` and gets a cancellation (COMPLETE if unpaid, SUCCESS while the refund runs)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            open_ = sorted((c for c in shop.orders.values() if c.status in ("UNPAID", "ON_HOLD", "AWAITING_SHIPMENT")),
                           key=lambda c: (c.update_time, c.id))[:n]
            while len(open_) < n:
                open_.append(self._insert_order(shop, t, "AWAITING_SHIPMENT"))
            out = []
            for order in open_:
                old = (order.update_time, order.id)
                order.cancel_from, order.status = order.status, "CANCELLED"
                order.update_time = max(order.create_time, t)
                order.version += 1
                self._reindex(shop.ord_by_update, old, (order.update_time, order.id))
                status = "CANCELLATION_REQUEST_COMPLETE" if order.cancel_from == "UNPAID" else "CANCELLATION_REQUEST_SUCCESS"
                core = CancelCore(ds.ids.new(4_035_300_000_000_000_000, order.update_time, ds.mutation_rng, 22), order.id,
                                  order.update_time, order.update_time, status)
                shop.cancels[core.id] = core
                bisect.insort(shop.cxl_by_create, (core.create_time, core.id))
                bisect.insort(shop.cxl_by_update, (core.update_time, core.id))
                out.append(str(core.id))
            shop.version += 1
            return out

    def update_cancellations(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """PENDING -> SUCCESS -> COMPLETE, update_time=at (final states only move in time)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            ids = self._pick(shop.cancels, n_or_ids, skip=("CANCELLATION_REQUEST_COMPLETE", "CANCELLATION_REQUEST_CANCEL"))
            for cid in ids:
                core = shop.cancels[cid]
                old = (core.update_time, cid)
                core.status = CANCEL_NEXT.get(core.status, core.status)
                core.update_time = max(core.create_time, t)
                core.version += 1
                self._reindex(shop.cxl_by_update, old, (core.update_time, cid))
            shop.version += 1
            return [str(i) for i in ids]

    # -- packages ------------------------------------------------------------------------------------
    def add_packages(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New paid orders (AWAITING_SHIPMENT) at `at`; returns their package ids."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            out = [str(self._insert_order(shop, t, "AWAITING_SHIPMENT").id * 8 + 7) for _ in range(n)]
            shop.version += 1
            return out

    def update_packages(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance the orders of n open packages (or of the given package ids) one step; update_time=at."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            if isinstance(n_or_ids, int) and not isinstance(n_or_ids, bool):
                with_pkg = sorted((c for c in shop.orders.values() if has_package(c)), key=lambda c: (c.update_time, c.id))
                ids = [c.id for c in with_pkg if c.status in PACKAGE_OPEN][:n_or_ids]
                ids += [c.id for c in with_pkg if c.id not in set(ids)][: n_or_ids - len(ids)]
            else:
                ids = []
                for raw in n_or_ids:
                    pid = int(raw)
                    oid = (pid - 7) // 8
                    if pid % 8 != 7 or oid not in shop.orders or not has_package(shop.orders[oid]):
                        raise KeyError(f"unknown package id {raw!r}")
                    ids.append(oid)
            self._advance_orders(shop, ids, t)
            shop.version += 1
            return [str(oid * 8 + 7) for oid in ids]

    # -- payments and withdrawals --------------------------------------------------------------------
    def add_payments(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New PROCESSING payments created at `at` (not tied to statements)."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            rec = ds._records
            out = []
            for _ in range(n):
                amount = rec.q(shop, rec.D(ds.mutation_rng.randrange(5000, 500000)) / 100 * rec.D(rec.FX[shop.currency][0]))
                out.append(str(ds._new_payment(shop, ds.mutation_rng, t, "PROCESSING", (), None, amount, rec.ZERO).id))
            shop.version += 1
            return out

    def set_payment_status(self, shop_id: str, payment_id, status: str, at: int | None = None) -> list[str]:
        """Change a payment's status (create_time never moves); PAID sets paid_time=at. Its statements follow."""
        if status not in ("PAID", "FAILED", "PROCESSING"):
            raise ValueError(f"bad payment status {status!r}")
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            pay = shop.payments[int(payment_id)]
            pay.status = status
            pay.paid_time = self._at(at) if status == "PAID" else None
            for sid in pay.statement_ids:
                st = shop.statement_by_id[sid]
                st.status = status
                st.payment_id = "" if status == "PROCESSING" else str(pay.id)
                st.payment_time = pay.paid_time
            shop.version += 1
            return [str(pay.id)]

    def add_withdrawals(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New WITHDRAW records (PROCESSING) created at `at`."""
        ds = self._ds
        with ds.lock:
            shop = ds.shop(shop_id)
            t = self._at(at)
            out = [ds._new_withdrawal(shop, ds.mutation_rng, t, "WITHDRAW", "PROCESSING").id for _ in range(n)]
            shop.version += 1
            return out
