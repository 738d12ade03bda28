"""Mock-server tests of `fbt_inventory`: POST /fbt/202408/inventory/search without filters (none is required:
every subscribed warehouse, every goods with stock), page size and token in the query, one record per goods and
warehouse with `goods.id` copied to `goods_id` for the key."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.test.mock_http.response_builder import FieldPath, NestedPath
from freezegun import freeze_time

from .base import NOW, SHOP_A, A
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .fbt import FbtMockServerTest
from .response_builder import page, record

STREAM = "fbt_inventory"


@freeze_time(NOW)
class FbtInventoryTest(ShopListBehaviour, FbtMockServerTest):
    STREAM = STREAM
    PAGINATED = True

    @HttpMocker()
    def test_goods_id_is_copied_from_goods_for_the_primary_key(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        rows = [
            record(STREAM, "WH-1").with_field(NestedPath(["goods", "id"]), "G-1"),
            record(STREAM, "WH-1").with_field(NestedPath(["goods", "id"]), "G-2"),
        ]
        self.mock(http_mocker, self.first_page(), page(STREAM, *rows).build())

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "shop_id", "fbt_warehouse_id", "goods_id"), [(SHOP_A, "WH-1", "G-1"), (SHOP_A, "WH-1", "G-2")])
        data = output.records[0].record.data
        self.assertEqual(
            data["goods"]["skus"][0]["on_hand_detail"], {"available_quantity": 5, "reserved_quantity": 15, "total_quantity": 20}
        )
        self.assertEqual(data["on_hand_detail"]["unfulfillable_quantity"], 0)

    @HttpMocker()
    def test_an_item_without_goods_id_stops_the_read_naming_the_key(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.first_page(), page(STREAM, record(STREAM, "WH-1").with_field(FieldPath("goods"), None)).build())

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh, expecting_exception=True)

        self.assertEqual(output.records, [])
        self.assertTrue(
            any("`goods_id`" in error.trace.error.message for error in output.errors), [e.trace.error.message for e in output.errors]
        )
