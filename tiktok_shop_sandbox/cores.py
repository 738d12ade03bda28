"""Core facts of every stored record, and the order facts derived from them.

A core holds only ids, times, status and the record's own seed; the API-shaped record is built
from it on demand by `records/`. Cores are plain data: `shop.Table` stores them, `generate`
draws new ones, `mutations` changes them.
"""

from __future__ import annotations


class ProductCore:
    __slots__ = ("id", "create_time", "update_time", "status", "seed", "sku_ids", "version")

    def __init__(self, id, create_time, update_time, status, seed, sku_ids):
        self.id, self.create_time, self.update_time, self.status = id, create_time, update_time, status
        self.seed, self.sku_ids, self.version = seed, sku_ids, 0


class OrderCore:
    __slots__ = (
        "id",
        "create_time",
        "update_time",
        "status",
        "seed",
        "buyer",
        "shipping_type",
        "warehouse",
        "buyer_cancel",
        "items",
        "version",
        "cancel_from",
    )

    def __init__(self, id, create_time, update_time, status, seed, buyer, shipping_type, warehouse, buyer_cancel, items):
        self.id, self.create_time, self.update_time, self.status = id, create_time, update_time, status
        self.seed, self.buyer, self.shipping_type, self.warehouse = seed, buyer, shipping_type, warehouse
        self.buyer_cancel, self.items, self.version = buyer_cancel, items, 0
        self.cancel_from = None  # status before a runtime cancellation (sb.mutate.add_cancellations)


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
    """Currency-neutral transaction facts; records/finance.py renders the 202309 and 202501 shapes."""

    __slots__ = (
        "id",
        "type",
        "order_id",
        "adjustment_id",
        "adjustment_order_id",
        "order_create_time",
        "amounts",
        "reserve_id",
        "reserve_status",
        "estimated_release_time",
    )

    def __init__(
        self,
        id,
        type,
        order_id,
        adjustment_id,
        adjustment_order_id,
        order_create_time,
        amounts,
        reserve_id="",
        reserve_status="",
        estimated_release_time="",
    ):
        self.id, self.type, self.order_id, self.adjustment_id = id, type, order_id, adjustment_id
        self.adjustment_order_id, self.order_create_time, self.amounts = adjustment_order_id, order_create_time, amounts
        self.reserve_id, self.reserve_status, self.estimated_release_time = reserve_id, reserve_status, estimated_release_time


class Statement:
    __slots__ = ("id", "time", "status", "payment_id", "payment_time", "txns")

    def __init__(self, id, time, status, payment_id, payment_time, txns):
        self.id, self.time, self.status, self.payment_id, self.payment_time, self.txns = id, time, status, payment_id, payment_time, txns


# -- facts derived from an order core (never from status history, so every record agrees) -------------------------


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


def has_package(core: OrderCore) -> bool:
    if core.status in ("UNPAID", "ON_HOLD"):
        return False
    return core.status != "CANCELLED" or order_facts(core)[1]


def package_times(core: OrderCore) -> tuple[int, int, int]:
    """(create_time, update_time, order_pay_time) of the order's package; create/pay lie within PACKAGE_LAG of the order."""
    pay = min(core.update_time, core.create_time + order_facts(core)[3])
    create = min(core.update_time, pay + 1 + (core.seed >> 33) % 60)
    return create, core.update_time, pay


def package_id(order_id: int) -> int:
    """An order's (only) package id; `order_of_package` inverts it."""
    return order_id * 8 + 7


def order_of_package(pkg_id: int) -> int | None:
    return (pkg_id - 7) // 8 if pkg_id % 8 == 7 else None
