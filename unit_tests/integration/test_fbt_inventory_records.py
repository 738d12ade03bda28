"""Mock-server tests of `fbt_inventory_records`: POST /fbt/202410/inventory_records/search by `create_time`
window, the bounds in the body as Unix seconds, both inclusive (`create_time_le` = window end - 1), page size and
token in the query; per-shop state; a `record_id` made from the fields that identify a record (TikTok gives none)."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.test.mock_http.response_builder import FieldPath
from freezegun import freeze_time

from source_tiktok_shop.streams.fbt import inventory_record_id

from .base import CIPHER_B, NOW, NOW_EPOCH, SEA, SHOP_A, SHOP_B, A, B
from .behaviours import WindowedSearchBehaviour
from .config import DAY, START, ConfigBuilder
from .fbt import FbtMockServerTest
from .request_builder import RequestBuilder
from .response_builder import page, template

STREAM = "fbt_inventory_records"


@freeze_time(NOW)
class FbtInventoryRecordsTest(WindowedSearchBehaviour, FbtMockServerTest):
    STREAM = STREAM
    # The behaviour's `key`: records are marked by warehouse id in these tests.
    KEY = "fbt_warehouse_id"

    @HttpMocker()
    def test_the_window_is_sent_in_seconds_in_the_body_with_an_inclusive_end(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # RequestBuilder.search sends `create_time_le` = end - 1: exactly the bounds the spec names, nothing else.
        search = self.mock(http_mocker, self.search(START, NOW_EPOCH), page(STREAM, self.row("W-1")).build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        http_mocker.assert_number_of_calls(search, 1)
        self.assertEqual(self.final_state(output), self.per_shop("create_time", NOW_EPOCH))

    @HttpMocker()
    def test_record_id_is_the_digest_of_the_identifying_fields_and_differs_per_movement(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        # One order moving the same goods twice in one second: the quantities tell the two records apart.
        first = self.row("W-1").with_field(FieldPath("initial_on_hand_quantity"), 10).with_field(FieldPath("final_on_hand_quantity"), 12)
        second = self.row("W-1").with_field(FieldPath("initial_on_hand_quantity"), 12).with_field(FieldPath("final_on_hand_quantity"), 14)
        self.mock(http_mocker, self.search(START, NOW_EPOCH), page(STREAM, first, second).build())

        output = self.read(ConfigBuilder().build(), STREAM)

        self.assert_clean(output)
        ids = [r.record.data["record_id"] for r in output.records]
        self.assertEqual(len(set(ids)), 2)
        raw = template("fbt_inventory_records_search")["data"]["inventory_records"][0]
        expected = inventory_record_id({**raw, "fbt_warehouse_id": "W-1", "create_time": START + 60, "final_on_hand_quantity": 12})
        self.assertEqual(ids[0], expected)
        self.assertTrue(all(len(i) == 32 for i in ids))

    @HttpMocker()
    def test_the_same_record_read_twice_keeps_its_id(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.search(START, NOW_EPOCH + 1), [page(STREAM, self.row("W-1")).build()] * 2)

        first = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)
        second = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assertEqual(self.rows(first, "record_id"), self.rows(second, "record_id"))

    @HttpMocker()
    def test_each_shop_keeps_its_own_cursor_and_a_shop_not_onboarded_gets_none(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A, B, SEA)
        cursor_b = NOW_EPOCH - DAY
        self.mock(http_mocker, self.search(START, NOW_EPOCH), page(STREAM, self.row("W-A")).build())
        self.mock(
            http_mocker,
            RequestBuilder.search(STREAM, CIPHER_B, cursor_b, NOW_EPOCH),
            page(STREAM, self.row("W-B", cursor_b + 5)).build(),
        )

        output = self.read(ConfigBuilder().with_concurrency(1).build(), STREAM, state={"shops": {SHOP_B: {"create_time": cursor_b}}})

        self.assert_clean(output)
        self.assertEqual(sorted(self.rows(output, "fbt_warehouse_id", "shop_id")), [("W-A", SHOP_A), ("W-B", SHOP_B)])
        self.assertEqual(self.final_state(output), {"shops": {SHOP_A: {"create_time": NOW_EPOCH}, SHOP_B: {"create_time": NOW_EPOCH}}})
        # The skipped shop has no state (no cursor to move).
        self.assertEqual(len(self.skip_lines(output)), 1)
