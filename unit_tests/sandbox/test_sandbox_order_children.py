"""The order detail's payment fields, GET /order/202407/orders/{order_id}/price_detail and
GET /return_refund/202309/returns/{return_id}/records: shapes, exact sums, validation, scopes,
determinism, and return events added by mutations."""

from decimal import Decimal

from conftest import ANCHOR
from tiktok_shop_sandbox import Sandbox
from tiktok_shop_sandbox.records.order_children import DETAIL_ONLY, SEARCH_ONLY

SEARCH = "/order/202309/orders/search"
DETAIL = "/order/202507/orders"


def price_path(order_id) -> str:
    return f"/order/202407/orders/{order_id}/price_detail"


def records_path(return_id) -> str:
    return f"/return_refund/202309/returns/{return_id}/records"


def d(value: str) -> Decimal:
    return Decimal(value)


# ---- order detail ---------------------------------------------------------------------------------


def test_only_the_detail_answers_the_four_payment_fields_and_it_keeps_every_other_search_field(ro):
    for i in range(3):
        shop = ro.shop(i)
        searched, _ = ro.walk("POST", SEARCH, {"page_size": 100}, "orders", body={}, shop=shop)
        assert not any(set(DETAIL_ONLY) & set(order) for order in searched), "the search must never carry the detail-only fields"
        details = {}
        for offset in range(0, len(searched), 50):
            ids = ",".join(o["id"] for o in searched[offset : offset + 50])
            details.update({o["id"]: o for o in ro.ok(ro.get(DETAIL, {"ids": ids}, shop=shop))["orders"]})
        assert set(details) == {o["id"] for o in searched}
        for order in searched:
            detail = details[order["id"]]
            assert {k: v for k, v in order.items() if k not in SEARCH_ONLY} == {k: v for k, v in detail.items() if k not in DETAIL_ONLY}
            assert all(isinstance(detail[k], str) for k in DETAIL_ONLY), "the OAS types them as strings"
        cards = [o for o in details.values() if o["payment_card_type"]]
        assert cards and all(o["payment_auth_code"] and o["channel_entity_national_registry_id"] for o in cards)
        assert {o["payment_card_type"] for o in cards} <= {"Credit", "Debit", "Prepaid"}
        unpaid = [o for o in details.values() if o["status"] == "UNPAID"]
        assert all(not any(o[k] for k in DETAIL_ONLY) for o in unpaid)
        assert all(o["payment_method_code"].startswith("pm_pi_") for o in details.values() if "paid_time" in o)


def test_the_202309_detail_answers_the_same_fields(ro):
    shop = ro.shop(0)
    ids = ro.sb.data.orders[shop["id"]].ids()[:5]
    old = ro.ok(ro.get("/order/202309/orders", {"ids": ",".join(ids)}, shop=shop))["orders"]
    new = ro.ok(ro.get(DETAIL, {"ids": ",".join(ids)}, shop=shop))["orders"]
    assert old == new == [ro.sb.data.order_details[shop["id"]].by_id(i) for i in ids]


# ---- price detail -----------------------------------------------------------------------------------

ADDITIVE = (
    "sku_list_price",
    "sku_sale_price",
    "subtotal",
    "subtotal_deduction_platform",
    "subtotal_deduction_seller",
    "subtotal_tax_amount",
    "shipping_list_price",
    "shipping_sale_price",
    "shipping_fee_deduction_platform",
    "shipping_fee_deduction_seller",
    "tax_amount",
    "payment",
    "total",
    "net_price_amount",
)


def check_formulas(calc: dict) -> None:
    assert d(calc["sku_sale_price"]) == d(calc["sku_list_price"]) - d(calc["subtotal_deduction_seller"]) - d(
        calc["subtotal_deduction_platform"]
    )
    assert d(calc["subtotal"]) == d(calc["sku_sale_price"]) + d(calc["subtotal_tax_amount"])
    assert d(calc["shipping_sale_price"]) == d(calc["shipping_list_price"]) - d(calc["shipping_fee_deduction_seller"]) - d(
        calc["shipping_fee_deduction_platform"]
    )
    assert d(calc["payment"]) == d(calc["sku_sale_price"]) + d(calc["shipping_sale_price"]) + d(calc["tax_amount"])
    assert d(calc["total"]) == d(calc["sku_list_price"]) + d(calc["shipping_list_price"])
    assert all(d(calc[k]) >= 0 for k in ADDITIVE)


def test_price_detail_follows_the_order_amounts_and_its_line_items_add_up_exactly(ro):
    for i in range(3):
        shop = ro.shop(i)
        for order in list(ro.sb.data.orders[shop["id"]])[:60]:
            data = ro.ok(ro.get(price_path(order["id"]), shop=shop))
            assert data == ro.sb.data.order_price_details[shop["id"]][order["id"]]
            pay = order["payment"]
            assert data["currency"] == pay["currency"]
            assert d(data["sku_list_price"]) == d(pay["original_total_product_price"])
            assert d(data["sku_sale_price"]) == d(pay["sub_total"])
            assert d(data["shipping_sale_price"]) == d(pay["shipping_fee"])
            assert d(data["tax_amount"]) == d(pay["tax"])
            assert all(isinstance(v, str) for k, v in data.items() if k != "line_items"), "amounts are decimal strings"
            check_formulas(data)
            assert [item["id"] for item in data["line_items"]] == [item["id"] for item in order["line_items"]]
            for item in data["line_items"]:
                check_formulas(item)
                assert "cod_fee_amount" in item and "cod_fee_net_amount" not in item  # the OAS names differ
            if data["line_items"]:
                for key in ADDITIVE:
                    assert sum(d(item[key]) for item in data["line_items"]) == d(data[key]), key


def test_price_detail_validation_and_scope(client):
    gb, us = client.shop(1), client.shop(0)
    oid = client.sb.data.orders[gb["id"]].ids()[0]
    client.error(client.get(price_path("576000000000000001"), shop=gb), 23011003, 404)
    client.error(client.get(price_path(client.sb.data.orders[us["id"]].ids()[0]), shop=gb), 23011003, 404)
    client.error(client.get(price_path("abc"), shop=gb), 23011003, 404)
    client.error(client.get(price_path(oid), {"page_size": 10}, shop=gb), 36009004, 400, "Unknown query parameter")
    client.error(client.get(price_path(oid)), 106013)
    client.error(client.get("/order/202309/orders/%s/price_detail" % oid, shop=gb), 36009009, 404)
    client.sb.revoke_group("order")
    client.error(client.get(price_path(oid), shop=gb), 105005, 403)
    client.sb.grant_group("order")
    assert client.ok(client.get(price_path(oid), shop=gb))["line_items"]


# ---- return records ---------------------------------------------------------------------------------


def test_return_records_are_the_status_history_newest_first(ro):
    for i in range(3):
        shop = ro.shop(i)
        returns = ro.sb.data.returns[shop["id"]]
        assert returns
        for ret in returns:
            records = ro.ok(ro.get(records_path(ret["return_id"]), shop=shop))["records"]
            assert records == ro.sb.data.return_records[shop["id"]][ret["return_id"]]
            times = [r["create_time"] for r in records]
            assert times == sorted(times, reverse=True)
            assert times[-1] == ret["create_time"] and times[0] == ret["update_time"]
            assert all(r["event"] == "ORDER_RETURN" for r in records)
            assert records[-1]["reason_text"] == ret["return_reason_text"] and "requested" in records[-1]["description"]
            # A request still pending has one event; anything further has one per step.
            assert (len(records) == 1) == (ret["return_status"] in ("RETURN_OR_REFUND_REQUEST_PENDING", "REPLACEMENT_REQUEST_PENDING"))
            for r in records:
                assert set(r) == {"create_time", "description", "event", "images", "note", "reason_text", "role", "videos"}
                assert all(isinstance(x["height"], int) and x["url"] for x in r["images"])


def test_return_records_validation_and_scope(client):
    gb, us = client.shop(1), client.shop(0)
    rid = client.sb.data.returns[gb["id"]][0]["return_id"]
    assert client.ok(client.get(records_path(rid), {"locale": "en-US,de-DE"}, shop=gb))["records"]
    client.error(client.get(records_path(rid), {"locale": "english"}, shop=gb), 36009004, 400, "locale")
    client.error(client.get(records_path(rid), {"page_size": 10}, shop=gb), 36009004, 400, "Unknown query parameter")
    client.error(client.get(records_path("4035300000000000001"), shop=gb), 25001001, 404)
    client.error(client.get(records_path(client.sb.data.returns[us["id"]][0]["return_id"]), shop=gb), 25001001, 404)
    client.error(client.post(records_path(rid), shop=gb), 36009010, 405)
    client.sb.revoke_group("return_refund")
    client.error(client.get(records_path(rid), shop=gb), 105005, 403)
    client.sb.grant_group("return_refund")


def test_each_return_mutation_adds_one_event_and_keeps_the_earlier_ones(client):
    sb = client.sb
    shop = client.shop(0)
    sid = shop["id"]
    before = {rid: list(records) for rid, records in sb.data.return_records[sid].items()}
    new_ids = sb.mutate.add_returns(sid, 2, at=ANCHOR + 100)
    for rid in new_ids:
        (event,) = sb.data.return_records[sid][rid]
        assert event["create_time"] == ANCHOR + 100 and "requested" in event["description"]
    changed = sb.mutate.update_returns(sid, 3, at=ANCHOR + 200)
    changed += sb.mutate.update_returns(sid, new_ids[:1], at=ANCHOR + 300)
    final = next(rid for rid, recs in before.items() if "completed" in recs[0]["description"])
    changed += sb.mutate.update_returns(sid, [final], at=ANCHOR + 400)
    after = sb.data.return_records[sid]
    for rid in set(changed):
        old = before.get(rid) or []
        if rid in new_ids:
            old = [e for e in sb.data.return_records[sid][rid] if e["create_time"] == ANCHOR + 100]
        steps = changed.count(rid)
        assert len(after[rid]) == len(old) + steps, rid
        assert after[rid][steps:] == old, "earlier events never change"
        record = next(r for r in sb.data.returns[sid] if r["return_id"] == rid)
        assert after[rid][0]["create_time"] == record["update_time"]
    assert after[final][0]["description"] == "Seller added a note" and after[final][0]["note"]
    untouched = set(before) - set(changed)
    assert untouched and all(after[rid] == before[rid] for rid in untouched)
    # Served as stored: the endpoint answers what the view holds.
    for rid in set(changed):
        assert client.ok(client.get(records_path(rid), shop=shop))["records"] == after[rid]


# ---- determinism --------------------------------------------------------------------------------------


def test_same_seed_and_anchor_give_the_same_details_prices_and_records():
    def snapshot():
        with Sandbox(seed=11, anchor=ANCHOR, shops=2, orders_per_shop=80, products_per_shop=20) as sb:
            out = []
            for shop in sb.data.shops:
                sid = shop["id"]
                out.append(list(sb.data.order_details[sid]))
                out.append(dict(sb.data.order_price_details[sid]))
                out.append(dict(sb.data.return_records[sid]))
                out.append(list(sb.data.orders[sid]))
            return out

    first, second = snapshot(), snapshot()
    assert first == second
