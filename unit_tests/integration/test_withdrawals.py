"""Mock-server tests of `withdrawals`: GET /finance/202309/withdrawals by create_time window, all four types."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import NOW, NOW_EPOCH, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import START, ConfigBuilder
from .response_builder import error_response, page


@freeze_time(NOW)
class WithdrawalsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "withdrawals"

    @HttpMocker()
    def test_a_transient_error_code_in_http_200_is_retried_and_the_page_read_once(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        call = self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH),
            [error_response(36009003, "Internal error"), page(self.STREAM, self.row("W-1")).build()],
        )

        output = self.read(ConfigBuilder().build(), self.STREAM)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id"), [("W-1",)])
        http_mocker.assert_number_of_calls(call, 2)
        self.assertEqual(self.final_state(output), self.per_shop("create_time", NOW_EPOCH))
