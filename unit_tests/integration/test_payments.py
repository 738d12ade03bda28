"""Mock-server tests of `payments`: GET /finance/202309/payments by create_time window, a 7-day minimum
re-read (a payment's status settles later), and no call for South-East Asian shops."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, NOW_EPOCH, SEA, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .response_builder import page


@freeze_time(NOW)
class PaymentsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "payments"
    LOOKBACK_FLOOR = 7 * DAY

    @HttpMocker()
    def test_a_south_east_asian_shop_is_skipped_without_a_call(self, http_mocker: HttpMocker) -> None:
        # Nothing is mocked for the VN shop: a call for it would fail the read.
        self.mock_shops(http_mocker, A, SEA)
        call = self.mock(http_mocker, self.search(START, NOW_EPOCH), page(self.STREAM, self.row("PAY-A")).build())

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "shop_id"), [("PAY-A", SHOP_A)])
        http_mocker.assert_number_of_calls(call, 1)
        self.assertTrue(any("does not offer this table" in log.log.message for log in output.logs))
