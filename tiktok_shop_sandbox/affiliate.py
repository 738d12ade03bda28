"""The affiliate world: its initial data (`populate`), its `sb.mutate.*` changes (`AffiliateMutations`, mixed into
`mutations.Mutator`) and its `sb.data.*` views (`AffiliateViews`, mixed into `dataset.Dataset`).

Per shop: a pool of creators; about a third of the orders came through one of them (affiliate orders: the order's
id, create time and items, with the creator, content and commission per item); open collaborations on about half of
the listed products; eight targeted plans in every search status; some seventy sample applications (two pages of
50). Everything is drawn from its own seeded stream after every shop's other data, and ids are drawn without the
sandbox-wide allocator (in ranges no other kind uses), so no existing record or id moves.
"""

from __future__ import annotations

import random
from typing import Any, Callable, Iterable, Mapping

from .constants import DAY
from .cores import AffiliateOrderCore, CreatorCore, OpenCollabCore, SampleAppCore, TargetCollabCore
from .generate import new_order
from .ids import derive_seed
from .records import affiliate as records
from .records.common import FIRST, LAST
from .shop import Shop

AFFILIATE_SHARE = 0.35  # orders that came through a creator
OPEN_COLLAB_SHARE = 0.5  # listed products with an open collaboration
CREATORS_PER_SHOP = 12
SAMPLE_APPS_PER_SHOP = 70
# (phase, end_time relative to the anchor in days): two ongoing, one expiring, one cancelling, one expired, one
# cancelled, two more ongoing: every `collaboration_status` the search takes matches at least one plan.
TARGET_PLANS = (
    ("ACTIVE", 40),
    ("ACTIVE", 25),
    ("ACTIVE", 3),
    ("CANCELING", 20),
    ("ACTIVE", -5),
    ("CANCELLED", 12),
    ("ACTIVE", 60),
    ("ACTIVE", 90),
)
HANDLES = ("styles", "eats", "home", "fit", "deals", "daily", "glow", "makes")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _unique(rng: random.Random, low: int, span: int, used: set) -> int:
    while True:
        value = low + rng.randrange(span)
        if value not in used:
            used.add(value)
            return value


def _listed(shop: Shop) -> list[int]:
    return [pid for _, pid in shop.products.by_create if shop.products[pid].status not in ("DRAFT", "PENDING", "FAILED", "DELETED")]


# -- the initial world ----------------------------------------------------------------------------------------------


def populate(ds, shop: Shop) -> None:
    rng = random.Random(derive_seed(ds.seed, ds.anchor, "affiliate", shop.index))
    for k in range(CREATORS_PER_SHOP):
        first, handle = FIRST[(shop.index + k) % len(FIRST)], HANDLES[k % len(HANDLES)]
        open_id = "uAC" + "".join(rng.choice(ALNUM) for _ in range(51))
        username = f"{first.lower()}.{handle}{rng.randrange(10, 99)}"
        shop.creators.append(CreatorCore(k, open_id, username, f"{first} {LAST[k % len(LAST)]}", rng.getrandbits(48)))
    used: set = set()
    listed = _listed(shop)
    for pid in listed:
        if rng.random() < OPEN_COLLAB_SHARE:
            created = min(ds.anchor - 1, shop.products[pid].create_time + rng.randrange(DAY, 10 * DAY))
            terminating = rng.random() < 0.1
            end = ds.anchor + rng.randrange(1, 7) * DAY if terminating else created + 365 * DAY
            core = OpenCollabCore(
                _unique(rng, 90_000_000_000, 9_999_999_999, used),
                pid,
                created,
                rng.randrange(5, 31) * 100,
                created,
                end,
                "TERMINATING" if terminating else "NORMAL",
                rng.getrandbits(48),
            )
            shop.open_collabs.add(core)
    for phase, end_days in TARGET_PLANS:
        created = ds.start + int(rng.random() * (ds.anchor - 5 * DAY - ds.start))
        end = ds.anchor + end_days * DAY + rng.randrange(DAY)
        start = created + rng.randrange(DAY)
        products = tuple(rng.sample(listed, min(len(listed), rng.randint(1, 4))))
        creators = tuple(
            (c, "DELETING" if rng.random() < 0.15 else "NORMAL") for c in rng.sample(range(CREATORS_PER_SHOP), rng.randint(1, 4))
        )
        core = TargetCollabCore(
            _unique(rng, 789_000_000_000_000_000, 10**15, used),
            created,
            min(ds.anchor - 1, created + rng.randrange(DAY, 4 * DAY)),
            start,
            max(end, start + DAY),
            phase,
            "TOP_CREATOR_PROGRAM" if rng.random() < 0.15 else "STANDARD",
            products,
            creators,
            rng.getrandbits(48),
        )
        shop.target_collabs.add(core)
    opens = _open_by_product(shop)
    for _, oid in shop.orders.by_create:
        if rng.random() < AFFILIATE_SHARE:
            aff = new_affiliate_order(shop, rng, oid, opens)
            if records.affiliate_order_status(shop, aff) == "PROCESSING" and rng.random() < 0.05:
                aff.status = "FROZEN"  # commission held while TikTok reviews the order
            shop.affiliate_orders[oid] = aff
    for _ in range(SAMPLE_APPS_PER_SHOP):
        created = ds.start + int(rng.random() * (ds.anchor - 1 - ds.start))
        shop.sample_apps.add(new_sample_application(ds, shop, rng, created, used, None))


# -- one new core each ----------------------------------------------------------------------------------------------


def _program(shop: Shop, rng: random.Random, pid: int, creator: int, opens: Mapping) -> tuple:
    """The plan an order item of product `pid` through `creator` counts for: a targeted plan of both, else the
    product's open collaboration (`opens`: product id -> its collaboration's id), else a TikTok campaign."""
    for core in shop.target_collabs.values():
        if pid in core.product_ids and any(c == creator for c, _ in core.creators):
            return ("TARGET", str(core.id))
    if pid in opens and rng.random() < 0.9:
        return ("OPEN", str(opens[pid]))
    return ("CAMPAIGN", str(7_366_129_062 + shop.index))


def _open_by_product(shop: Shop) -> dict:
    return {core.product_id: core.id for core in shop.open_collabs.values()}


def new_affiliate_order(shop: Shop, rng: random.Random, oid: int, opens: Mapping | None = None) -> AffiliateOrderCore:
    opens = _open_by_product(shop) if opens is None else opens
    order = shop.orders[oid]
    creator = rng.randrange(CREATORS_PER_SHOP)
    content_type = rng.choices(records.CONTENT_TYPES, (50, 30, 8, 4, 4, 4))[0]
    content_id = "" if content_type == "SHOP" else str(7_493_000_000_000_000_000 + rng.getrandbits(52))
    rates = tuple(rng.randrange(5, 31) * 100 for _ in order.items)
    programs = tuple(_program(shop, rng, pid, creator, opens) for pid, _, _ in order.items)
    ads = 0 if rng.random() < 0.7 else rng.randrange(1, 6) * 100
    return AffiliateOrderCore(oid, creator, content_type, content_id, rates, programs, ads)


def _sample_status(rng: random.Random, age_days: float) -> str:
    if age_days < 3:
        return rng.choices(("PENDING", "AWAITING_SHIPMENT", "WITHDRAW_CANCELLED"), (60, 35, 5))[0]
    if age_days < 10:
        return rng.choices(
            ("AWAITING_SHIPMENT", "SHIPPED", "CONTENT_PENDING", "REJECT_CANCELLED", "OVERDUE_CANCELLED"), (10, 35, 40, 10, 5)
        )[0]
    return rng.choices(records.SAMPLE_STATUSES, (1, 1, 2, 10, 8, 5, 6, 1, 2, 3, 1, 1, 1, 3, 55))[0]


def new_sample_application(ds, shop: Shop, rng: random.Random, created: int, used: set, at: int | None) -> SampleAppCore:
    """An initial application (status from its age) or, with `at`, one just sent (PENDING)."""
    pool = _listed(shop) or [pid for _, pid in shop.products.by_create]
    pid = pool[rng.randrange(len(pool))]
    sku_index = rng.randrange(len(shop.products[pid].sku_ids))
    status = "PENDING" if at is not None else _sample_status(rng, (ds.anchor - created) / DAY)
    update = created if at is not None else min(ds.anchor - 1, created + (0 if status == "PENDING" else rng.randrange(3600, 5 * DAY)))
    sid = _unique(rng, 7_401_000_000_000_000_000, 10**17, used)
    return SampleAppCore(sid, created, update, pid, sku_index, rng.randrange(CREATORS_PER_SHOP), status, rng.getrandbits(48))


# -- sb.mutate ------------------------------------------------------------------------------------------------------


class AffiliateMutations:
    """Mixed into `mutations.Mutator` (which provides `_ds`, `_at`, `_changing`, `_pick`)."""

    _ds: Any
    _at: Callable
    _changing: Callable
    _pick: Callable

    def add_affiliate_orders(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """n new paid orders (AWAITING_SHIPMENT, placed at `at`), each an affiliate order; their ids."""
        ds = self._ds
        with self._changing(shop_id) as shop:
            t = self._at(at)
            out = []
            for _ in range(n):
                order = new_order(ds, shop, ds.mutation_rng, t, t, "AWAITING_SHIPMENT")
                shop.orders.add(order)
                shop.affiliate_orders[order.id] = new_affiliate_order(shop, ds.mutation_rng, order.id)
                out.append(str(order.id))
            return out

    def set_affiliate_order_status(self, shop_id: str, order_ids: Iterable, status: str) -> list[str]:
        """Set the affiliate status of these orders (the order itself and its create_time do not change): what a
        commission settling (COMPLETED), being held (FROZEN) or clawed back (DEDUCTED) looks like."""
        if status not in records.AFFILIATE_ORDER_STATUSES:
            raise ValueError(f"bad affiliate order status {status!r}")
        with self._changing(shop_id) as shop:
            out = []
            for raw in order_ids:
                aff = shop.affiliate_orders[int(raw)]
                aff.status = status
                aff.version += 1
                out.append(str(aff.order_id))
            return out

    def add_sample_applications(self, shop_id: str, n: int, at: int | None = None) -> list[str]:
        """n new PENDING applications sent at `at`."""
        ds = self._ds
        with self._changing(shop_id) as shop:
            t = self._at(at)
            used = set(shop.sample_apps)
            out = []
            for _ in range(n):
                core = new_sample_application(ds, shop, ds.mutation_rng, t, used, t)
                shop.sample_apps.add(core)
                out.append(str(core.id))
            return out

    def update_sample_applications(self, shop_id: str, n_or_ids, at: int | None = None) -> list[str]:
        """Advance each application one step (PENDING -> AWAITING_SHIPMENT -> SHIPPED -> CONTENT_PENDING -> COMPLETED)."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            cores = self._pick(shop.sample_apps, n_or_ids, tuple(s for s in records.SAMPLE_STATUSES if s not in records.SAMPLE_NEXT))
            for core in cores:
                core.status = records.SAMPLE_NEXT.get(core.status, core.status)
                shop.sample_apps.touch(core, t)
            return [str(c.id) for c in cores]

    def cancel_target_collaborations(self, shop_id: str, ids: Iterable, at: int | None = None) -> list[str]:
        """The seller removes these plans: CANCELING (searchable as such) until they end."""
        with self._changing(shop_id) as shop:
            t = self._at(at)
            out = []
            for raw in ids:
                core = shop.target_collabs[int(raw)]
                core.phase = "CANCELING"
                shop.target_collabs.touch(core, t)
                out.append(str(core.id))
            return out


# -- sb.data --------------------------------------------------------------------------------------------------------


class AffiliateViews:
    """Mixed into `dataset.Dataset` (which provides `lock`, `cached` and `_per_shop`)."""

    lock: Any
    cached: Callable
    _per_shop: Callable

    def affiliate_order_record(self, shop: Shop, oid: int) -> dict:
        aff, order = shop.affiliate_orders[oid], shop.orders[oid]
        key = ("affiliate_order", oid, order.version, aff.version, oid in shop.returned_orders)
        return self.cached(key, lambda: records.affiliate_order_record(self, shop, aff))

    def affiliate_order_ids(self, shop: Shop) -> list[int]:
        """Affiliate orders by (create_time, id) descending: the search's order (SANDBOX CHOICE, the OAS names none)."""
        with self.lock:
            return [oid for _, oid in reversed(shop.orders.by_create) if oid in shop.affiliate_orders]

    def target_collaboration_record(self, shop: Shop, tid: int) -> dict:
        """What the `affiliate_target_collaborations` table holds: the search item with the detail merged over it."""
        core = shop.target_collabs[tid]
        return {**records.target_collaboration_summary(self, shop, core), **records.target_collaboration_detail(self, shop, core)}

    @property
    def affiliate_orders(self) -> Mapping:
        return self._per_shop(lambda shop: [self.affiliate_order_record(shop, oid) for oid in self.affiliate_order_ids(shop)])

    @property
    def affiliate_open_collaborations(self) -> Mapping:
        """By (create_time, id) descending, the search's default."""
        return self._per_shop(
            lambda shop: [
                records.open_collaboration_record(self, shop, shop.open_collabs[i]) for _, i in reversed(shop.open_collabs.by_create)
            ]
        )

    @property
    def affiliate_target_collaborations(self) -> Mapping:
        """Every plan, whatever its status, by (create_time, id) descending; search item and detail merged."""
        return self._per_shop(lambda shop: [self.target_collaboration_record(shop, i) for _, i in reversed(shop.target_collabs.by_create)])

    @property
    def affiliate_sample_applications(self) -> Mapping:
        """By (create_time, id) descending, the search's order (SANDBOX CHOICE)."""
        return self._per_shop(
            lambda shop: [
                records.sample_application_record(self, shop, shop.sample_apps[i]) for _, i in reversed(shop.sample_apps.by_create)
            ]
        )
