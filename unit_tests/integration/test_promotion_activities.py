"""Mock-server tests of `promotion_activities`: POST /promotion/202309/activities/search, whose page size and
page token go in the JSON body ("" for the first page), then GET /promotion/202309/activities/{activity_id}
per activity; each record is the search item merged with the detail, its products kept nested."""

from __future__ import annotations

import json
from typing import Any, List, Optional

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import CIPHER_A, NOW, SHOP_A, A, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import template

STREAM = "promotion_activities"
SEARCH = "/promotion/202309/activities/search"


def search(page_token: str = "") -> RequestBuilder:
    """Only the shop in the query: the paging is in the body, the first page's token is ""."""
    return (
        RequestBuilder("POST", SEARCH).with_query_params({"shop_cipher": CIPHER_A}).with_body({"page_size": 100, "page_token": page_token})
    )


def detail(activity_id: str) -> RequestBuilder:
    return RequestBuilder("GET", f"/promotion/202309/activities/{activity_id}").with_query_params({"shop_cipher": CIPHER_A})


def activities_page(ids: List[str], next_page_token: str = "", total: Optional[int] = None) -> HttpResponse:
    body = template("activities_search")
    base = body["data"]["activities"][0]
    body["data"] = {
        "activities": [{**base, "id": activity_id} for activity_id in ids],
        "next_page_token": next_page_token,
        "total_count": len(ids) if total is None else total,
    }
    return HttpResponse(json.dumps(body), 200)


def detail_answer(activity_id: str, **fields: Any) -> HttpResponse:
    body = template("activity_detail")
    body["data"].update(activity_id=activity_id, **fields)
    return HttpResponse(json.dumps(body), 200)


@freeze_time(NOW)
class PromotionActivitiesTest(TikTokShopMockServerTest):
    def read_activities(self):
        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)
        self.assert_clean(output)
        return output

    @HttpMocker()
    def test_page_size_and_page_token_go_in_the_body_not_the_query(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # The requests match only with exactly this query (shop_cipher and the signature) and this body.
        calls = [
            self.mock(http_mocker, search(), activities_page(["A-1"], next_page_token="page-2", total=2)),
            self.mock(http_mocker, search("page-2"), activities_page(["A-2"], total=2)),
            *(self.mock(http_mocker, detail(aid), detail_answer(aid)) for aid in ("A-1", "A-2")),
        ]

        output = self.read_activities()

        self.assertEqual(self.rows(output, "id", "shop_id"), [("A-1", SHOP_A), ("A-2", SHOP_A)])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_the_merge_keeps_the_search_id_and_times_and_nests_the_details_products(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, search(), activities_page(["A-1"]))
        call = self.mock(http_mocker, detail("A-1"), detail_answer("A-1"))

        output = self.read_activities()

        (activity,) = [r.record.data for r in output.records]
        # Only in the search item: its `id` (the key), times and limits.
        self.assertEqual(activity["id"], "A-1")
        self.assertEqual((activity["begin_time"], activity["end_time"], activity["update_time"]), (1661756811, 1661856811, 1661750811))
        self.assertEqual(activity["participation_limit"], [{"type": "BUYER_NO_LIMIT"}])
        # Only in the detail: `activity_id`, the target users and the products with their SKUs, nested as sent.
        self.assertEqual(activity["activity_id"], "A-1")
        self.assertEqual(activity["target_user_info"], {"user_type": "ALL_USER"})
        self.assertEqual(
            activity["products"],
            [
                {
                    "id": "7136011254174631686",
                    "quantity_limit": -1,
                    "quantity_per_user": -1,
                    "skus": [
                        {
                            "id": "7136382541418366725",
                            "activity_price": {"amount": "70500", "currency": "IDR"},
                            "quantity_limit": 10,
                            "quantity_per_user": 1,
                        }
                    ],
                }
            ],
        )
        # In both: the detail's.
        self.assertEqual(activity["title"], "Detail title")
        http_mocker.assert_number_of_calls(call, 1)

    @HttpMocker()
    def test_a_detail_without_its_activity_id_is_asked_again(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, search(), activities_page(["A-1"]))
        broken = template("activity_detail")
        broken["data"] = {}
        call = self.mock(http_mocker, detail("A-1"), [HttpResponse(json.dumps(broken), 200), detail_answer("A-1")])

        output = self.read_activities()

        self.assertEqual(self.rows(output, "id", "activity_id"), [("A-1", "A-1")])
        http_mocker.assert_number_of_calls(call, 2)
