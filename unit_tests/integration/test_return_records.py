"""Mock-server tests of `return_records`: the returns of each update_time window
(POST /return_refund/202309/returns/search), then GET /return_refund/202309/returns/{return_id}/records for
every return found; records numbered by their place in the return's timeline, oldest first."""

from __future__ import annotations

from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, NOW, NOW_EPOCH, SHOP_A, A, TikTokShopMockServerTest
from .behaviours import WindowedSearchBehaviour
from .config import START, ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import detail_response, page, record

STREAM = "return_records"


def event(create_time: int, description: str, role: str = "BUYER") -> dict:
    return {
        "create_time": create_time,
        "description": description,
        "event": "ORDER_RETURN",
        "images": [],
        "note": "",
        "reason_text": "",
        "role": role,
        "videos": [],
    }


@freeze_time(NOW)
class ReturnRecordsTest(WindowedSearchBehaviour, TikTokShopMockServerTest):
    STREAM = STREAM
    SEARCH = "returns"
    KEY = "return_id"
    CURSOR = "return_update_time"

    def child_call(self, record_id: str, **fields):
        return RequestBuilder.return_records(CIPHER_A, record_id), detail_response(STREAM, **fields)

    @HttpMocker()
    def test_records_are_numbered_oldest_first_whichever_way_they_come_and_carry_their_return(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(
            http_mocker,
            self.search(START, NOW_EPOCH),
            page(
                "returns",
                record("returns", "R-new-first", START + 600, order_id="O-1"),
                record("returns", "R-old-first", START + 900, order_id="O-2"),
                record("returns", "R-empty", START + 950, order_id="O-3"),
            ).build(),
        )
        # Newest first, two events in the same second: they keep their order in time.
        self.mock_children(
            http_mocker,
            ["R-new-first"],
            records=[
                event(START + 600, "Refund completed", "SYSTEM"),
                event(START + 300, "Seller approved", "SELLER"),
                event(START + 300, "Buyer shipped the item"),
                event(START + 100, "Buyer requested a refund"),
            ],
        )
        self.mock_children(
            http_mocker, ["R-old-first"], records=[event(START + 200, "Buyer requested a refund"), event(START + 900, "Refund approved")]
        )
        self.mock_children(http_mocker, ["R-empty"], records=[])

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        self.assertEqual(
            self.rows(output, "return_id", "record_index", "description", "return_update_time", "order_id", "shop_id"),
            [
                ("R-new-first", 0, "Buyer requested a refund", START + 600, "O-1", SHOP_A),
                ("R-new-first", 1, "Buyer shipped the item", START + 600, "O-1", SHOP_A),
                ("R-new-first", 2, "Seller approved", START + 600, "O-1", SHOP_A),
                ("R-new-first", 3, "Refund completed", START + 600, "O-1", SHOP_A),
                ("R-old-first", 0, "Buyer requested a refund", START + 900, "O-2", SHOP_A),
                ("R-old-first", 1, "Refund approved", START + 900, "O-2", SHOP_A),
            ],
        )
        for records_call in self.children.values():
            http_mocker.assert_number_of_calls(records_call, 1)
        self.assertEqual(self.final_state(output), self.per_shop("return_update_time", NOW_EPOCH))
