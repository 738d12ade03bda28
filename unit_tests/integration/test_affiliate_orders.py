"""Mock-server tests of `affiliate_orders`: POST /affiliate_seller/202410/orders/search by create_time window (the only
filter TikTok has), 100 a page, re-reading `affiliate_orders_lookback_days` (30 by default) before the cursor so that
status and commission changes of recent orders are caught."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .response_builder import page, template

EARLY_START = "2023-06-01T00:00:00Z"


@freeze_time(NOW)
class AffiliateOrdersTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "affiliate_orders"
    LOOKBACK_FLOOR = 30 * DAY

    def read_after(self, cursor: int, config: ConfigBuilder):
        return self.read(config.with_start_date(EARLY_START).build(), self.STREAM, state=self.per_shop("create_time", cursor))

    @HttpMocker()
    def test_the_option_sets_the_lookback_and_the_lookback_window_is_the_floor(self, http_mocker: HttpMocker) -> None:
        cursor = NOW_EPOCH - DAY
        self.mock_shops(http_mocker, A)
        five = self.mock(http_mocker, self.search(cursor - 5 * DAY, NOW_EPOCH), page(self.STREAM, self.row("AFF-1", cursor - DAY)).build())

        output = self.read_after(cursor, ConfigBuilder().with_option("affiliate_orders_lookback_days", 5))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "status"), [("AFF-1", "COMPLETED")])
        http_mocker.assert_number_of_calls(five, 1)
        self.assertEqual(self.final_state(output), self.per_shop("create_time", NOW_EPOCH))

    @HttpMocker()
    def test_a_longer_lookback_window_wins_over_a_shorter_option(self, http_mocker: HttpMocker) -> None:
        cursor = NOW_EPOCH - DAY
        self.mock_shops(http_mocker, A)
        ten = self.mock(http_mocker, self.search(cursor - 10 * DAY, NOW_EPOCH), page(self.STREAM).build())

        config = ConfigBuilder().with_option("affiliate_orders_lookback_days", 2).with_lookback_days(10)
        output = self.read_after(cursor, config)

        self.assert_clean(output)
        http_mocker.assert_number_of_calls(ten, 1)

    @HttpMocker()
    def test_an_order_is_one_record_with_its_skus_nested_as_tiktok_sends_them(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.search(START, NOW_EPOCH), page(self.STREAM, self.row("AFF-2")).build())

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        (record,) = [r.record.data for r in output.records]
        sent = template("affiliate_orders_search")["data"]["orders"][0]
        self.assertEqual(record["skus"], sent["skus"])
        self.assertEqual((record["id"], record["shop_id"], record["delivery_time"]), ("AFF-2", SHOP_A, sent["delivery_time"]))
        self.assertEqual(record["skus"][0]["actual_paid_commission"], {"amount": "5.88", "currency": "USD"})
