"""Drawing records: the initial world (`populate`) and the new cores runtime mutations add.

A `new_*` function draws one core from an rng and the sandbox-wide id allocator and returns it
without storing it: the caller stores it through `Table.add` / `Shop.add_statement`, the only
way records enter a shop. Each kind of record draws from its own seeded stream, so the same
seed and anchor always give the same world.
"""

from __future__ import annotations

import bisect
import random

from .constants import (
    DAY,
    FINANCE_EPOCH,
    PRODUCT_STATUSES,
    REGION_CYCLE,
    REGIONS,
    RETURN_DEAD_ENDS,
    RETURN_PATHS,
    RETURN_RATE,
    WITHDRAWAL_TYPES,
)
from .cores import CancelCore, OrderCore, PaymentCore, ProductCore, ReturnCore, Statement, Txn, WithdrawalCore, order_facts
from .dates import day_start
from .ids import derive_seed
from .money import ZERO, D, from_usd_cents, q
from .records.finance import order_amounts, statement_totals
from .shop import Shop, time_slice

SHOP_NAMES = [
    "Maple Lane Goods",
    "Harbor & Finch",
    "Lotus Garden Store",
    "Kite Street Outfitters",
    "Blue Pine Home",
    "Copper Kettle Co",
    "Saffron Market",
    "Northwind Supply",
    "Coral Bay Living",
    "Juniper & Oak",
]
ADJUSTMENT_TYPES = [
    "SHIPPING_FEE_ADJUSTMENT",
    "SHIPPING_FEE_COMPENSATION",
    "CHARGE_BACK",
    "CUSTOMER_SERVICE_COMPENSATION",
    "PROMOTION_ADJUSTMENT",
    "PLATFORM_COMPENSATION",
    "PLATFORM_PENALTY",
    "SAMPLE_SHIPPING_FEE",
    "LOGISTICS_REIMBURSEMENT",
    "PLATFORM_REIMBURSEMENT",
    "DEDUCTIONS_INCURRED_BY_SELLER",
    "SHIPPING_FEE_REBATE",
    "PLATFORM_COMMISSION_ADJUSTMENT",
    "OTHER_ADJUSTMENT",
    "REBATE",
]
RETURN_TYPES = (("REFUND", "RETURN_AND_REFUND", "REPLACEMENT"), (30, 60, 10))  # values, weights
UPDATE_DELAY = {  # status -> (min, max) seconds between an initial order's creation and its last update
    "UNPAID": (0, 600),
    "ON_HOLD": (0, 1800),
    "AWAITING_SHIPMENT": (60, 3600),
    "PARTIALLY_SHIPPING": (3600, DAY),
    "AWAITING_COLLECTION": (3600, 2 * DAY),
    "IN_TRANSIT": (DAY, 3 * DAY),
    "DELIVERED": (3 * DAY, 7 * DAY),
    "COMPLETED": (7 * DAY, 15 * DAY),
    "CANCELLED": (600, 3 * DAY),
}


# -- the initial world ----------------------------------------------------------------------------------------------


def make_shop(ds, i: int) -> Shop:
    rng = random.Random(derive_seed(ds.seed, "shop", i))
    region = REGION_CYCLE[i % len(REGION_CYCLE)]
    prefix = REGIONS[region][2]
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    cipher = prefix + "".join(rng.choice(alnum) for _ in range(32))
    code = region + "LC" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
    shop_id = str(ds.ids.new(7_494_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20))
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
    warehouses = [str(ds.ids.new(7_272_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20)) for _ in range(1 + rng.randrange(2))]
    shop = Shop(i, record, warehouses)
    shop.return_warehouse = str(ds.ids.new(7_272_000_000_000_000_000, 1_650_000_000 + i * 7_000_000, rng, 20))
    return shop


def populate(ds, shop: Shop, products_per_shop: int, orders_per_shop: int, statement_days: int) -> None:
    """A shop's initial catalog, orders, after-sales, statements, payments and withdrawals, in that order."""
    stream = lambda label: random.Random(derive_seed(ds.seed, ds.anchor, label, shop.index))  # noqa: E731
    rng = stream("catalog")
    for _ in range(products_per_shop):
        # Skewed early so most orders find products that already existed when they were placed.
        created = ds.start + int((rng.random() ** 2) * (ds.anchor - ds.start))
        shop.products.add(new_product(ds, shop, rng, created))
    rng = stream("orders")
    shop.n_buyers = max(10, orders_per_shop // 3)
    shop.orders.add_all(
        [new_order(ds, shop, rng, ds.start + int(rng.random() * (ds.anchor - ds.start)), None) for _ in range(orders_per_shop)]
    )
    _populate_after_sales(ds, shop, stream("after_sales"))
    rng = stream("statements")
    newest = day_start(ds.anchor) - 2 * DAY
    for k in range(statement_days - 1, -1, -1):
        t = newest - k * DAY
        if t >= FINANCE_EPOCH:
            shop.add_statement(new_statement(ds, shop, rng, t, "PROCESSING" if k < 2 else "PAID"))
    _populate_payments(ds, shop, stream("payments"))
    rng = stream("withdrawals")
    for _ in range(max(3, ds.history_days // 20)):
        t = ds.start + int(rng.random() * (ds.anchor - 1 - ds.start))
        wtype = rng.choices(WITHDRAWAL_TYPES, (50, 30, 15, 5))[0]
        status = "PROCESSING" if ds.anchor - t < 2 * DAY else ("SUCCESS" if rng.random() < 0.9 else "FAILED")
        shop.withdrawals.add(new_withdrawal(ds, shop, rng, t, wtype, "SUCCESS" if wtype == "REVERSE" else status))


def _populate_after_sales(ds, shop: Shop, rng: random.Random) -> None:
    """Returns on ~RETURN_RATE of delivered/completed orders; one cancellation per cancelled order."""
    returns, cancels = [], []
    for _, oid in shop.orders.by_create:
        core = shop.orders[oid]
        if core.status == "CANCELLED":
            cancels.append(_initial_cancel(ds, rng, core))
        elif core.status in ("DELIVERED", "COMPLETED") and rng.random() < RETURN_RATE:
            returns.append(_initial_return(ds, rng, core))
    shop.returns.add_all(returns)
    shop.returned_orders.update(r.order_id for r in returns)
    shop.cancels.add_all(cancels)


def _initial_cancel(ds, rng: random.Random, core: OrderCore) -> CancelCore:
    _, paid, initiator, _ = order_facts(core)
    ct, ut = core.create_time, core.update_time
    # A buyer's request precedes the cancellation; seller/system cancellations are immediate (LIVE: create == update).
    create = max(ct, ut - rng.randrange(60, 7200)) if initiator == "BUYER" else ut
    status = "CANCELLATION_REQUEST_SUCCESS" if paid and ds.anchor - ut < DAY else "CANCELLATION_REQUEST_COMPLETE"
    return CancelCore(ds.ids.new(4_035_300_000_000_000_000, create, rng, 22), core.id, create, ut, status)


def _initial_return(ds, rng: random.Random, core: OrderCore) -> ReturnCore:
    ct, ut = core.create_time, core.update_time
    lo = ct + max(1, (ut - ct) // 2)
    create = min(ds.anchor - 2, lo + rng.randrange(0, 3 * DAY))
    rtype = rng.choices(*RETURN_TYPES)[0]
    path = RETURN_PATHS[rtype]
    age = (ds.anchor - create) / DAY
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
    update = min(update, ds.anchor - 1)
    role = rng.choices(("BUYER", "SELLER", "SYSTEM"), (90, 5, 5))[0]
    arbitration = rng.choice(("", "SUPPORT_SELLER", "CLOSED")) if status == "REFUND_OR_RETURN_REQUEST_REJECT" else ""
    rid = ds.ids.new(4_035_400_000_000_000_000, create, rng, 22)
    return ReturnCore(rid, core.id, create, update, status, rtype, role, arbitration, rng.getrandbits(48))


def _populate_payments(ds, shop: Shop, rng: random.Random) -> None:
    """PAID statements are paid out in batches of 2-4 (one payment each); the two PROCESSING statements sit in
    one PROCESSING payment that they do not reference until it is paid."""
    paid = [st for st in shop.statements if st.status == "PAID"]
    i = 0
    while i < len(paid):
        chunk = paid[i : i + rng.choice((2, 3, 3, 4))]
        i += len(chunk)
        create = min(ds.anchor - 2, chunk[-1].time + DAY + rng.randrange(3600, 6 * 3600))
        paid_at = min(ds.anchor - 1, create + rng.randrange(3600, 12 * 3600))
        pay = new_payment(ds, rng, create, "PAID", chunk, paid_at)
        shop.payments.add(pay)
        for st in chunk:
            st.payment_id, st.payment_time = str(pay.id), paid_at
    pending = [st for st in shop.statements if st.status == "PROCESSING"]
    if pending:
        create = min(ds.anchor - 2, pending[-1].time + rng.randrange(3600, 6 * 3600))
        shop.payments.add(new_payment(ds, rng, create, "PROCESSING", pending, None))


# -- one new core each ----------------------------------------------------------------------------------------------


def new_product(ds, shop: Shop, rng: random.Random, create_time: int, at: int | None = None) -> ProductCore:
    """An initial product (status and update time drawn) or, with `at`, one just listed (ACTIVATE, updated at `at`)."""
    pid = ds.ids.new(1_729_000_000_000_000_000, create_time, rng, 24)
    sku_ids = tuple(ds.ids.new(1_729_500_000_000_000_000, create_time, rng, 24) for _ in range(rng.choice((1, 1, 2, 3, 4))))
    if at is None:
        status = rng.choices(PRODUCT_STATUSES, weights=(5, 5, 4, 70, 6, 3, 3, 4))[0]
        update_time = create_time + int(rng.random() * (ds.anchor - 1 - create_time))
    else:
        status, update_time = "ACTIVATE", at
    return ProductCore(pid, create_time, max(create_time, update_time), status, rng.getrandbits(48), sku_ids)


def _status_for_age(rng: random.Random, age_days: float) -> str:
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


def new_order(ds, shop: Shop, rng: random.Random, create_time: int, at: int | None, status: str | None = None) -> OrderCore:
    """An initial order (status from its age) or, with `at`, one just placed (UNPAID / AWAITING_SHIPMENT or `status`)."""
    oid = ds.ids.new(576_000_000_000_000_000, create_time, rng, 22)
    if at is None:
        status = _status_for_age(rng, (ds.anchor - create_time) / DAY)
        lo, hi = UPDATE_DELAY[status]
        room = max(0, ds.anchor - 1 - create_time)
        update_time = create_time + min(room, lo + int(rng.random() * (hi - lo)))
    else:
        drawn = rng.choices(("UNPAID", "AWAITING_SHIPMENT"), (30, 70))[0]
        status = status or drawn
        update_time = create_time
    # Products that existed when the order was placed (fall back to the oldest one).
    by_create = shop.products.by_create
    k = bisect.bisect_right(by_create, (create_time, float("inf")))
    items = []
    units = 0
    for _ in range(1 if rng.random() < 0.8 else 2):
        if not by_create:
            break
        pid = by_create[rng.randrange(k) if k else 0][1]
        qty = rng.choices((1, 2, 3), (70, 20, 10))[0]
        qty = min(qty, 6 - units)
        if qty <= 0:
            break
        units += qty
        items.append((pid, rng.randrange(len(shop.products[pid].sku_ids)), qty))
    buyer_cancel = status in ("AWAITING_SHIPMENT", "AWAITING_COLLECTION") and rng.random() < 0.05
    return OrderCore(
        oid,
        create_time,
        update_time,
        status,
        rng.getrandbits(48),
        rng.randrange(shop.n_buyers),
        "TIKTOK" if rng.random() < 0.7 else "SELLER",
        rng.randrange(len(shop.warehouses)),
        buyer_cancel,
        tuple(items),
    )


def new_statement(ds, shop: Shop, rng: random.Random, t: int, status: str) -> Statement:
    """The statement cut at t; storing it (`Shop.add_statement`) settles the orders its transactions cover."""
    sid = str(ds.ids.new(7_238_000_000_000_000_000, t, rng, 22))
    txns = statement_transactions(ds, shop, rng, t)
    payment_id = str(ds.ids.new(3_459_000_000_000_000_000, t, rng, 22)) if status == "PAID" else ""
    payment_time = t + 2 * DAY + rng.randrange(0, 6 * 3600) if status == "PAID" else None
    if payment_time is not None:
        payment_time = min(payment_time, max(t, ds.anchor - 1))
    return Statement(sid, t, status, payment_id, payment_time, txns)


def statement_transactions(ds, shop: Shop, rng: random.Random, t: int) -> list[Txn]:
    """Transactions for the statement cut at t: not yet settled orders delivered in the 3 days before, plus
    adjustments (and, for UK/US local shops, sometimes a reserve). Reads the shop, changes nothing in it."""
    candidates = [
        oid
        for _, oid in time_slice(shop.orders.by_update, t - 3 * DAY, t)
        if shop.orders[oid].status in ("DELIVERED", "COMPLETED") and oid not in shop.order_txns and shop.orders[oid].create_time < t
    ]
    target = rng.randint(0, ds.max_statement_transactions)
    n_adj = min(target, rng.choice((0, 0, 0, 1, 1, 2, 3)))
    orders = rng.sample(candidates, min(len(candidates), target - n_adj))
    txns: list[Txn] = []
    for oid in orders:
        amounts = order_amounts(shop, ds.order_record(shop, oid), rng.random() < 0.3)
        txns.append(Txn(_txn_id(ds, t, rng), "ORDER", str(oid), "0", "0", shop.orders[oid].create_time, amounts))
    settled = sorted(set(shop.order_txns).union(orders))  # adjustments may refer to any settled order, these included
    for _ in range(n_adj):
        related = rng.choice(settled) if settled and rng.random() < 0.6 else None
        amount = from_usd_cents(shop, rng.randrange(-2000, 1500))
        amounts = {"adjustment": amount, "settlement": amount}
        txns.append(
            Txn(
                _txn_id(ds, t, rng),
                rng.choice(ADJUSTMENT_TYPES),
                "0",
                str(ds.ids.new(7_238_804_000_000_000_000, t, rng, 22)),
                str(related) if related else "0",
                shop.orders[related].create_time if related else 0,
                amounts,
            )
        )
    if shop.is_uk_us_local and orders and rng.random() < 0.3 and len(txns) < ds.max_statement_transactions:
        collected = rng.random() < 0.7
        value = q(shop, D(rng.randrange(100, 3000)) / 100)
        txns.append(
            Txn(
                _txn_id(ds, t, rng),
                "RESERVE",
                str(orders[0]),
                "0",
                "0",
                shop.orders[orders[0]].create_time,
                {"reserve": -value if collected else value},
                reserve_id=str(ds.ids.new(7_300_000_000_000_000_000, t, rng, 22)),
                reserve_status="COLLECTED" if collected else "RELEASED",
                estimated_release_time=str(t + 30 * DAY) if collected else "",
            )
        )
    txns.sort(key=lambda x: (x.order_create_time, int(x.id)))
    return txns


def _txn_id(ds, t: int, rng: random.Random) -> str:
    return str(ds.ids.new(1_636_700_000_000_000_000, t, rng, 22))


def new_payment(ds, rng: random.Random, create: int, status: str, statements, paid_at, settlement=None, reserve=None) -> PaymentCore:
    """A payment of the given statements (amounts = their totals), or of `settlement` + `reserve` when there are none."""
    if statements:
        totals = [statement_totals(st) for st in statements]
        settlement = sum((t["settlement"] for t in totals), ZERO)
        reserve = sum((t["reserve"] for t in totals), ZERO)
    pid = ds.ids.new(3_458_000_000_000_000_000, create, rng, 22)
    return PaymentCore(pid, create, paid_at, status, tuple(st.id for st in statements), settlement, reserve)


def new_withdrawal(ds, shop: Shop, rng: random.Random, t: int, wtype: str, status: str) -> WithdrawalCore:
    if rng.random() < 0.5:  # ids are strings and may be non-numeric (doc sample "EFASDFSAFDA23432DFAFDSA")
        wid = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(23))
    else:
        wid = str(ds.ids.new(7_310_000_000_000_000_000, t, rng, 22))
    while wid in shop.withdrawals:
        wid += rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    amount = from_usd_cents(shop, rng.randrange(2000, 200000))
    if wtype == "TRANSFER" and rng.random() < 0.5:
        amount = -amount  # platform deduction
    return WithdrawalCore(wid, wtype, amount, status, t)


def new_return(ds, rng: random.Random, order: OrderCore, at: int) -> ReturnCore:
    """A buyer's return request on a delivered order, pending since `at`."""
    rtype = rng.choices(*RETURN_TYPES)[0]
    create = max(at, order.create_time + 1)
    return ReturnCore(
        ds.ids.new(4_035_400_000_000_000_000, create, rng, 22),
        order.id,
        create,
        create,
        RETURN_PATHS[rtype][0],
        rtype,
        "BUYER",
        "",
        rng.getrandbits(48),
    )


def new_cancellation(ds, rng: random.Random, order: OrderCore, status: str) -> CancelCore:
    """The cancellation of an order just cancelled (at its update_time)."""
    t = order.update_time
    return CancelCore(ds.ids.new(4_035_300_000_000_000_000, t, rng, 22), order.id, t, t, status)
