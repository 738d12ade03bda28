"""Mock-server tests of `returns`: POST /return_refund/202309/returns/search, by update_time window, 50 a page."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, NOW_EPOCH, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, ConfigBuilder
from .response_builder import page


@freeze_time(NOW)
class ReturnsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "returns"

    @HttpMocker()
    def test_the_lookback_window_restarts_the_search_before_the_cursor(self, http_mocker: HttpMocker) -> None:
        cursor = NOW_EPOCH - DAY
        self.mock_shops(http_mocker, A)
        search = self.mock(
            http_mocker, self.search(cursor - 2 * DAY, NOW_EPOCH), page(self.STREAM, self.row("R-reread", cursor - DAY)).build()
        )

        output = self.read(ConfigBuilder().with_lookback_days(2).build(), self.STREAM, state=self.per_shop("update_time", cursor))

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "return_id"), [("R-reread",)])
        http_mocker.assert_number_of_calls(search, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH))
