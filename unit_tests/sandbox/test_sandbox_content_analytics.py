"""Video, LIVE, hourly and customer service performance, and a new analytics day as a mutation: each
endpoint against its view, its parameters validated as the spec lists them, its data deterministic."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sandbox_paths import CS_PERF, DATES, LIVE_PERF, PRODUCT_PERF, SHOP_PERF, VIDEO_PERF, hourly_path, live_products_path

from tiktok_shop_sandbox import Sandbox

ANCHOR = 1_760_000_400  # the fixtures' fixed anchor (conftest.ANCHOR): 2025-10-09T09:00:00Z


def next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def one_day(day: str) -> dict:
    return {"start_date_ge": day, "end_date_lt": next_day(day)}


def by_date(rows) -> dict:
    out = defaultdict(list)
    for row in rows:
        out[row["date"]].append({k: v for k, v in row.items() if k not in ("date", "live_id")})
    return out


# -- videos ------------------------------------------------------------------------------------------------------------


def test_one_day_of_videos_pages_as_the_view_holds_it(ro):
    shop = ro.shop(0)
    days = by_date(ro.sb.data.video_performance[shop["id"]])
    busy = max(days, key=lambda d: len(days[d]))
    assert len(days[busy]) > 3
    rows, pages = ro.walk("GET", VIDEO_PERF, {**one_day(busy), "page_size": 2}, "videos", shop=shop)
    assert rows == days[busy] and {p["total_count"] for p in pages} == {len(rows)} and len(pages) > 1
    assert all(p["latest_available_date"] == ro.sb.data.latest_available_date(shop["id"]) for p in pages)
    gmv = [Decimal(r["gmv"]["amount"]) for r in rows]
    assert gmv == sorted(gmv, reverse=True)  # gmv DESC by default
    for row in rows:
        assert isinstance(row["id"], str) and len(row["id"]) == 19
        assert isinstance(row["views"], int) and isinstance(row["click_through_rate"], str)
        assert row["gmv"]["currency"] == "USD" and all(isinstance(p["id"], str) for p in row["products"])
        assert row["video_post_time"].endswith("Z") and row["video_post_time"][:10] <= busy


def test_videos_filter_by_account_type_and_sort_on_every_listed_field(ro):
    shop = ro.shop(1)
    everything = ro.ok(ro.get(VIDEO_PERF, {**DATES, "page_size": 100}, shop=shop))
    kinds = {}
    for kind in ("OFFICIAL_ACCOUNTS", "MARKETING_ACCOUNTS", "AFFILIATE_ACCOUNTS"):
        kinds[kind] = ro.ok(ro.get(VIDEO_PERF, {**DATES, "page_size": 100, "account_type": kind}, shop=shop))["total_count"]
    assert all(kinds.values()) and sum(kinds.values()) == everything["total_count"]
    for field in ("gpm", "avg_customers", "sku_orders", "items_sold", "views", "click_through_rate"):
        rows = ro.ok(ro.get(VIDEO_PERF, {**DATES, "page_size": 100, "sort_field": field, "sort_order": "ASC"}, shop=shop))["videos"]
        values = [Decimal(r[field]["amount"]) if isinstance(r[field], dict) else Decimal(r[field]) for r in rows]
        assert values == sorted(values), field


def test_videos_and_lives_refuse_what_the_spec_does_not_list(ro):
    shop = ro.shop(0)
    for path in (VIDEO_PERF, LIVE_PERF):
        ro.error(ro.get(path, {**DATES, "account_type": "CREATORS"}, shop=shop), 36009004, 400, "account_type")
        ro.error(ro.get(path, {**DATES, "sort_field": "revenue"}, shop=shop), 36009004, 400, "sort_field")
        ro.error(ro.get(path, {**DATES, "granularity": "1D"}, shop=shop), 36009004, 400, "Unknown query parameter")
        ro.error(ro.get(path, {"end_date_lt": "2025-10-08"}, shop=shop), 36009004, 400, "start_date_ge")
        ro.error(ro.get(path, DATES), 106013, 400)  # shop_cipher is required


# -- LIVE sessions and their products ---------------------------------------------------------------------------------


def test_live_sessions_are_listed_on_the_day_they_start_with_interaction_only_for_the_shops_accounts(ro):
    for shop in ro.sb.data.shops:
        sessions = ro.sb.data.live_performance[shop["id"]]
        assert sessions
        offset = int(ro.sb.data.timezone(shop["id"])[3:6]) * 3600
        for s in sessions:
            start, end = int(s["start_time"]), int(s["end_time"])  # strings, as the spec types them
            assert dt.datetime.fromtimestamp(start + offset, dt.timezone.utc).date().isoformat() == s["date"] and end > start
            sales = s["sales_performance"]
            assert sales["products_added"] >= sales["different_products_sold"]
        affiliate = [s for s in sessions if "interaction_performance" not in s]
        assert affiliate and len(affiliate) < len(sessions)
    shop = ro.shop(2)
    days = by_date(ro.sb.data.live_performance[shop["id"]])
    day = max(days, key=lambda d: len(days[d]))
    rows, _ = ro.walk("GET", LIVE_PERF, {**one_day(day), "page_size": 1}, "live_stream_sessions", shop=shop)
    assert rows == days[day]
    midnight = [s for s in ro.sb.data.live_performance[shop["id"]] if s["date"] != _local_day(ro, shop, int(s["end_time"]))]
    assert midnight, "some session runs past midnight: the day it is listed on is its start's"


def _local_day(ro, shop, epoch: int) -> str:
    offset = int(ro.sb.data.timezone(shop["id"])[3:6]) * 3600
    return dt.datetime.fromtimestamp(epoch + offset, dt.timezone.utc).date().isoformat()


def test_live_products_of_a_session_add_up_to_it(ro):
    shop = ro.shop(0)
    sessions = ro.sb.data.live_performance[shop["id"]]
    products = defaultdict(list)
    for row in ro.sb.data.live_product_performance[shop["id"]]:
        products[row["live_id"]].append(row)
    official = [s for s in sessions if "interaction_performance" in s]
    for session in official:
        rows = ro.ok(ro.get(live_products_path(session["id"]), shop=shop))["products"]
        assert "next_page_token" not in rows  # not paginated
        assert [{k: v for k, v in r.items() if k not in ("live_id", "date")} for r in products[session["id"]]] == rows
        sales = session["sales_performance"]
        assert len(rows) == sales["products_added"]
        assert sum(Decimal(r["sales"]["direct_gmv"]["amount"]) for r in rows) == Decimal(sales["gmv"]["amount"])
        assert sum(r["sales"]["items_sold"] for r in rows) == sales["items_sold"]
    affiliate = next(s for s in sessions if "interaction_performance" not in s)
    assert ro.ok(ro.get(live_products_path(affiliate["id"]), shop=shop))["products"] == []
    usd = ro.ok(
        ro.get(live_products_path(official[0]["id"]), {"currency": "USD", "sort_field": "items_sold", "sort_order": "ASC"}, shop=shop)
    )
    assert [r["sales"]["items_sold"] for r in usd["products"]] == sorted(r["sales"]["items_sold"] for r in usd["products"])
    ro.error(ro.get(live_products_path("7300000000000000000"), shop=shop), 36009004, 400, "LIVE")
    ro.error(ro.get(live_products_path(official[0]["id"]), shop=ro.shop(1)), 36009004, 400, "LIVE")  # another shop's
    ro.error(ro.get(live_products_path(official[0]["id"]), {"page_size": 10}, shop=shop), 36009004, 400, "Unknown query parameter")
    ro.error(ro.get(live_products_path(official[0]["id"]), {"sort_field": "gmv"}, shop=shop), 36009004, 400, "sort_field")


# -- hourly ----------------------------------------------------------------------------------------------------------


def test_hourly_serves_30_days_including_today_and_only_the_hours_that_ended(ro):
    shop = ro.shop(2)  # VN, UTC+7: at the anchor (09:00Z) it is 16:00 on 2025-10-09
    today = "2025-10-09"
    data = ro.ok(ro.get(hourly_path(today), shop=shop))["performance"]
    assert data["latest_available_timestamp"] == ANCHOR and [i["index"] for i in data["intervals"]] == list(range(16))
    oldest = (dt.date.fromisoformat(today) - dt.timedelta(days=29)).isoformat()
    assert len(ro.ok(ro.get(hourly_path(oldest), shop=shop))["performance"]["intervals"]) == 24
    day_before_oldest = (dt.date.fromisoformat(oldest) - dt.timedelta(days=1)).isoformat()
    ro.error(ro.get(hourly_path(day_before_oldest), shop=shop), 36009004, 400, "30 days")
    ro.error(ro.get(hourly_path(next_day(today)), shop=shop), 36009004, 400, "30 days")
    ro.error(ro.get(hourly_path("2025-10-9"), shop=shop), 36009004, 400, "YYYY-MM-DD")
    ro.error(ro.get(hourly_path(today), {"granularity": "1H"}, shop=shop), 36009004, 400, "Unknown query parameter")
    # The view holds the days that have ended: the 29 before today, 24 hours each.
    rows = ro.sb.data.shop_performance_hourly[shop["id"]]
    assert len(rows) == 29 * 24 and {r["date"] for r in rows} == {
        (dt.date.fromisoformat(oldest) + dt.timedelta(days=n)).isoformat() for n in range(29)
    }


def test_hourly_figures_add_up_to_the_day(ro):
    for shop in ro.sb.data.shops:
        daily = {d["start_date"]: d["sales"] for d in ro.sb.data.shop_performance[shop["id"]]}
        hours = by_date(ro.sb.data.shop_performance_hourly[shop["id"]])
        for day, rows in hours.items():
            assert sum(r["items_sold"] for r in rows) == daily[day]["items_sold"], (shop["region"], day)
            assert sum(Decimal(r["gmv"]["amount"]) for r in rows) == Decimal(daily[day]["gmv"]["overall"]["amount"])
        day = max(hours, key=lambda d: daily[d]["items_sold"])
        answer = ro.ok(ro.get(hourly_path(day), {"currency": "USD"}, shop=shop))["performance"]
        assert answer["overall"]["gmv"]["currency"] == "USD" and answer["overall"]["items_sold"] == daily[day]["items_sold"]


# -- customer service ------------------------------------------------------------------------------------------------


def test_customer_service_performance_per_day_and_over_a_range(ro):
    shop = ro.shop(1)
    rows = {r["date"]: r["performance"] for r in ro.sb.data.customer_service_performance[shop["id"]]}
    day = max(rows, key=lambda d: rows[d]["support_session_count"])
    answer = ro.ok(ro.get(CS_PERF, {"support_date_ge": day, "support_date_lt": next_day(day)}, shop=shop))
    assert answer == {"performance": rows[day]}
    assert rows[day]["support_session_count"] > 0 and Decimal(rows[day]["response_percentage"]) <= 100
    week = ro.ok(ro.get(CS_PERF, {"support_date_ge": "2025-09-01", "support_date_lt": "2025-09-08"}, shop=shop))["performance"]
    assert week["support_session_count"] == sum(rows[f"2025-09-0{d}"]["support_session_count"] for d in range(1, 8))
    nothing = ro.ok(ro.get(CS_PERF, {"support_date_ge": "2020-01-01", "support_date_lt": "2020-01-02"}, shop=shop))["performance"]
    assert nothing == {"support_session_count": 0, "response_percentage": "0", "response_time_mins": "0", "satisfaction_percentage": "0"}
    ro.error(ro.get(CS_PERF, {"support_date_ge": day}, shop=shop), 36009004, 400, "support_date_lt")
    ro.error(ro.get(CS_PERF, {"support_date_ge": day, "support_date_lt": day}, shop=shop), 36009004, 400, "later")
    ro.error(ro.get(CS_PERF, {"start_date_ge": day, "end_date_lt": next_day(day)}, shop=shop), 36009004, 400, "Unknown query parameter")
    ro.error(ro.get(CS_PERF, {"support_date_ge": day, "support_date_lt": next_day(day)}), 106013, 400)


def test_customer_service_has_its_own_scope(client):
    shop = client.shop()
    client.sb.revoke_group("customer_service")
    client.error(client.get(CS_PERF, {"support_date_ge": "2025-10-01", "support_date_lt": "2025-10-02"}, shop=shop), 105005, 403)
    client.ok(client.get(SHOP_PERF, DATES, shop=shop))  # analytics is another group


# -- a new day, and determinism -------------------------------------------------------------------------------------


def test_publishing_a_day_adds_exactly_that_day_and_changes_no_earlier_one(make_sandbox, make_client):
    sb = make_sandbox(seed=3, orders_per_shop=200, statement_days=3, history_days=40)
    c = make_client(sb)
    tables = ("shop_performance", "video_performance", "live_performance", "live_product_performance", "customer_service_performance")
    shop, other = sb.data.shops[0], sb.data.shops[1]
    before = {t: list(getattr(sb.data, t)[shop["id"]]) for t in tables}
    products_before = dict(sb.data.product_performance[shop["id"]])
    hourly_before = list(sb.data.shop_performance_hourly[shop["id"]])
    latest, other_latest = sb.data.latest_available_date(shop["id"]), sb.data.latest_available_date(other["id"])
    new_day = sb.mutate.publish_analytics_day(shop["id"])
    assert new_day == next_day(latest) == sb.data.latest_available_date(shop["id"])
    assert sb.data.latest_available_date(other["id"]) == other_latest  # per shop
    new_days = {}
    for table in tables:
        after = list(getattr(sb.data, table)[shop["id"]])
        day_of = (lambda r: r["start_date"]) if table == "shop_performance" else (lambda r: r["date"])
        assert [r for r in after if day_of(r) != new_day] == before[table], table
        new_days[table] = {day_of(r) for r in after} - {day_of(r) for r in before[table]}
    assert all(days <= {new_day} for days in new_days.values()), new_days
    assert new_days["shop_performance"] == new_days["customer_service_performance"] == new_days["video_performance"] == {new_day}
    assert sb.data.product_performance[shop["id"]][latest] == products_before[latest]
    answer = c.ok(c.get(PRODUCT_PERF, one_day(new_day), shop=shop))
    assert answer["latest_available_date"] == new_day and answer["products"] == sb.data.product_performance[shop["id"]][new_day]
    # The hourly window moves a day: the day that was today has ended, the oldest day is gone.
    hourly_after = sb.data.shop_performance_hourly[shop["id"]]
    assert {r["date"] for r in hourly_after} - {r["date"] for r in hourly_before} == {new_day}
    assert c.ok(c.get(hourly_path(new_day), shop=shop))["performance"]["latest_available_timestamp"] == ANCHOR + 86400


def test_the_content_tables_are_the_same_in_every_sandbox_of_a_seed():
    tables = (
        "video_performance",
        "live_performance",
        "live_product_performance",
        "shop_performance_hourly",
        "customer_service_performance",
    )
    one = Sandbox(seed=11, anchor=ANCHOR, shops=2, orders_per_shop=80, history_days=30)
    two = Sandbox(seed=11, anchor=ANCHOR, shops=2, orders_per_shop=80, history_days=30)
    shop = one.data.shops[1]["id"]
    # Asked for in another order, the second sandbox still holds the same records.
    list(two.data.live_product_performance[shop])
    for table in tables:
        assert list(getattr(one.data, table)[shop]) == list(getattr(two.data, table)[shop]), table
        assert getattr(one.data, table)[shop], table
