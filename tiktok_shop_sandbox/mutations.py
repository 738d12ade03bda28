"""Runtime changes to the dataset: `sb.mutate.*` (new and updated records of every kind).

Tests use these to exercise incremental syncs. Each change picks its targets, draws new cores
with `generate` (from the dataset's own mutation stream, so the initial data never moves) and
stores them through the same `Table` / `Shop` methods the initial world uses. Every change holds
the dataset lock, so a serving thread never sees a half-updated index, and bumps the shop's
version so memoized searches are recomputed. `at` defaults to now; each call returns the ids
touched.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from typing import Iterable

from .affiliate import AffiliateMutations
from .constants import CANCEL_FINAL, CANCEL_NEXT, DAY, ORDER_NEXT, PACKAGE_OPEN, PRODUCT_NEXT, RETURN_FINAL, RETURN_NEXT
from .cores import has_package, order_of_package, package_id
from .generate import new_cancellation, new_order, new_payment, new_product, new_return, new_statement, new_withdrawal
from .ids import derive_seed
from .money import ZERO, from_usd_cents
from .records import fbt, return_records
from .records.finance import statement_record


def _least_recent(cores, preferred) -> list:
    """Cores by (update_time, id): those `preferred(core)` accepts first, then the rest."""
    ordered = sorted(cores, key=lambda c: (c.update_time, c.id))
    return [c for c in ordered if preferred(c)] + [c for c in ordered if not preferred(c)]


class Mutator(AffiliateMutations):
    def __init__(self, ds, clock=time.time):
        self._ds = ds
        self._clock = clock
        # FBT movements draw from a stream of their own, so they never shift the other mutations' draws.
        self._fbt_rng = random.Random(derive_seed(ds.seed, ds.anchor, "fbt-mutations"))

    def _at(self, at) -> int:
        return int(self._clock() if at is None else at)

    @contextmanager
    def _changing(self, shop_id: str):
        """The shop, under the dataset lock; its version moves once the change is done."""
        with self._ds.lock:
            shop = self._ds.shop(shop_id)
            yield shop
            shop.version += 1

    @staticmethod
    def _pick(table, n_or_ids, skip=()) -> list:
        """n cores (the least recently updated, preferring those not in a final state) or the cores of the given ids."""
        if isinstance(n_or_ids, int) and not isinstance(n_or_ids, bool):
            return _least_recent(table.values(), lambda c: c.status not in skip)[:n_or_ids]
        ids = [int(i) for i in n_or_ids]
        missing = [i for i in ids if i not in table]
        if missing:
            raise KeyError(f"unknown ids: {missing}")
        return [table[i] for i in ids]

    def _advance(self, table, cores, t: int, lifecycle: dict) -> list[str]:
        """Each core one step along `lifecycle` (final states keep their status), update_time=t."""
        for core in cores:
            core.status = lifecycle.get(core.status, core.status)
            table.touch(core, t)
        return [str(c.id) for c in cores]

    @staticmethod
    def _add(table, n: int, draw) -> list[str]:
        """n new cores from draw(), stored in table; their ids."""
        out = []
        for _ in range(n):
            core = draw()
            table.add(core)
            out.append(str(core.id))
        return out

    def _insert_order(self, shop, t: int, status: str | None = None):
        core = new_order(self._ds, shop, self._ds.mutation_rng, t, t, status)
        shop.orders.add(core)
        return core

    # -- orders and products -----------------------------------------------------------------------
    def add_orders(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._add(shop.orders, n, lambda: new_order(self._ds, shop, self._ds.mutation_rng, t, t))

    def update_orders(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance each order one lifecycle step and set update_time=at (final states keep their status)."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._advance(shop.orders, self._pick(shop.orders, n_or_ids, ("COMPLETED", "CANCELLED")), t, ORDER_NEXT)

    def add_products(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._add(shop.products, n, lambda: new_product(self._ds, shop, self._ds.mutation_rng, t, at=t))

    def update_products(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Flip status along PRODUCT_NEXT, move inventory, set update_time=at (DELETED stays DELETED)."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._advance(shop.products, self._pick(shop.products, n_or_ids, ("DELETED",)), t, PRODUCT_NEXT)

    # -- statements ----------------------------------------------------------------------------------
    def add_statement_day(self, shop_id: str) -> dict:
        """Append the statement for the day after the newest one (status PROCESSING)."""
        ds = self._ds
        with self._changing(shop_id) as shop:
            t = (shop.statements[-1].time + DAY) if shop.statements else (ds.anchor - ds.anchor % DAY - DAY)
            st = new_statement(ds, shop, ds.mutation_rng, t, "PROCESSING")
            shop.add_statement(st)
            return statement_record(shop, st)

    def set_statement_status(self, shop_id: str, statement_id: str, status: str, at: int | None = None) -> dict:
        if status not in ("PAID", "FAILED", "PROCESSING"):
            raise ValueError(f"bad payment_status {status!r}")
        with self._changing(shop_id) as shop:
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
                        pay = new_payment(self._ds, self._ds.mutation_rng, t, "PAID", [st], t)
                        shop.payments.add(pay)
                        st.payment_id = str(pay.id)
                st.payment_time = self._at(at)
            else:
                st.payment_time = None
                if status == "PROCESSING":
                    st.payment_id = ""
            return statement_record(shop, st)

    # -- returns and cancellations -------------------------------------------------------------------
    def add_returns(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New return requests (status pending) on the most recently updated delivered/completed orders."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            done = sorted(
                (c for c in shop.orders.values() if c.status in ("DELIVERED", "COMPLETED")),
                key=lambda c: (c.update_time, c.id),
                reverse=True,
            )
            fresh = [c for c in done if c.id not in shop.returned_orders]
            out = []
            for order in (fresh + [c for c in done if c.id in shop.returned_orders])[:n]:
                core = new_return(self._ds, self._ds.mutation_rng, order, t)
                shop.add_return(core)
                out.append(str(core.id))
            return out

    def update_returns(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance each return one step along its path and set update_time=at (final states only move in time).
        Each change adds one event to the return's records: the new status, or a note."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            out = []
            for core in self._pick(shop.returns, n_or_ids, RETURN_FINAL):
                events, before = return_records.timeline(shop, core), core.status
                out.append(self._advance(shop.returns, [core], t, RETURN_NEXT[core.type])[0])
                shop.return_events[core.id] = [*events, (core.status if core.status != before else return_records.NOTE, core.update_time)]
            return out

    def add_cancellations(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """Cancel n not-yet-shipped orders (least recently updated first; new orders when none are left): each order
        becomes CANCELLED at `at` and gets a cancellation (COMPLETE if unpaid, SUCCESS while the refund runs)."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            open_ = sorted(
                (c for c in shop.orders.values() if c.status in ("UNPAID", "ON_HOLD", "AWAITING_SHIPMENT")),
                key=lambda c: (c.update_time, c.id),
            )[:n]
            while len(open_) < n:
                open_.append(self._insert_order(shop, t, "AWAITING_SHIPMENT"))
            out = []
            for order in open_:
                order.cancel_from, order.status = order.status, "CANCELLED"
                shop.orders.touch(order, t)
                status = "CANCELLATION_REQUEST_COMPLETE" if order.cancel_from == "UNPAID" else "CANCELLATION_REQUEST_SUCCESS"
                core = new_cancellation(self._ds, self._ds.mutation_rng, order, status)
                shop.cancels.add(core)
                out.append(str(core.id))
            return out

    def update_cancellations(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """PENDING -> SUCCESS -> COMPLETE, update_time=at (final states only move in time)."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._advance(shop.cancels, self._pick(shop.cancels, n_or_ids, CANCEL_FINAL), t, CANCEL_NEXT)

    # -- packages ------------------------------------------------------------------------------------
    def add_packages(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New paid orders (AWAITING_SHIPMENT) at `at`; returns their package ids."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return [str(package_id(self._insert_order(shop, t, "AWAITING_SHIPMENT").id)) for _ in range(n)]

    def update_packages(self, shop_id: str, n_or_ids: int | Iterable, at: int | None = None) -> list[str]:
        """Advance the orders of n open packages (or of the given package ids) one step; update_time=at."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            if isinstance(n_or_ids, int) and not isinstance(n_or_ids, bool):
                with_pkg = [c for c in shop.orders.values() if has_package(c)]
                orders = _least_recent(with_pkg, lambda c: c.status in PACKAGE_OPEN)[:n_or_ids]
            else:
                orders = []
                for raw in n_or_ids:
                    oid = order_of_package(int(raw))
                    if oid not in shop.orders or not has_package(shop.orders[oid]):
                        raise KeyError(f"unknown package id {raw!r}")
                    orders.append(shop.orders[oid])
            self._advance(shop.orders, orders, t, ORDER_NEXT)
            return [str(package_id(c.id)) for c in orders]

    # -- payments and withdrawals --------------------------------------------------------------------
    def add_payments(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New PROCESSING payments created at `at` (not tied to statements)."""
        ds, rng = self._ds, self._ds.mutation_rng
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._add(
                shop.payments,
                n,
                lambda: new_payment(ds, rng, t, "PROCESSING", (), None, from_usd_cents(shop, rng.randrange(5000, 500000)), ZERO),
            )

    def set_payment_status(self, shop_id: str, payment_id, status: str, at: int | None = None) -> list[str]:
        """Change a payment's status (create_time never moves); PAID sets paid_time=at. Its statements follow."""
        if status not in ("PAID", "FAILED", "PROCESSING"):
            raise ValueError(f"bad payment status {status!r}")
        with self._changing(shop_id) as shop:
            pay = shop.payments[int(payment_id)]
            pay.status = status
            pay.paid_time = self._at(at) if status == "PAID" else None
            for sid in pay.statement_ids:
                st = shop.statement_by_id[sid]
                st.status = status
                st.payment_id = "" if status == "PROCESSING" else str(pay.id)
                st.payment_time = pay.paid_time
            return [str(pay.id)]

    def add_withdrawals(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """New WITHDRAW records (PROCESSING) created at `at`."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            return self._add(
                shop.withdrawals, n, lambda: new_withdrawal(self._ds, shop, self._ds.mutation_rng, t, "WITHDRAW", "PROCESSING")
            )

    # -- Fulfilled by TikTok -------------------------------------------------------------------------
    def add_fbt_inventory_records(self, shop_id: str, n: int, at: int | None = None) -> list[dict]:
        """n stock movements at `at` in an onboarded shop (a unit consigned, or an inbound where a stock is empty);
        returns the new inventory records as the search emits them."""
        ds = self._ds
        with self._changing(shop_id) as shop:
            state = ds.fbt.get(shop.id)
            if state is None:
                raise KeyError(f"shop {shop_id} is not onboarded to FBT")
            rng, t = self._fbt_rng, self._at(at)
            stocks = fbt.inventory_keys(state)
            goods = state.goods_by_id()
            out = []
            for _ in range(n):
                wid, gid = rng.choice(stocks)
                if state.on_hand.get((wid, gid, fbt.NORMAL), 0) > 0:
                    record = state.append(t, wid, gid, fbt.NORMAL, "CONSIGN_ORDER", fbt.order_id(rng, "CONSIGN_ORDER"), -1)
                else:
                    qty = rng.randrange(30, 150)
                    record = state.append(t, wid, gid, fbt.NORMAL, "INBOUND_ORDER", fbt.order_id(rng, "INBOUND_ORDER"), qty)
                out.append(fbt.inventory_record_item(state, goods, record))
            return out
