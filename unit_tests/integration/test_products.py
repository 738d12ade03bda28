"""Mock-server tests of `products`: POST /product/202309/products/search (inclusive `update_time_le`),
then GET /product/202309/products/{product_id} per product; windows past the 10,000-result cap."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import detail_response, error_response, page, record

STREAM = "products"
NOW_10D = START + 10 * DAY  # 2024-01-11T00:00:00Z


def search(start: int, end: int, page_token: str = None) -> RequestBuilder:
    return RequestBuilder.search(STREAM, CIPHER_A, start, end, page_token)


def summaries(*products):
    """A search page of (id, status) summaries."""
    return page(STREAM, *(record(STREAM, product_id, 1704100000, status=status) for product_id, status in products))


@freeze_time(NOW)
class ProductsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM

    def child_call(self, record_id: str, **fields):
        detail = detail_response("product_detail", id=record_id, status="ACTIVATE", title=f"Detail of {record_id}")
        return RequestBuilder.product_detail(CIPHER_A, record_id), detail

    @HttpMocker()
    def test_freeze_and_deleted_come_from_the_summary_others_from_the_detail_call(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # The window [START, now) is asked as update_time_le = now - 1: the search's upper bound is inclusive.
        found = summaries(
            ("P-active", "ACTIVATE"), ("P-frozen", "FREEZE"), ("P-deleted", "DELETED"), ("P-deactivated", "SELLER_DEACTIVATED")
        )
        search_call = self.mock(http_mocker, search(START, NOW_EPOCH), found.build())
        # Only these two are asked for: a detail call for a frozen or deleted product is not mocked, so it would fail the read.
        self.mock_children(http_mocker, ["P-active", "P-deactivated"])

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
        http_mocker.assert_number_of_calls(search_call, 1)
        for detail in self.children.values():
            http_mocker.assert_number_of_calls(detail, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))

    @HttpMocker()
    def test_fields_only_the_search_returns_are_kept_beside_the_detail(self, http_mocker: HttpMocker) -> None:
        # POST /product/202309/products/search alone carries `sales_regions` and `product_sync_fail_reasons`;
        # GET /product/202309/products/{product_id} does not, and its fields win where both have one.
        self.mock_shops(http_mocker, A)
        summary = record(
            STREAM,
            "P-1",
            1704100000,
            status="ACTIVATE",
            title="Search summary title",
            sales_regions=["US"],
            product_sync_fail_reasons=["Images are too small"],
        )
        self.mock(http_mocker, search(START, NOW_EPOCH), page(STREAM, summary).build())
        self.mock_children(http_mocker, ["P-1"])

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        (product,) = [r.record.data for r in output.records]
        self.assertEqual(product["sales_regions"], ["US"])
        self.assertEqual(product["product_sync_fail_reasons"], ["Images are too small"])
        self.assertEqual(product["title"], "Detail of P-1")
        self.assertIn("description", product)

    @freeze_time("2024-01-11T00:00:00Z")
    @HttpMocker()
    def test_windows_past_the_10000_cap_are_split_by_total_count_and_by_12052180(self, http_mocker: HttpMocker) -> None:
        half, quarter = 5 * DAY, 5 * DAY // 2
        self.mock_shops(http_mocker, A)
        calls = [
            # 1. [START, now) reports 12,000 matches: nothing from it may be emitted (no detail call either).
            self.mock(
                http_mocker,
                search(START, NOW_10D),
                summaries(("X-capped", "ACTIVATE")).with_total_count(12000).with_next_page_token("capped2").build(),
            ),
            # 2. Half the span, [START, START + 5d): small.
            self.mock(http_mocker, search(START, START + half), summaries(("P-1", "ACTIVATE")).build()),
            # 3. [START + 5d, now): page 1 fine, page 2 answers 12052180 (deep paging past 10,000).
            self.mock(
                http_mocker,
                search(START + half, NOW_10D),
                summaries(("P-2", "ACTIVATE")).with_total_count(2).with_next_page_token("w2p2").build(),
            ),
            self.mock(
                http_mocker,
                search(START + half, NOW_10D, "w2p2"),
                error_response(12052180, "The number of search results exceeds 10,000; narrow the search."),
            ),
            # 4. That window again, halved: [START + 5d, START + 7.5d) and [START + 7.5d, now).
            self.mock(http_mocker, search(START + half, START + half + quarter), summaries(("P-2", "ACTIVATE")).build()),
            self.mock(http_mocker, search(START + half + quarter, NOW_10D), summaries(("P-3", "ACTIVATE")).build()),
        ]
        self.mock_children(http_mocker, ["P-1", "P-3"])
        self.mock_children(http_mocker, ["P-2"], calls=2)

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        ids = [row[0] for row in self.rows(output, "id")]
        self.assertNotIn("X-capped", ids)
        # Each successful window's records exactly once. P-2 appears twice: once from page 1 of the
        # walk that 12052180 aborted (already emitted when page 2 failed), once from its half-window.
        self.assertEqual(ids, ["P-1", "P-2", "P-2", "P-3"])
        for call in calls:
            http_mocker.assert_number_of_calls(call, 1)
        http_mocker.assert_number_of_calls(self.children["P-2"], 2)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_10D))
