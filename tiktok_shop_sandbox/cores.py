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


# -- affiliate (records/affiliate.py; drawn and changed by affiliate.py) ----------------------------------------------


class CreatorCore:
    """A creator in the shop's affiliate pool: who promotes its products, applies for samples, joins its plans."""

    __slots__ = ("id", "open_id", "username", "nickname", "seed")

    def __init__(self, id, open_id, username, nickname, seed):
        self.id, self.open_id, self.username, self.nickname, self.seed = id, open_id, username, nickname, seed


class AffiliateOrderCore:
    """What makes an order an affiliate order: the creator and content it came through, the commission per order
    item (`rates[i]`, hundredths of a percent) and the plan per item (`programs[i]`: (kind, id), kind OPEN, TARGET
    or CAMPAIGN). `status` is None while the affiliate status follows the order (see records/affiliate.py)."""

    __slots__ = ("order_id", "creator", "content_type", "content_id", "rates", "programs", "shop_ads_rate", "status", "version")

    def __init__(self, order_id, creator, content_type, content_id, rates, programs, shop_ads_rate):
        self.order_id, self.creator, self.content_type, self.content_id = order_id, creator, content_type, content_id
        self.rates, self.programs, self.shop_ads_rate = rates, programs, shop_ads_rate
        self.status, self.version = None, 0


class OpenCollabCore:
    __slots__ = ("id", "product_id", "create_time", "rate", "start_time", "end_time", "status", "seed", "version")

    def __init__(self, id, product_id, create_time, rate, start_time, end_time, status, seed):
        self.id, self.product_id, self.create_time, self.rate = id, product_id, create_time, rate
        self.start_time, self.end_time, self.status, self.seed, self.version = start_time, end_time, status, seed, 0


class TargetCollabCore:
    """A targeted plan. `phase` ACTIVE / CANCELING / CANCELLED; search status at an instant: records/affiliate.py."""

    __slots__ = (
        "id",
        "create_time",
        "update_time",
        "start_time",
        "end_time",
        "phase",
        "type",
        "product_ids",
        "creators",
        "seed",
        "version",
    )

    def __init__(self, id, create_time, update_time, start_time, end_time, phase, type, product_ids, creators, seed):
        self.id, self.create_time, self.update_time, self.start_time, self.end_time = id, create_time, update_time, start_time, end_time
        self.phase, self.type, self.product_ids, self.creators, self.seed = phase, type, product_ids, creators, seed
        self.version = 0


class SampleAppCore:
    __slots__ = ("id", "create_time", "update_time", "product_id", "sku_index", "creator", "status", "seed", "version")

    def __init__(self, id, create_time, update_time, product_id, sku_index, creator, status, seed):
        self.id, self.create_time, self.update_time, self.product_id = id, create_time, update_time, product_id
        self.sku_index, self.creator, self.status, self.seed, self.version = sku_index, creator, status, seed, 0
