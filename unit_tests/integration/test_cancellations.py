"""Mock-server tests of `cancellations`: POST /return_refund/202309/cancellations/search, by update_time window."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_B, NOW, NOW_EPOCH, SHOP_A, SHOP_B, A, B, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record


@freeze_time(NOW)
class CancellationsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = "cancellations"

    @HttpMocker()
    def test_a_shop_without_a_cursor_starts_at_start_date_while_the_other_resumes_from_its_own(self, http_mocker: HttpMocker) -> None:
        cursor_a = START + 2 * DAY
        self.mock_shops(http_mocker, A, B)
        a_call = self.mock(
            http_mocker,
            RequestBuilder.search(self.STREAM, CIPHER_A, cursor_a, NOW_EPOCH),
            page(self.STREAM, record(self.STREAM, "C-A", cursor_a + 60)).build(),
        )
        b_call = self.mock(
            http_mocker,
            RequestBuilder.search(self.STREAM, CIPHER_B, START, NOW_EPOCH),
            page(self.STREAM, record(self.STREAM, "C-B", START + 60)).build(),
        )

        output = self.read(ConfigBuilder().build(), self.STREAM, state=self.per_shop("update_time", cursor_a))

        self.assert_clean(output)
        self.assertEqual(sorted(self.rows(output, "cancel_id", "shop_id")), [("C-A", SHOP_A), ("C-B", SHOP_B)])
        http_mocker.assert_number_of_calls(a_call, 1)
        http_mocker.assert_number_of_calls(b_call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("update_time", NOW_EPOCH, [SHOP_A, SHOP_B]))
