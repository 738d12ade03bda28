"""Videos and LIVE sessions of a shop, per local day: GET /analytics/202509/shop_videos/performance,
GET /analytics/202509/shop_lives/performance and GET /analytics/202512/shop/{live_id}/products_performance.

Synthetic but deterministic: each day's new videos and its sessions come from seeds of (shop, day, ...), so
what a day holds does not depend on which days were asked for first. A video is watched from the day it is
posted for VIDEO_ACTIVE_DAYS days (not every day); its sales are its views' clicks turned into items at the
price of the products it promotes. A session starts between 09:00 and 23:00 local time (late ones run past
midnight) and is listed on the day it starts; its figures are the sums of its products'. Accounts are the
shop's official and marketing accounts and affiliate creators, whose handles are personal data.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from ..dates import iso
from ..ids import derive_seed
from ..money import ZERO, D, q
from ..shop import Shop, time_slice
from .analytics import Money, ShopAnalytics, _local_id, _ordered, _ratio

# SANDBOX CHOICE: a video is watched for this many days after the day it was posted.
VIDEO_ACTIVE_DAYS = 20
ACCOUNT_TYPES = ("OFFICIAL_ACCOUNTS", "MARKETING_ACCOUNTS", "AFFILIATE_ACCOUNTS")
# Creator handles of affiliate videos and LIVE sessions (personal data: the PII preset covers `username`).
CREATORS = ("mia.makes", "the_daily_haul", "kofi.reviews", "lena_unboxes", "dealsbyraj", "sam.styles", "home_with_ana", "techtok_tom")
HASH_TAGS = ("tiktokshop", "fyp", "deal", "unboxing", "review", "musthave", "giftideas", "homehacks")
VIDEO_TITLES = ("You need this", "Honest review", "Unboxing day", "3 ways to use it", "Restock alert", "Before and after")
LIVE_TITLES = ("Flash sale LIVE", "New arrivals", "Weekend deals", "Ask me anything", "Clearance hour")


@dataclass
class Video:
    id: str
    post_time: int
    post_day: _dt.date
    account_type: str
    username: str
    title: str
    duration: int
    hash_tags: list
    products: list  # [(product id, name, unit price)]
    reach: int


@dataclass
class LiveSession:
    id: str
    day: _dt.date
    start_time: int
    end_time: int
    account_type: str
    username: str
    title: str
    products: list = field(default_factory=list)  # [per-product stats dict]


# -- videos -----------------------------------------------------------------------------------------------------------


def _handles(shop: Shop) -> dict:
    slug = "".join(ch for ch in shop.record["name"].lower() if ch.isalnum())[:18]
    return {"OFFICIAL_ACCOUNTS": f"{slug}.official", "MARKETING_ACCOUNTS": f"{slug}.deals"}


def _account(shop: Shop, rng: random.Random) -> tuple:
    kind = rng.choices(ACCOUNT_TYPES, (50, 20, 30))[0]
    return kind, _handles(shop).get(kind) or rng.choice(CREATORS)


def _products_before(ds, an: ShopAnalytics, t: int, rng: random.Random, lo: int, hi: int) -> list:
    """lo..hi products the shop listed before `t`: (id, title, unit price of its first SKU)."""
    listed = [pid for _, pid in time_slice(an.shop.products.by_create, None, t)]
    if not listed:
        return []
    chosen = rng.sample(listed, min(len(listed), rng.randint(lo, hi)))
    return [(pid, ds.product_detail(an.shop, pid)["title"], an.price(ds, pid, 0)[1]) for pid in chosen]


def _post_videos(ds, an: ShopAnalytics, day: _dt.date) -> list:
    shop = an.shop
    rng = random.Random(derive_seed(shop.id, "videos-posted", day.toordinal()))
    videos = []
    for j in range(rng.choice((0, 1, 1, 2))):
        vrng = random.Random(derive_seed(shop.id, "video", day.toordinal(), j))
        post = shop.day_start(day) + vrng.randrange(8 * 3600, 23 * 3600)
        kind, username = _account(shop, vrng)
        videos.append(
            Video(
                id=_local_id(shop.id, "video", day.toordinal(), j),
                post_time=post,
                post_day=day,
                account_type=kind,
                username=username,
                title=f"{vrng.choice(VIDEO_TITLES)} #{j + 1}",
                duration=vrng.randrange(8, 180),
                hash_tags=vrng.sample(HASH_TAGS, vrng.randint(0, 3)),
                products=_products_before(ds, an, post, vrng, 1, 3),
                reach=vrng.randrange(300, 20_000),
            )
        )
    return videos


def _video_day(an: ShopAnalytics, video: Video, day: _dt.date) -> list | None:
    """[views, clicks, gmv, sku_orders, items_sold, customers] of a video on one day; None without views."""
    age = (day - video.post_day).days
    if age < 0 or age > VIDEO_ACTIVE_DAYS:
        return None
    rng = random.Random(derive_seed(an.shop.id, "video-day", video.id, day.toordinal()))
    if age and rng.random() < 0.2:
        return None
    views = int(video.reach * 0.7**age) + rng.randrange(20, 400)
    clicks = max(1, int(views * rng.uniform(0.01, 0.07)))
    items = rng.randrange(0, clicks // 6 + 2) if video.products else 0
    sku_orders = items - items // 4
    customers = sku_orders - sku_orders // 5
    price = sum((p[2] for p in video.products), ZERO) / len(video.products) if video.products else ZERO
    return [views, clicks, q(an.shop, price * items), sku_orders, items, customers]


VIDEO_SORT = ("gmv", "gpm", "avg_customers", "sku_orders", "items_sold", "views", "click_through_rate")


def video_rows(ds, an: ShopAnalytics, start: _dt.date, end: _dt.date, cur: Money, sort_field="gmv", sort_order="DESC", account_type="ALL"):
    """GET /analytics/202509/shop_videos/performance: the videos watched on the published days of [start, end)."""
    days = an.days_in(start, end)
    if not days:
        return []
    agg: dict = {}
    for day in days:
        for back in range(VIDEO_ACTIVE_DAYS + 1):
            for video in videos_posted(ds, an, day - _dt.timedelta(days=back)):
                if account_type != "ALL" and video.account_type != account_type:
                    continue
                stats = _video_day(an, video, day)
                if stats is None:
                    continue
                a = agg.setdefault(video.id, (video, [0, 0, ZERO, 0, 0, 0]))[1]
                for k in range(6):
                    a[k] += stats[k]
    keyed = []
    for vid, (video, (views, clicks, gmv, sku_orders, items, customers)) in agg.items():
        gpm = q(an.shop, gmv * 1000 / views) if views else ZERO
        avg_customers = round(customers / len(days))
        ctr = _ratio(clicks, views)
        row = {
            "id": video.id,
            "title": video.title,
            "username": video.username,
            "video_post_time": iso(video.post_time),
            "duration": video.duration,
            "hash_tags": list(video.hash_tags),
            "products": [{"id": str(pid), "name": name} for pid, name, _ in video.products],
            "gmv": cur.obj(gmv),
            "gpm": cur.obj(gpm),
            "views": views,
            "sku_orders": sku_orders,
            "items_sold": items,
            "avg_customers": avg_customers,
            "click_through_rate": ctr,
        }
        value = {
            "gmv": gmv,
            "gpm": gpm,
            "avg_customers": avg_customers,
            "sku_orders": sku_orders,
            "items_sold": items,
            "views": views,
            "click_through_rate": D(ctr),
        }[sort_field]
        keyed.append((value, vid, row))
    return _ordered(keyed, sort_order)


# -- LIVE sessions ----------------------------------------------------------------------------------------------------


def _live_sessions(ds, an: ShopAnalytics, day: _dt.date) -> list:
    shop = an.shop
    rng = random.Random(derive_seed(shop.id, "lives", day.toordinal()))
    sessions = []
    for j in range(rng.choice((0, 0, 1, 1, 2))):
        lrng = random.Random(derive_seed(shop.id, "live", day.toordinal(), j))
        start = shop.day_start(day) + lrng.randrange(9 * 3600, 23 * 3600)  # late sessions run past midnight
        kind, username = _account(shop, lrng)
        live_id = _local_id(shop.id, "live", day.toordinal(), j)
        session = LiveSession(
            live_id, day, start, start + lrng.randrange(1800, 4 * 3600), kind, username, f"{lrng.choice(LIVE_TITLES)} {day.isoformat()}"
        )
        for pid, name, price in _products_before(ds, an, start, lrng, 2, 10):
            prng = random.Random(derive_seed(shop.id, "live-product", live_id, pid))
            impressions = prng.randrange(100, 5000)
            clicks = int(impressions * prng.uniform(0.02, 0.12))
            sku_orders = prng.randrange(0, clicks // 5 + 2)
            items = sku_orders + prng.randrange(0, sku_orders // 3 + 1)
            main_orders = sku_orders - sku_orders // 4
            session.products.append(
                {
                    "id": pid,
                    "name": name,
                    "direct_gmv": q(shop, price * items),
                    "items_sold": items,
                    "sku_orders": sku_orders,
                    "created_sku_orders": sku_orders + prng.randrange(0, 3),
                    "main_orders": main_orders,
                    "customers": main_orders - main_orders // 6,
                    "product_impressions": impressions,
                    "produt_clicks": clicks,
                    "add_to_cart_count": clicks // 3,
                    "views": prng.randrange(500, 20_000),
                }
            )
        sessions.append(session)
    return sessions


def _live_summary(an: ShopAnalytics, session: LiveSession, cur: Money) -> tuple:
    products = session.products
    gmv = sum((p["direct_gmv"] for p in products), ZERO)
    items = sum(p["items_sold"] for p in products)
    sku_orders = sum(p["sku_orders"] for p in products)
    customers = sum(p["customers"] for p in products)
    clicks = sum(p["produt_clicks"] for p in products)
    rng = random.Random(derive_seed(an.shop.id, "live-totals", session.id))
    gmv_24h = q(an.shop, gmv * D(rng.randrange(100, 130)) / 100)
    sales = {
        "gmv": cur.obj(gmv),
        "24h_live_gmv": cur.obj(gmv_24h),
        "avg_price": cur.obj(q(an.shop, gmv / items) if items else ZERO),
        "click_to_order_rate": _ratio(sku_orders * 100, clicks, "0.01"),
        "created_sku_orders": sum(p["created_sku_orders"] for p in products),
        "customers": customers,
        "different_products_sold": sum(1 for p in products if p["items_sold"]),
        "items_sold": items,
        "products_added": len(products),
        "sku_orders": sku_orders,
    }
    views = sum(p["views"] for p in products) + rng.randrange(100, 3000)
    viewers = int(views * rng.uniform(0.5, 0.9))
    impressions = sum(p["product_impressions"] for p in products)
    interaction = {
        "acu": max(1, viewers // 40),
        "pcu": max(1, viewers // 12),
        "avg_viewing_duration": str(rng.randrange(15, 240)),
        "click_through_rate": _ratio(clicks * 100, views, "0.01"),
        "comments": rng.randrange(0, views // 10 + 1),
        "likes": rng.randrange(0, views // 2 + 1),
        "new_followers": rng.randrange(0, viewers // 20 + 1),
        "product_clicks": clicks,
        "product_impressions": impressions,
        "shares": rng.randrange(0, views // 50 + 1),
        "viewers": viewers,
        "views": views,
    }
    values = {
        "gmv": gmv,
        "products_added": len(products),
        "different_products_sold": sales["different_products_sold"],
        "sku_orders": sku_orders,
        "items_sold": items,
        "customers": customers,
        "24h_live_gmv": gmv_24h,
    }
    return sales, interaction, values


LIVE_SORT = ("gmv", "products_added", "different_products_sold", "sku_orders", "items_sold", "customers", "24h_live_gmv")


def live_rows(ds, an: ShopAnalytics, start: _dt.date, end: _dt.date, cur: Money, sort_field="gmv", sort_order="DESC", account_type="ALL"):
    """GET /analytics/202509/shop_lives/performance: sessions that started on the published days of [start, end)."""
    keyed = []
    for day in an.days_in(start, end):
        for session in lives_on(ds, an, day):
            if account_type != "ALL" and session.account_type != account_type:
                continue
            sales, interaction, values = _live_summary(an, session, cur)
            row = {
                "id": session.id,
                "title": session.title,
                "username": session.username,
                # Strings, as the spec types them: "unix timestamp GMT (UTC+00:00)".
                "start_time": str(session.start_time),
                "end_time": str(session.end_time),
                "sales_performance": sales,
            }
            if session.account_type != "AFFILIATE_ACCOUNTS":
                # "This object will return only when the account type is OFFICIAL_ACCOUNTS, MARKETING_ACCOUNTS".
                row["interaction_performance"] = interaction
            keyed.append((values[sort_field], session.id, row))
    return _ordered(keyed, sort_order)


LIVE_PRODUCT_SORT = (
    "direct_gmv",
    "items_sold",
    "customers",
    "created_sku_orders",
    "sku_orders",
    "main_orders",
    "product_impressions",
    "produt_clicks",
)


def live_product_rows(an: ShopAnalytics, session: LiveSession, cur: Money, sort_field="direct_gmv", sort_order="DESC") -> list:
    """GET /analytics/202512/shop/{live_id}/products_performance. SANDBOX CHOICE: the operation covers the
    shop's official and marketing accounts' sessions ("Shop related LIVE session (official account &
    marketing accounts)"); an affiliate creator's session answers an empty list."""
    if session.account_type == "AFFILIATE_ACCOUNTS":
        return []
    keyed = []
    for p in session.products:
        row = {
            "id": str(p["id"]),
            "name": p["name"],
            "sales": {
                "direct_gmv": cur.obj(p["direct_gmv"]),
                "avg_price": cur.obj(q(an.shop, p["direct_gmv"] / p["main_orders"]) if p["main_orders"] else ZERO),
                "items_sold": p["items_sold"],
                "sku_orders": p["sku_orders"],
                "created_sku_orders": p["created_sku_orders"],
                "main_orders": p["main_orders"],
                "customers": p["customers"],
                "payment_rate": _ratio(p["main_orders"], p["main_orders"] + p["created_sku_orders"] - p["sku_orders"]),
            },
            "traffic": {
                "product_impressions": p["product_impressions"],
                "produt_clicks": p["produt_clicks"],
                "add_to_cart_count": p["add_to_cart_count"],
                "ctr": _ratio(p["produt_clicks"], p["product_impressions"]),
                "click_to_order_rate": {
                    "main_order_ctor": _ratio(p["main_orders"], p["produt_clicks"]),
                    "sku_order_ctor": _ratio(p["sku_orders"], p["produt_clicks"]),
                },
                "gpm": {"watch_gpm": format(cur.value(q(an.shop, p["direct_gmv"] * 1000 / p["views"])), "f")},
            },
        }
        value = p[sort_field] if sort_field != "direct_gmv" else p["direct_gmv"]
        keyed.append((value, p["id"], row))
    return _ordered(keyed, sort_order)


def videos_posted(ds, an: ShopAnalytics, day: _dt.date) -> list:
    if day not in an.videos_by_day:
        an.videos_by_day[day] = _post_videos(ds, an, day)
    return an.videos_by_day[day]


def lives_on(ds, an: ShopAnalytics, day: _dt.date) -> list:
    if day not in an.lives_by_day:
        sessions = _live_sessions(ds, an, day)
        an.lives_by_day[day] = sessions
        for session in sessions:
            an.live_by_id[session.id] = session
    return an.lives_by_day[day]


def live(ds, an: ShopAnalytics, live_id: str):
    """A session listed on a published day, or None."""
    if live_id not in an.live_by_id:
        for day in an.days:
            lives_on(ds, an, day)
    return an.live_by_id.get(live_id)
