"""Mock-server tests of the `products` stream: inclusive window bound, the 10,000 cap, detail calls."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, SHOP_A, TikTokShopMockServerTest
from .config import DAY, START, ConfigBuilder
from .request_builder import PRODUCT_SEARCH_PATH, RequestBuilder, sent_requests
from .response_builder import error_response, product_detail_response, product_summary, products_search_response

STREAM = "products"
NOW_3D = START + 3 * DAY  # 2024-01-04T00:00:00Z
NOW_10D = START + 10 * DAY  # 2024-01-11T00:00:00Z
DETAIL_PREFIX = "/product/202309/products/"


def detail_calls(http_mocker: HttpMocker):
    return [s for s in sent_requests(http_mocker, method="GET") if s.path.startswith(DETAIL_PREFIX) and s.path != PRODUCT_SEARCH_PATH]


class ProductsTest(TikTokShopMockServerTest):
    def mock_details(self, http_mocker: HttpMocker, *product_ids: str, calls: int = 1) -> None:
        for product_id in product_ids:
            http_mocker.get(RequestBuilder.product_detail(product_id).build(), [product_detail_response(product_id)] * calls)

    @freeze_time("2024-01-04T00:00:00Z")
    @HttpMocker()
    def test_freeze_and_deleted_come_from_the_summary_others_from_the_detail_call(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker)
        # Product search's upper bound is inclusive: window [START, now) is asked as update_time_le = now - 1.
        http_mocker.post(
            RequestBuilder.product_search(START, NOW_3D - 1).build(),
            products_search_response().with_records(
                [
                    product_summary("P-active", "ACTIVATE"),
                    product_summary("P-frozen", "FREEZE"),
                    product_summary("P-deleted", "DELETED"),
                    product_summary("P-deactivated", "SELLER_DEACTIVATED"),
                ]
            ).build(),
        )
        self.mock_details(http_mocker, "P-active", "P-deactivated")

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        records = {r.record.data["id"]: r.record.data for r in output.records}
        self.assertEqual(list(records), ["P-active", "P-frozen", "P-deleted", "P-deactivated"])
        self.assertTrue(all(record["shop_id"] == SHOP_A for record in records.values()))
        # Detail records carry the detail-only fields; summaries are emitted as searched.
        self.assertEqual(records["P-active"]["title"], "Detail of P-active")
        self.assertIn("description", records["P-deactivated"])
        for summary_only in ("P-frozen", "P-deleted"):
            self.assertNotIn("description", records[summary_only])
            self.assertEqual(records[summary_only]["title"], "Search summary title")
        details = detail_calls(http_mocker)
        self.assertEqual([d.path for d in details], [DETAIL_PREFIX + "P-active", DETAIL_PREFIX + "P-deactivated"])
        self.assertTrue(all(d.query.get("shop_cipher") == CIPHER_A and d.query.get("sign") for d in details))
        (search,) = sent_requests(http_mocker, PRODUCT_SEARCH_PATH)
        self.assertEqual(search.body, {"update_time_ge": START, "update_time_le": NOW_3D - 1})
        self.assertEqual((search.query.get("shop_cipher"), search.query.get("page_size")), (CIPHER_A, "100"))
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"update_time": NOW_3D}}})

    @freeze_time("2024-01-11T00:00:00Z")
    @HttpMocker()
    def test_windows_past_the_10000_cap_are_split_by_total_count_and_by_12052180(self, http_mocker: HttpMocker) -> None:
        half, quarter = 5 * DAY, 5 * DAY // 2
        self.mock_shops(http_mocker)
        # 1. [START, now) reports 12,000 matches: nothing from it may be emitted (no detail call either).
        http_mocker.post(
            RequestBuilder.product_search(START, NOW_10D - 1).build(),
            products_search_response().with_record(product_summary("X-capped")).with_total_count(12000).with_next_page_token("capped2").build(),
        )
        # 2. Half the span, [START, START + 5d): small.
        http_mocker.post(
            RequestBuilder.product_search(START, START + half - 1).build(),
            products_search_response().with_record(product_summary("P-1")).build(),
        )
        # 3. [START + 5d, now): page 1 fine, page 2 answers 12052180 (deep paging past 10,000).
        http_mocker.post(
            RequestBuilder.product_search(START + half, NOW_10D - 1).build(),
            [
                products_search_response().with_record(product_summary("P-2")).with_total_count(2).with_next_page_token("w2p2").build(),
                error_response(12052180, "The number of search results exceeds 10,000; narrow the search."),
            ],
        )
        # 4. That window again, halved: [START + 5d, START + 7.5d) and [START + 7.5d, now).
        http_mocker.post(
            RequestBuilder.product_search(START + half, START + half + quarter - 1).build(),
            products_search_response().with_record(product_summary("P-2")).build(),
        )
        http_mocker.post(
            RequestBuilder.product_search(START + half + quarter, NOW_10D - 1).build(),
            products_search_response().with_record(product_summary("P-3")).build(),
        )
        self.mock_details(http_mocker, "P-1", "P-3")
        self.mock_details(http_mocker, "P-2", calls=2)

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        ids = [r.record.data["id"] for r in output.records]
        self.assertNotIn("X-capped", ids)
        # Each successful window's records exactly once. P-2 appears twice: once from page 1 of the
        # walk that 12052180 aborted (already emitted when page 2 failed), once from its half-window.
        self.assertEqual(ids, ["P-1", "P-2", "P-2", "P-3"])
        searches = sent_requests(http_mocker, PRODUCT_SEARCH_PATH)
        self.assertEqual(
            [(s.body["update_time_ge"], s.body["update_time_le"], s.query.get("page_token")) for s in searches],
            [
                (START, NOW_10D - 1, None),
                (START, START + half - 1, None),
                (START + half, NOW_10D - 1, None),
                (START + half, NOW_10D - 1, "w2p2"),
                (START + half, START + half + quarter - 1, None),
                (START + half + quarter, NOW_10D - 1, None),
            ],
        )
        self.assertTrue(all(s.query.get("shop_cipher") == CIPHER_A for s in searches))
        self.assertNotIn(DETAIL_PREFIX + "X-capped", [d.path for d in detail_calls(http_mocker)])
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"update_time": NOW_10D}}})
