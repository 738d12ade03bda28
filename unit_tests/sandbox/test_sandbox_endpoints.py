"""Every endpoint answers a correctly signed request, with the record shapes of its API operation (products, orders, finance)."""

import re
from decimal import Decimal

ID = re.compile(r"\d{18,19}")


def test_authorized_shops(client):
    shops = client.ok(client.get("/authorization/202309/shops"))["shops"]
    assert [s["region"] for s in shops] == ["US", "GB", "VN"]
    assert sorted(s["seller_type"] for s in shops).count("CROSS_BORDER") == 1
    for s in shops:
        assert set(s) == {"id", "name", "region", "seller_type", "cipher", "code"}
        assert ID.fullmatch(s["id"]) and s["cipher"][:4] in ("ROW_", "GCP_")
    assert shops == client.sb.data.shops


def test_more_shops_cycle_regions(make_sandbox):
    sb = make_sandbox(shops=6, products_per_shop=2, orders_per_shop=5, statement_days=3)
    assert [s["region"] for s in sb.data.shops] == ["US", "GB", "VN", "ID", "MY", "TH"]


def test_seller_endpoints(client):
    shops = client.ok(client.get("/seller/202309/shops"))["shops"]
    assert {s["id"] for s in shops} == {s["id"] for s in client.sb.data.shops}
    assert "seller.order.info" in client.ok(client.get("/seller/202309/permissions"))["permissions"]


def test_product_search_all_versions_and_detail(client):
    shop = client.shop(0)
    for version in ("202309", "202312", "202502"):
        data = client.ok(client.post(f"/product/{version}/products/search", {"page_size": 10}, {}, shop=shop))
        assert data["total_count"] == 60 and len(data["products"]) == 10
        p = data["products"][0]
        for key in (
            "id",
            "title",
            "status",
            "create_time",
            "update_time",
            "sales_regions",
            "recommended_categories",
            "product_sync_fail_reasons",
            "skus",
        ):
            assert key in p
        assert ("audit" in p) == (version != "202309")
        sku = p["skus"][0]
        assert {"id", "seller_sku", "price", "inventory", "fees"} <= set(sku)
    products = client.sb.data.products[shop["id"]]
    visible = next(p for p in products if p["status"] not in ("FREEZE", "DELETED"))
    detail = client.ok(client.get(f"/product/202309/products/{visible['id']}", shop=shop))
    assert detail == visible
    for key in (
        "description",
        "audit",
        "category_chains",
        "main_images",
        "package_dimensions",
        "package_weight",
        "product_attributes",
        "skus",
        "delivery_options",
        "is_cod_allowed",
        "has_draft",
    ):
        assert key in detail
    assert {"id", "seller_sku", "price", "inventory", "sales_attributes"} <= set(detail["skus"][0])


def test_product_detail_unavailable(client):
    shop = client.shop(0)
    products = client.sb.data.products[shop["id"]]
    for status in ("FREEZE", "DELETED"):
        hidden = next(p for p in products if p["status"] == status)
        client.error(client.get(f"/product/202309/products/{hidden['id']}", shop=shop), 12052048, 404)
    client.error(client.get("/product/202309/products/1729000000000000001", shop=shop), 12052048)
    other = client.sb.data.products[client.shop(1)["id"]][0]["id"]
    client.error(client.get(f"/product/202309/products/{other}", shop=shop), 12052048)


def test_order_search_and_detail(client):
    shop = client.shop(0)
    data = client.ok(client.post("/order/202309/orders/search", {"page_size": 20}, {}, shop=shop))
    assert data["total_count"] == 300 and len(data["orders"]) == 20
    ids = [o["id"] for o in data["orders"]]
    detail = client.ok(client.get("/order/202309/orders", {"ids": ",".join(ids)}, shop=shop))["orders"]
    # The detail's item: the search's fields but the two only the search has, and four payment fields only it has
    # (unit_tests/sandbox/test_sandbox_order_children.py).
    search_only = ("fulfillment_priority_level", "recommended_shipping_time")
    assert [{k: v for k, v in o.items() if k not in search_only} for o in data["orders"]] == [
        {k: v for k, v in o.items() if not k.startswith(("payment_method_code", "payment_card", "payment_auth", "channel_entity"))}
        for o in detail
    ]
    assert client.ok(client.get("/order/202507/orders", {"ids": ids[0]}, shop=shop))["orders"][0]["id"] == ids[0]


def test_order_detail_id_limits(client):
    shop = client.shop(0)
    ids = client.sb.data.orders[shop["id"]].ids()
    assert len(client.ok(client.get("/order/202309/orders", {"ids": ",".join(ids[:50])}, shop=shop))["orders"]) == 50
    client.error(client.get("/order/202309/orders", {"ids": ",".join(ids[:51])}, shop=shop), 36009004, 400, "50")
    client.error(client.get("/order/202309/orders", {}, shop=shop), 36009004, 400, "ids")
    client.error(client.get("/order/202309/orders", {"ids": "1, 2"}, shop=shop), 36009004)
    # unknown ids and other shops' orders are silently left out
    other = client.sb.data.orders[client.shop(1)["id"]].ids()[0]
    got = client.ok(client.get("/order/202309/orders", {"ids": f"{ids[0]},{other},576000000000000001"}, shop=shop))
    assert [o["id"] for o in got["orders"]] == [ids[0]]


def test_order_record_shape_and_payment_formulas(sb):
    for shop in sb.data.shops:
        orders = list(sb.data.orders[shop["id"]])
        statuses = {o["status"] for o in orders}
        assert {"COMPLETED", "CANCELLED", "DELIVERED"} <= statuses
        for o in orders:
            assert ID.fullmatch(o["id"]) and ID.fullmatch(o["user_id"])
            assert o["buyer_email"].endswith("@scs2.tiktok.com")
            assert o["create_time"] <= o["update_time"] < sb.anchor
            p = o["payment"]
            d = {k: Decimal(v) for k, v in p.items() if k != "currency"}
            assert d["sub_total"] == d["original_total_product_price"] - d["seller_discount"] - d["platform_discount"]
            assert d["total_amount"] == d["sub_total"] + d["shipping_fee"] + d["tax"] + d["retail_delivery_fee"]
            assert sum(Decimal(li["original_price"]) for li in o["line_items"]) == d["original_total_product_price"]
            assert all("quantity" not in li for li in o["line_items"])
            assert len({li["id"] for li in o["line_items"]}) == len(o["line_items"])
            if o["status"] in ("UNPAID", "ON_HOLD"):
                assert "recipient_address" not in o and o["packages"] == []
            else:
                # a package exists once the order is paid (an order cancelled before payment has none)
                assert bool(o["packages"]) == ("paid_time" in o) and "recipient_address" in o
                assert "*" in o["recipient_address"]["phone_number"] or o["recipient_address"]["phone_number"] == ""
            if o["status"] == "CANCELLED":
                assert o["cancel_time"] == o["update_time"]
    multi = [o for o in sb.data.orders[sb.data.shops[0]["id"]] if len(o["line_items"]) > 1]
    assert any(len({li["sku_id"] for li in o["line_items"]}) < len(o["line_items"]) for o in multi)  # one item per unit


def test_statements(client):
    shop = client.shop(0)
    data = client.ok(client.get("/finance/202309/statements", {"sort_field": "statement_time"}, shop=shop))
    assert "total_count" not in data and len(data["statements"]) == 20  # default page size
    everything = client.sb.data.statements[shop["id"]]
    assert len(everything) == 45
    times = [s["statement_time"] for s in everything]
    assert all(t % 86400 == 0 for t in times) and times == sorted(times)
    assert times[-1] == client.sb.anchor - client.sb.anchor % 86400 - 2 * 86400
    assert [s["payment_status"] for s in everything[-3:]] == ["PAID", "PROCESSING", "PROCESSING"]
    us = everything[0]
    assert "revenue_amount" not in us and "net_sales_amount" in us and "payment_id" in us
    vn = client.sb.data.statements[client.shop(2)["id"]][0]
    assert "revenue_amount" in vn and "net_sales_amount" not in vn
    assert "payment_id" not in everything[-1] and "payment_time" not in everything[-1]
    client.error(client.get("/finance/202309/statements", {}, shop=shop), 36009004, 400, "sort_field")
    client.error(client.get("/finance/202309/statements", {"sort_field": "create_time"}, shop=shop), 36009004)


def test_statement_transactions_202501(client):
    shop = client.shop(0)
    sb = client.sb
    st = max(sb.data.statements[shop["id"]], key=lambda s: len(sb.data.transactions[shop["id"]][s["id"]]))
    path = f"/finance/202501/statements/{st['id']}/statement_transactions"
    data = client.ok(client.get(path, {"sort_field": "order_create_time", "page_size": 100}, shop=shop))
    for key in (
        "id",
        "create_time",
        "status",
        "currency",
        "payable_amount",
        "total_settlement_amount",
        "total_settlement_breakdown",
        "transactions",
        "next_page_token",
        "total_count",
    ):
        assert key in data
    assert data["id"] == st["id"] and data["total_settlement_amount"] == st["settlement_amount"]
    txns = data["transactions"]
    assert txns == sb.data.transactions[shop["id"]][st["id"]] and data["total_count"] == len(txns) > 0
    order_ids = set(sb.data.orders[shop["id"]].ids())
    for t in txns:
        assert {"revenue_breakdown", "fee_tax_breakdown", "shipping_cost_breakdown", "reserve_amount"} <= set(t)
        if t["type"] == "ORDER":
            assert t["order_id"] in order_ids
    client.error(client.get(path, {}, shop=shop), 36009004, 400, "sort_field")
    client.error(
        client.get("/finance/202501/statements/123/statement_transactions", {"sort_field": "order_create_time"}, shop=shop), 23011001, 404
    )


def test_statement_transactions_202309_uk_us_local_only(client):
    sb = client.sb
    us, gb, vn = sb.data.shops
    st = next(s for s in sb.data.statements[us["id"]] if sb.data.transactions_202309[us["id"]][s["id"]])
    data = client.ok(
        client.get(
            f"/finance/202309/statements/{st['id']}/statement_transactions", {"sort_field": "order_create_time", "page_size": 100}, shop=us
        )
    )
    assert data["statement_id"] == st["id"] and "statement_transactions" in data and "transactions" not in data
    row = data["statement_transactions"][0]
    assert {"settlement_amount", "revenue_amount", "fee_amount", "gross_sales_amount", "referral_fee_amount"} <= set(row)
    assert all(r["type"] != "RESERVE" for r in data["statement_transactions"])
    for shop in (gb, vn):
        sid = sb.data.statements[shop["id"]][0]["id"]
        client.error(
            client.get(f"/finance/202309/statements/{sid}/statement_transactions", {"sort_field": "order_create_time"}, shop=shop),
            23011002,
            403,
        )


def test_transaction_ids_unique_per_shop(sb):
    for shop in sb.data.shops:
        ids = [t["id"] for rows in sb.data.transactions[shop["id"]].values() for t in rows]
        assert len(ids) == len(set(ids))
        counts = [len(rows) for rows in sb.data.transactions[shop["id"]].values()]
        assert max(counts) <= 40


def test_reserve_rows_only_in_202501_for_uk_us_local(client):
    sb = client.sb
    us = client.shop(0)
    st = next(s for s in sb.data.statements[us["id"]] if any(t["type"] == "RESERVE" for t in sb.data.transactions[us["id"]][s["id"]]))
    q = {"sort_field": "order_create_time", "page_size": 100}
    new = client.ok(client.get(f"/finance/202501/statements/{st['id']}/statement_transactions", q, shop=us))
    old = client.ok(client.get(f"/finance/202309/statements/{st['id']}/statement_transactions", q, shop=us))
    reserve = [t for t in new["transactions"] if t["type"] == "RESERVE"]
    assert reserve and all(t["reserve_status"] in ("COLLECTED", "RELEASED") for t in reserve)
    assert new["total_count"] == old["total_count"] + len(reserve)
    assert "total_reserve_amount" in new
    for shop in (client.shop(1), client.shop(2)):
        rows = [t for v in sb.data.transactions[shop["id"]].values() for t in v]
        assert rows and not any(t["type"] == "RESERVE" for t in rows)
