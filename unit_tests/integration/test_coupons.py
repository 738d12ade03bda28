"""Mock-server tests of `coupons`: POST /promotion/202406/coupons/search (page size and token in the query;
no filters, so no body: the CDK sends none for an empty JSON object), then GET /promotion/202406/coupons/{coupon_id}
per coupon, each record the search item merged with the detail's `coupon`."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, NOW, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import template

STREAM = "coupons"
SEARCH = "/promotion/202406/coupons/search"


def search(cipher: str = CIPHER_A, page_token: Optional[str] = None) -> RequestBuilder:
    return RequestBuilder("POST", SEARCH).with_query_params({"page_size": 100, "shop_cipher": cipher}).with_page_token(page_token)


def detail(coupon_id: str, cipher: str = CIPHER_A) -> RequestBuilder:
    return RequestBuilder("GET", f"/promotion/202406/coupons/{coupon_id}").with_query_params({"shop_cipher": cipher})


def coupons_page(ids: List[str], next_page_token: str = "", total: Optional[int] = None) -> HttpResponse:
    body = template("coupons_search")
    base = body["data"]["coupons"][0]
    body["data"] = {
        "coupons": [{**base, "id": coupon_id} for coupon_id in ids],
        "next_page_token": next_page_token,
        "total_count": len(ids) if total is None else total,
    }
    return HttpResponse(json.dumps(body), 200)


def detail_answer(coupon_id: str, **fields: Any) -> HttpResponse:
    body = template("coupon_detail")
    body["data"]["coupon"].update(id=coupon_id, **fields)
    return HttpResponse(json.dumps(body), 200)


@freeze_time(NOW)
class CouponsTest(TikTokShopMockServerTest):
    def read_coupons(self, config: Optional[Dict[str, Any]] = None):
        output = self.read(config or ConfigBuilder().build(), STREAM, SyncMode.full_refresh)
        self.assert_clean(output)
        return output

    @HttpMocker()
    def test_each_record_is_the_search_item_merged_with_its_detail(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        searched = self.mock(http_mocker, search(), coupons_page(["C-1", "C-2"]))
        details = [self.mock(http_mocker, detail(cid), detail_answer(cid)) for cid in ("C-1", "C-2")]

        output = self.read_coupons()

        records = [r.record.data for r in output.records]
        self.assertEqual([(r["id"], r["shop_id"]) for r in records], [("C-1", SHOP_A), ("C-2", SHOP_A)])
        for coupon in records:
            # Only in the search item (the detail template leaves them out): kept.
            self.assertEqual(coupon["promo_code"], "TTS12345")
            self.assertEqual(coupon["claim_duration"], {"start_time": 1709568000, "end_time": 1709654340})
            self.assertEqual(coupon["create_time"], 1661756811000)
            # Only in the detail: added.
            self.assertEqual(coupon["display_channels"], ["PRIVATE"])
            self.assertEqual(coupon["product_ids"], ["1729581162206365900"])
            self.assertEqual(coupon["usage_stats"], {"claimed_count": 5, "redeemed_count": 1})
            # In both: the detail's value.
            self.assertEqual(coupon["title"], "Detail title")
        http_mocker.assert_number_of_calls(searched, 1)
        for call in details:
            http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_the_next_page_token_goes_in_the_query(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        calls = [
            self.mock(http_mocker, search(), coupons_page(["C-1"], next_page_token="page-2", total=2)),
            self.mock(http_mocker, search(page_token="page-2"), coupons_page(["C-2"], total=2)),
            *(self.mock(http_mocker, detail(cid), detail_answer(cid)) for cid in ("C-1", "C-2")),
        ]

        output = self.read_coupons()

        self.assertEqual(self.rows(output, "id"), [("C-1",), ("C-2",)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_every_shop_is_searched_with_its_own_cipher(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B)
        calls = [
            self.mock(http_mocker, search(CIPHER_A), coupons_page(["C-A"])),
            self.mock(http_mocker, search(CIPHER_B), coupons_page(["C-B"])),
            self.mock(http_mocker, detail("C-A", CIPHER_A), detail_answer("C-A")),
            self.mock(http_mocker, detail("C-B", CIPHER_B), detail_answer("C-B")),
        ]

        output = self.read_coupons()

        self.assertEqual(sorted(self.rows(output, "id", "shop_id")), [("C-A", SHOP_A), ("C-B", SHOP_B)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_a_detail_answer_without_its_coupon_is_asked_again_not_emitted_bare(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, search(), coupons_page(["C-1"]))
        empty = template("coupon_detail")
        empty["data"] = {}
        call = self.mock(http_mocker, detail("C-1"), [HttpResponse(json.dumps(empty), 200), detail_answer("C-1")])

        output = self.read_coupons()

        self.assertEqual([r.record.data["usage_stats"]["claimed_count"] for r in output.records], [5])
        http_mocker.assert_number_of_calls(call, 2)

    @HttpMocker()
    def test_a_shop_without_coupons_gives_no_record_and_no_detail_call(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        searched = self.mock(http_mocker, search(), coupons_page([]))

        output = self.read_coupons()

        self.assertEqual(output.records, [])
        http_mocker.assert_number_of_calls(searched, 1)
