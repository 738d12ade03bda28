"""Categories, brands, inventory, and shop / product / SKU analytics per local day."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

from sandbox_paths import BRANDS, CATEGORIES, DATES, INVENTORY, PRODUCT_PERF, SHOP_PERF, SKU_PERF

ANCHOR = 1_760_000_400  # the fixtures' fixed anchor (conftest.ANCHOR)


def test_categories_tree(ro):
    us, gb = ro.shop(0), ro.shop(1)
    ro.error(ro.get(CATEGORIES, {}, shop=us), 36009004, 400, "v2")
    cats = ro.ok(ro.get(CATEGORIES, {"category_version": "v2"}, shop=us))["categories"]
    assert cats == ro.sb.data.categories[us["id"]] == ro.ok(ro.get(CATEGORIES, shop=gb))["categories"]
    ids = {c["id"] for c in cats}
    assert all(c["parent_id"] == "0" or c["parent_id"] in ids for c in cats)
    assert all(c["permission_statuses"] and "PROHIBITED" not in c["permission_statuses"] for c in cats)
    used = {ch["id"] for p in ro.sb.data.products[us["id"]] for ch in p["category_chains"]}
    assert used <= ids
    everything = ro.ok(ro.get(CATEGORIES, {"include_prohibited_categories": "true"}, shop=gb))["categories"]
    assert any("PROHIBITED" in c["permission_statuses"] for c in everything) and len(everything) > len(cats)
    assert [c["local_name"] for c in ro.ok(ro.get(CATEGORIES, {"keyword": "yoga"}, shop=gb))["categories"]] == ["Yoga Mats"]


def test_brands(ro):
    shop = ro.shop(2)
    rows = ro.sb.data.brands[shop["id"]]
    walked, pages = ro.walk("GET", BRANDS, {"page_size": 40}, "brands", shop=shop)
    assert walked == rows and {p["total_count"] for p in pages} == {len(rows)} and len(pages) >= 3
    product_brands = {p["brand"]["id"] for p in ro.sb.data.products[shop["id"]] if "brand" in p}
    assert product_brands <= {b["id"] for b in rows if b["authorized_status"] == "AUTHORIZED"}
    assert {b["authorized_status"] for b in rows} == {"AUTHORIZED", "UNAUTHORIEZD"}
    got = ro.ok(ro.get(BRANDS, {"page_size": 100, "is_authorized": "true"}, shop=shop))["brands"]
    assert got == [b for b in rows if b["authorized_status"] == "AUTHORIZED"]
    got = ro.ok(ro.get(BRANDS, {"page_size": 100, "brand_name": "aur"}, shop=shop))["brands"]
    assert got and got == [b for b in rows if b["name"].lower().startswith("aur")]


def test_inventory_matches_product_skus_and_id_limits(ro):
    shop = ro.shop(0)
    products = {p["id"]: p for p in ro.sb.data.products[shop["id"]]}
    rows = ro.sb.data.inventory[shop["id"]]
    assert {r["product_id"] for r in rows} == {i for i, p in products.items() if p["status"] != "DELETED"}
    for r in rows:
        p = products[r["product_id"]]
        assert [s["id"] for s in r["skus"]] == [s["id"] for s in p["skus"]]
        for inv, sku in zip(r["skus"], p["skus"]):
            assert [(w["warehouse_id"], w["available_quantity"]) for w in inv["warehouse_inventory"]] == [
                (i["warehouse_id"], i["quantity"]) for i in sku["inventory"]
            ]
            assert inv["total_available_quantity"] == sum(i["quantity"] for i in sku["inventory"])
    ids = [r["product_id"] for r in rows]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": ids[:5]}, shop=shop))["inventory"] == rows[:5]
    multi = next(r for r in rows if len(r["skus"]) > 1)
    got = ro.ok(ro.post(INVENTORY, {}, {"sku_ids": [multi["skus"][1]["id"]]}, shop=shop))["inventory"]
    assert got == [{"product_id": multi["product_id"], "skus": [multi["skus"][1]]}]
    fake = [str(1_729_000_000_000_000_000 + i) for i in range(601)]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": fake[:100]}, shop=shop))["inventory"] == []
    ro.error(ro.post(INVENTORY, {}, {"product_ids": fake[:101]}, shop=shop), 36009004, 400, "100")
    assert ro.ok(ro.post(INVENTORY, {}, {"sku_ids": fake[:600]}, shop=shop))["inventory"] == []
    ro.error(ro.post(INVENTORY, {}, {"sku_ids": fake}, shop=shop), 36009004, 400, "600")
    ro.error(ro.post(INVENTORY, {}, {}, shop=shop), 36009004, 400)
    ro.error(ro.post(INVENTORY, {}, {"product_ids": ids[:1], "sku_ids": ["1"]}, shop=shop), 36009004, 400)
    other = ro.sb.data.inventory[ro.shop(1)["id"]][0]["product_id"]
    assert ro.ok(ro.post(INVENTORY, {}, {"product_ids": [other]}, shop=shop))["inventory"] == []


# -- analytics -------------------------------------------------------------------------------------------------------


def test_latest_available_date_follows_the_shop_timezone(make_sandbox):
    sb = make_sandbox(seed=1, anchor=ANCHOR + 11 * 3600, orders_per_shop=10, statement_days=2)  # 2025-10-09T20:00Z
    us, gb, vn = (s["id"] for s in sb.data.shops)
    assert [sb.data.timezone(s) for s in (us, gb, vn)] == ["UTC-08:00", "UTC+00:00", "UTC+07:00"]
    assert sb.data.latest_available_date(us) == sb.data.latest_available_date(gb) == "2025-10-08"
    assert sb.data.latest_available_date(vn) == "2025-10-09"  # already Oct 10 in Vietnam


def test_shop_performance_matches_orders_per_local_day(ro):
    """GET /analytics/202509/shop/performance: nested `sales` and `traffic`, one interval per day with 1D."""
    sb = ro.sb
    for shop in sb.data.shops:
        sid = shop["id"]
        offset = int(sb.data.timezone(sid)[3:6]) * 3600
        per_day = Counter(
            dt.datetime.fromtimestamp(o["create_time"] + offset, dt.timezone.utc).date().isoformat() for o in sb.data.orders[sid]
        )
        daily = sb.data.shop_performance[sid]
        latest = sb.data.latest_available_date(sid)
        assert len(daily) == 120 and daily[-1]["start_date"] == latest
        for iv in daily:
            sales = iv["sales"]
            assert sales["orders_count"] == per_day.get(iv["start_date"], 0)
            assert sum(Decimal(b["gmv"]["amount"]) for b in sales["gmv"]["breakdowns"]) == Decimal(sales["gmv"]["overall"]["amount"])
            assert {b["type"] for b in sales["gmv"]["breakdowns"]} == {"LIVE", "VIDEO", "PRODUCT_CARD"}
            assert isinstance(iv["traffic"]["avg_visitors"], int) and isinstance(iv["traffic"]["avg_conversation_rate"], str)
        data = ro.ok(
            ro.get(SHOP_PERF, {"start_date_ge": daily[-10]["start_date"], "end_date_lt": "2026-01-01", "granularity": "1D"}, shop=shop)
        )
        assert data["latest_available_date"] == latest and data["performance"]["intervals"] == daily[-10:]
        whole = ro.ok(ro.get(SHOP_PERF, {"start_date_ge": daily[-10]["start_date"], "end_date_lt": "2026-01-01"}, shop=shop))
        (iv,) = whole["performance"]["intervals"]
        assert iv["sales"]["orders_count"] == sum(d["sales"]["orders_count"] for d in daily[-10:]) and iv["end_date"] == "2026-01-01"
        overall = Decimal(iv["sales"]["gmv"]["overall"]["amount"])
        assert overall == sum(Decimal(d["sales"]["gmv"]["overall"]["amount"]) for d in daily[-10:])
    # Gross revenue breakdowns by market: UK and EU ads/organic, none for the US, GMV Max elsewhere.
    kinds = {
        s["region"]: [b["type"] for b in sb.data.shop_performance[s["id"]][-1]["sales"]["gross_revenue"]["breakdowns"]]
        for s in sb.data.shops
    }
    assert kinds == {"US": [], "GB": ["ADS", "ORGANIC"], "VN": ["NON_GMV_MAX", "GMV_MAX"]}
    after = ro.ok(ro.get(SHOP_PERF, {"start_date_ge": "2025-10-09", "end_date_lt": "2025-10-20", "granularity": "1D"}, shop=ro.shop(0)))
    assert after["performance"]["intervals"] == []
    usd = ro.ok(ro.get(SHOP_PERF, {**DATES, "currency": "USD"}, shop=ro.shop(2)))["performance"]
    assert usd["intervals"][0]["sales"]["gmv"]["overall"]["currency"] == "USD"
    # 202509 has no comparison periods: the parameter is unknown there.
    ro.error(ro.get(SHOP_PERF, {**DATES, "with_comparison": "true"}, shop=ro.shop(0)), 36009004, 400, "with_comparison")


def test_one_day_product_and_sku_performance(ro):
    sb, shop = ro.sb, ro.shop(1)
    sid = shop["id"]
    daily = {d["start_date"]: d["sales"] for d in sb.data.shop_performance[sid]}
    products, skus = sb.data.product_performance[sid], sb.data.sku_performance[sid]
    assert set(products) == set(daily) == set(skus)
    busy = max(daily, key=lambda d: daily[d]["orders_count"])
    quiet = [d for d in daily if daily[d]["orders_count"] == 0]
    assert quiet and all(products[d] == [] and skus[d] == [] for d in quiet)  # no sales -> no rows
    day_after = (dt.date.fromisoformat(busy) + dt.timedelta(days=1)).isoformat()
    one_day = {"start_date_ge": busy, "end_date_lt": day_after}
    rows, pages = ro.walk("GET", PRODUCT_PERF, {**one_day, "page_size": 1}, "products", shop=shop)
    assert rows == products[busy] and {p["total_count"] for p in pages} == {len(rows)}
    # 202509: product ids are strings, the figures in `overall_performance`.
    assert all(isinstance(r["id"], str) for r in rows)
    assert sum(r["overall_performance"]["items_sold"] for r in rows) == daily[busy]["items_sold"]
    assert sum(Decimal(r["overall_performance"]["gmv"]["amount"]) for r in rows) == Decimal(daily[busy]["gmv"]["overall"]["amount"])
    sku_rows = ro.ok(ro.get(SKU_PERF, {**one_day, "page_size": 100}, shop=shop))["skus"]
    assert sku_rows == skus[busy] and sum(r["sku_orders"] for r in sku_rows) == daily[busy]["sku_orders_count"]
    pid = sku_rows[0]["product_id"]
    only = ro.ok(ro.get(SKU_PERF, {**one_day, "product_ids": str(pid)}, shop=shop))["skus"]
    assert only == [r for r in sku_rows if r["product_id"] == pid]
    asc = ro.ok(ro.get(PRODUCT_PERF, {**DATES, "sort_field": "items_sold", "sort_order": "ASC", "page_size": 100}, shop=shop))["products"]
    assert [r["overall_performance"]["items_sold"] for r in asc] == sorted(r["overall_performance"]["items_sold"] for r in asc)
    live = ro.ok(ro.get(PRODUCT_PERF, {**DATES, "product_status_filter": "LIVE", "page_size": 100}, shop=shop))["products"]
    inactive = ro.ok(ro.get(PRODUCT_PERF, {**DATES, "product_status_filter": "INACTIVE", "page_size": 100}, shop=shop))["products"]
    everything = ro.ok(ro.get(PRODUCT_PERF, {**DATES, "page_size": 100}, shop=shop))["products"]
    assert live and inactive and sorted(r["id"] for r in live + inactive) == sorted(r["id"] for r in everything)


def test_analytics_id_type_knob(make_sandbox, make_client):
    """202509 SKU performance still types `id` and `product_id` as JSON integers; the knob makes them strings."""
    sb = make_sandbox(seed=4, orders_per_shop=60, statement_days=3)
    c = make_client(sb)
    shop = sb.data.shops[0]
    q = {"start_date_ge": "2025-08-01", "end_date_lt": "2025-10-09", "page_size": 3}
    first = c.ok(c.get(SKU_PERF, q, shop=shop))
    assert re.search(r'"id":\d{19},"product_id":\d{19}', c.get(SKU_PERF, q, shop=shop).text)
    sb.analytics_ids_as_strings = True
    assert re.search(r'"id":"\d{19}","product_id":"\d{19}"', c.get(SKU_PERF, q, shop=shop).text)
    day = next(d for d, rows in sb.data.sku_performance[shop["id"]].items() if rows)
    assert isinstance(sb.data.sku_performance[shop["id"]][day][0]["id"], str)
    # a page token from the integer reading does not continue the string reading
    c.error(c.get(SKU_PERF, {**q, "page_token": first["next_page_token"]}, shop=shop), 36009004, 400, "page_token")
