"""Fulfilled by TikTok endpoints: onboarded regions, warehouses, inventory and inventory records. Parameter
validation as the spec states it, pagination, both readings of a shop not onboarded, consistency between
inventory and records, determinism, and the records mutation."""

import pytest
from sandbox_paths import FBT_INVENTORY, FBT_ONBOARDED, FBT_RECORDS, FBT_WAREHOUSES

from tiktok_shop_sandbox import Sandbox
from tiktok_shop_sandbox.endpoints.fbt import FBT_NOT_ONBOARDED
from tiktok_shop_sandbox.records import fbt

ANCHOR = 1_760_000_400


def shops(ro):
    """(US shop, GB shop, VN shop) of the default sandbox: the first two onboarded, VN not."""
    us, gb, vn = ro.sb.data.shops
    assert (us["region"], gb["region"], vn["region"]) == ("US", "GB", "VN")
    return us, gb, vn


def test_onboarded_regions_names_the_shops_region_and_is_empty_for_others(ro):
    us, gb, vn = shops(ro)
    assert ro.ok(ro.get(FBT_ONBOARDED, shop=us)) == {"onboarded_regions": [{"region_code": "US"}]}
    assert ro.ok(ro.get(FBT_ONBOARDED, shop=gb)) == {"onboarded_regions": [{"region_code": "GB"}]}
    assert ro.ok(ro.get(FBT_ONBOARDED, shop=vn)) == {}  # "If seller is not onboarded, `data` will be empty"


def test_the_empty_onboarded_answer_takes_each_form_the_knob_names(client):
    _, _, vn = shops(client)
    client.sb.data.fbt_not_onboarded_regions_data = "null"
    assert client.get(FBT_ONBOARDED, shop=vn).json()["data"] is None
    client.sb.data.fbt_not_onboarded_regions_data = "[]"
    assert client.ok(client.get(FBT_ONBOARDED, shop=vn)) == {"onboarded_regions": []}


def test_a_shop_not_onboarded_gets_an_error_or_empty_lists_by_the_knob(client):
    _, _, vn = shops(client)
    calls = [
        lambda: client.get(FBT_WAREHOUSES, shop=vn),
        lambda: client.post(FBT_INVENTORY, {"page_size": 10}, {}, shop=vn),
        lambda: client.post(FBT_RECORDS, {"page_size": 10}, {}, shop=vn),
    ]
    for call in calls:
        client.error(call(), FBT_NOT_ONBOARDED, 400, "not onboarded")
    client.sb.data.fbt_not_onboarded_answer = "empty"
    answers = [client.ok(call()) for call in calls]
    assert answers[0] == {"warehouses": []}
    assert answers[1]["inventory"] == [] and answers[1]["total_count"] == 0
    assert answers[2]["inventory_records"] == [] and answers[2]["total_count"] == 0


def test_warehouses_are_the_regions_platform_warehouses_shared_across_shops(ro):
    us, gb, _ = shops(ro)
    listed = ro.ok(ro.get(FBT_WAREHOUSES, shop=us))["warehouses"]
    assert listed == ro.sb.data.fbt_warehouses[us["id"]]
    assert len(listed) == len(fbt.PLATFORM_WAREHOUSES["US"]) and listed[0]["subscribed"] is True
    assert {w["type"] for w in listed} == {"PLATFORM_WAREHOUSE"}
    assert all(w["addresses"][0]["region_code"] == "US" and w["warehouse_ids"] for w in listed)
    assert {w["fbt_warehouse_id"] for w in listed}.isdisjoint(w["fbt_warehouse_id"] for w in ro.sb.data.fbt_warehouses[gb["id"]])
    # Another seller's US shop (another seed) lists the same warehouses, each with its own subscriptions.
    other = Sandbox(seed=8, shops=1, anchor=ANCHOR).data
    assert [w["fbt_warehouse_id"] for w in other.fbt_warehouses[other.shops[0]["id"]]] == [w["fbt_warehouse_id"] for w in listed]


@pytest.mark.parametrize("path", [FBT_INVENTORY, FBT_RECORDS])
def test_page_size_is_required_and_within_1_to_100(ro, path):
    us, _, _ = shops(ro)
    ro.error(ro.post(path, {}, {}, shop=us), 36009004, 400, "page_size")
    for bad in (0, 101, "ten"):
        ro.error(ro.post(path, {"page_size": bad}, {}, shop=us), 36009004, 400, "page_size")
    assert ro.ok(ro.post(path, {"page_size": 100}, {}, shop=us))


@pytest.mark.parametrize(
    "path,body,message",
    [
        (FBT_INVENTORY, {"goods_ids": ["1"], "sku_ids": ["2"]}, "either"),
        (FBT_INVENTORY, {"create_time_ge": 1}, "Unknown field"),
        (FBT_INVENTORY, {"goods_ids": [str(i) for i in range(101)]}, "at most 100"),
        (FBT_RECORDS, {"update_time_ge": 1}, "Unknown field"),
        (FBT_RECORDS, {"sku_ids": ["1"]}, "Unknown field"),
        (FBT_RECORDS, {"create_time_ge": "1700000000"}, "integer"),
        (FBT_RECORDS, {"create_time_ge": 1_700_000_000_000}, "seconds"),
        (FBT_RECORDS, {"create_time_le": 1_700_000_000_000}, "seconds"),
    ],
)
def test_body_fields_are_validated_as_the_spec_types_them(ro, path, body, message):
    us, _, _ = shops(ro)
    ro.error(ro.post(path, {"page_size": 10}, body, shop=us), 36009004, 400, message)


@pytest.mark.parametrize("path", [FBT_ONBOARDED, FBT_WAREHOUSES])
def test_unknown_query_params_and_a_missing_cipher_are_refused(ro, path):
    us, _, _ = shops(ro)
    ro.error(ro.get(path, {"page_size": 10}, shop=us), 36009004, 400, "Unknown query parameter")
    ro.error(ro.get(path), 106013)


def test_inventory_walk_equals_the_view_and_lists_only_goods_in_stock(ro):
    us, _, _ = shops(ro)
    items, pages = ro.walk("POST", FBT_INVENTORY, {"page_size": 7}, "inventory", body={}, shop=us)
    assert items == ro.sb.data.fbt_inventory[us["id"]] and len(pages) > 2
    assert all(p["total_count"] == len(items) for p in pages)
    state = ro.sb.data.fbt[us["id"]]
    keys = {(i["fbt_warehouse_id"], i["goods"]["id"]) for i in items}
    out_of_stock = [k for k in fbt.inventory_keys(state) if k not in keys]
    assert out_of_stock, "some goods have sold out (the dataset must show the non-zero filter)"
    # Asked for by id, a goods at zero stock is listed too.
    wid, gid = out_of_stock[0]
    listed = ro.ok(ro.post(FBT_INVENTORY, {"page_size": 100}, {"goods_ids": [gid]}, shop=us))["inventory"]
    assert {(i["fbt_warehouse_id"], i["on_hand_detail"]["total_quantity"]) for i in listed} >= {(wid, 0)}


def test_inventory_filters_by_warehouse_goods_and_sku(ro):
    us, _, _ = shops(ro)
    items = ro.sb.data.fbt_inventory[us["id"]]
    wid = items[0]["fbt_warehouse_id"]
    by_wh = ro.walk("POST", FBT_INVENTORY, {"page_size": 100}, "inventory", body={"fbt_warehouse_ids": [wid]}, shop=us)[0]
    assert by_wh and {i["fbt_warehouse_id"] for i in by_wh} == {wid}
    sku = items[0]["goods"]["skus"][0]["id"]
    by_sku = ro.ok(ro.post(FBT_INVENTORY, {"page_size": 100}, {"sku_ids": [sku]}, shop=us))["inventory"]
    assert by_sku and all(sku in [s["id"] for s in i["goods"]["skus"]] for i in by_sku)


def test_goods_are_the_shops_skus_and_on_hand_is_the_last_records_final_quantity(ro):
    us, _, _ = shops(ro)
    sku_ids = {s["id"] for p in ro.sb.data.products[us["id"]] for s in p["skus"]}
    records = ro.sb.data.fbt_inventory_records[us["id"]]
    last = {}
    for r in reversed(records):  # oldest first
        last[(r["fbt_warehouse_id"], r["goods"]["id"], r["inventory_goods_type"])] = r["final_on_hand_quantity"]
    for item in ro.sb.data.fbt_inventory[us["id"]]:
        goods = item["goods"]
        assert {s["id"] for s in goods["skus"]} <= sku_ids
        normal = last.get((item["fbt_warehouse_id"], goods["id"], "NORMAL"), 0)
        defective = last.get((item["fbt_warehouse_id"], goods["id"], "DEFECTIVE"), 0)
        on_hand = item["on_hand_detail"]
        assert on_hand["total_quantity"] == normal + defective and on_hand["unfulfillable_quantity"] == defective
        assert on_hand["available_quantity"] + on_hand["reserved_quantity"] == normal
    for r in records:
        assert r["changed_quantity"] == r["final_on_hand_quantity"] - r["initial_on_hand_quantity"]
        assert r["final_on_hand_quantity"] >= 0 and r["order"]["type"] in fbt.ORDER_PREFIX


def test_records_walk_is_newest_first_and_bounds_are_inclusive_seconds(ro):
    us, _, _ = shops(ro)
    view = ro.sb.data.fbt_inventory_records[us["id"]]
    items, pages = ro.walk("POST", FBT_RECORDS, {"page_size": 100}, "inventory_records", body={}, shop=us)
    assert items == view and len(pages) > 2
    times = [r["create_time"] for r in items]
    assert times == sorted(times, reverse=True)
    t = times[len(times) // 2]
    exact = ro.walk("POST", FBT_RECORDS, {"page_size": 100}, "inventory_records", body={"create_time_ge": t, "create_time_le": t}, shop=us)
    assert exact[0] == [r for r in view if r["create_time"] == t]
    lo, hi = times[-1] + 1, times[0] - 1
    inner = ro.walk(
        "POST", FBT_RECORDS, {"page_size": 100}, "inventory_records", body={"create_time_ge": lo, "create_time_le": hi}, shop=us
    )
    assert inner[0] == [r for r in view if lo <= r["create_time"] <= hi]


def test_records_filter_by_goods_and_warehouse(ro):
    us, _, _ = shops(ro)
    view = ro.sb.data.fbt_inventory_records[us["id"]]
    gid, wid = view[0]["goods"]["id"], view[0]["fbt_warehouse_id"]
    body = {"goods_ids": [gid], "fbt_warehouse_ids": [wid]}
    items = ro.walk("POST", FBT_RECORDS, {"page_size": 100}, "inventory_records", body=body, shop=us)[0]
    assert items == [r for r in view if r["goods"]["id"] == gid and r["fbt_warehouse_id"] == wid]


def test_a_page_token_is_bound_to_its_filters(ro):
    us, _, _ = shops(ro)
    first = ro.ok(ro.post(FBT_RECORDS, {"page_size": 10}, {"create_time_ge": 0}, shop=us))
    token = first["next_page_token"]
    ro.error(ro.post(FBT_RECORDS, {"page_size": 10, "page_token": token}, {"create_time_ge": 1}, shop=us), 36009004, 400, "page_token")


def test_the_fbt_scope_is_checked(client):
    us, _, _ = shops(client)
    client.sb.revoke_group("fbt")
    for call in (lambda: client.get(FBT_ONBOARDED, shop=us), lambda: client.post(FBT_RECORDS, {"page_size": 10}, {}, shop=us)):
        client.error(call(), 105005, 403)
    client.sb.grant_group("fbt")
    assert client.ok(client.get(FBT_ONBOARDED, shop=us))


def test_same_seed_and_anchor_give_the_same_fbt_data_and_other_tables_do_not_move():
    a, b = Sandbox(seed=9, anchor=ANCHOR), Sandbox(seed=9, anchor=ANCHOR)
    for shop in a.data.shops:
        sid = shop["id"]
        for view in ("fbt_warehouses", "fbt_inventory", "fbt_inventory_records"):
            assert getattr(a.data, view)[sid] == getattr(b.data, view)[sid], view
    assert (
        Sandbox(seed=10, anchor=ANCHOR).data.fbt_inventory_records[Sandbox(seed=10, anchor=ANCHOR).data.shops[0]["id"]]
        != (a.data.fbt_inventory_records[a.data.shops[0]["id"]])
    )


def test_added_records_appear_in_the_search_and_move_the_inventory(client):
    us, gb, vn = shops(client)
    sid = us["id"]
    before = client.sb.data.fbt_inventory_records[sid]
    t = ANCHOR + 100
    added = client.sb.mutate.add_fbt_inventory_records(sid, 5, at=t)
    assert len(added) == 5 and all(r["create_time"] == t for r in added)
    after = client.sb.data.fbt_inventory_records[sid]
    assert after[:5] == added[::-1] and after[5:] == before
    found = client.ok(client.post(FBT_RECORDS, {"page_size": 100}, {"create_time_ge": t}, shop=us))["inventory_records"]
    assert sorted(map(str, found)) == sorted(map(str, added))
    latest = {(r["fbt_warehouse_id"], r["goods"]["id"]): r["final_on_hand_quantity"] for r in added}
    inventory = {(i["fbt_warehouse_id"], i["goods"]["id"]): i["on_hand_detail"] for i in client.sb.data.fbt_inventory[sid]}
    for key, final in latest.items():
        on_hand = inventory.get(key)  # a stock sold down to nothing may leave the listing
        normal = on_hand["total_quantity"] - on_hand["unfulfillable_quantity"] if on_hand else 0
        assert normal == final, key
    with pytest.raises(KeyError):
        client.sb.mutate.add_fbt_inventory_records(vn["id"], 1)
