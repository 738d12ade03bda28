"""Mock-server tests of `fbt_warehouses`: GET /fbt/202408/warehouses, one unpaged call per shop onboarded to
Fulfilled by TikTok, after GET /fbt/202409/merchants/onboarded_regions (asked once per shop for all FBT tables);
a shop not onboarded is skipped with one log line per table, whichever form the empty answer takes."""

from __future__ import annotations

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker
from freezegun import freeze_time

from .base import CIPHER_A, CIPHER_SEA, NOW, SEA, SHOP_A, SHOP_SEA, A, TikTokShopMockServerTest
from .behaviours import ShopListBehaviour
from .config import ConfigBuilder
from .fbt import FBT_TABLES, FbtMockServerTest, not_onboarded, onboarded, onboarded_request
from .request_builder import RequestBuilder
from .response_builder import error_response, page, record, shops_response

STREAM = "fbt_warehouses"


@freeze_time(NOW)
class FbtWarehousesTest(ShopListBehaviour, FbtMockServerTest):
    STREAM = STREAM
    PAGINATED = False

    @HttpMocker()
    def test_records_keep_every_spec_field_and_carry_shop_id(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, self.first_page(), page(STREAM, record(STREAM, "121219993203023")).build())

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        (row,) = [r.record.data for r in output.records]
        self.assertEqual(row["shop_id"], SHOP_A)
        self.assertEqual(row["warehouse_ids"], ["161213293423029", "181213293423030"])
        self.assertEqual(row["addresses"][0]["address_line_1"], "1420 Tamarind Ave, Rialto, San Bernardino")
        self.assertEqual(row["logistics_services"][0]["subscribed"], True)

    @HttpMocker()
    def test_a_shop_not_onboarded_is_skipped_with_one_log_line_and_no_fbt_call(self, http_mocker: HttpMocker) -> None:
        # Nothing but onboarded_regions is mocked for the VN shop: any FBT list call for it would fail the read.
        self.mock_shops(http_mocker, A, SEA)
        call = self.mock(http_mocker, self.first_page(), page(STREAM, self.row("W-A")).build())

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "fbt_warehouse_id", "shop_id"), [("W-A", SHOP_A)])
        http_mocker.assert_number_of_calls(call, 1)
        (line,) = self.skip_lines(output)
        self.assertIn(SHOP_SEA, line)
        self.assertIn("not onboarded to Fulfilled by TikTok", line)


@freeze_time(NOW)
class FbtOnboardingTest(TikTokShopMockServerTest):
    """How the onboarded_regions answer decides which shops the FBT tables read."""

    def read_warehouses(self, http_mocker: HttpMocker, answer):
        self.mock_shops(http_mocker, A)
        gate = self.mock(http_mocker, onboarded_request(CIPHER_A), answer)
        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)
        self.assert_clean(output)
        http_mocker.assert_number_of_calls(gate, 1)
        return output

    def assert_skipped(self, output, *words: str) -> None:
        self.assertEqual(output.records, [])
        lines = [log.log.message for log in output.logs if "skipping shop" in log.log.message]
        self.assertEqual(len(lines), 1, lines)
        for word in words:
            self.assertIn(word, lines[0])

    @HttpMocker()
    def test_empty_data_object_means_not_onboarded(self, http_mocker: HttpMocker) -> None:
        self.assert_skipped(self.read_warehouses(http_mocker, not_onboarded({})), SHOP_A, "lists no region")

    @HttpMocker()
    def test_data_left_out_means_not_onboarded_not_a_malformed_answer(self, http_mocker: HttpMocker) -> None:
        self.assert_skipped(self.read_warehouses(http_mocker, not_onboarded(None)), SHOP_A, "lists no region")

    @HttpMocker()
    def test_an_empty_region_list_means_not_onboarded(self, http_mocker: HttpMocker) -> None:
        self.assert_skipped(self.read_warehouses(http_mocker, not_onboarded({"onboarded_regions": []})), SHOP_A, "lists no region")

    @HttpMocker()
    def test_onboarded_in_another_region_only_skips_the_shop_and_names_the_regions(self, http_mocker: HttpMocker) -> None:
        output = self.read_warehouses(http_mocker, onboarded("US", "MX"))
        self.assert_skipped(output, SHOP_A, "US, MX", "region GB")

    @HttpMocker()
    def test_region_codes_match_whatever_their_case(self, http_mocker: HttpMocker) -> None:
        self.mock(http_mocker, RequestBuilder.endpoint(STREAM, CIPHER_A), page(STREAM, record(STREAM, "W-1")).build())
        output = self.read_warehouses(http_mocker, onboarded("gb"))
        self.assertEqual(len(output.records), 1)

    @HttpMocker()
    def test_onboarded_regions_is_asked_once_per_shop_for_all_three_tables(self, http_mocker: HttpMocker) -> None:
        self.mock(http_mocker, RequestBuilder.shops(), shops_response(A, SEA))
        gate_a = self.mock(http_mocker, onboarded_request(CIPHER_A), onboarded("GB"))
        gate_sea = self.mock(http_mocker, onboarded_request(CIPHER_SEA), not_onboarded())
        warehouses = self.mock(http_mocker, RequestBuilder.endpoint(STREAM, CIPHER_A), page(STREAM, record(STREAM, "W-1")).build())
        inventory = self.mock(
            http_mocker,
            RequestBuilder.endpoint("fbt_inventory", CIPHER_A),
            page("fbt_inventory", record("fbt_inventory", "W-1")).build(),
        )
        records = self.mock(
            http_mocker,
            RequestBuilder.search("fbt_inventory_records", CIPHER_A, 1704067200, 1704067200 + 3 * 86400 + 1),
            page("fbt_inventory_records", record("fbt_inventory_records", "W-1", 1704067300)).build(),
        )

        output = FbtMockServerTest.read_tables(ConfigBuilder().build(), FBT_TABLES)

        self.assert_clean(output)
        self.assertEqual(sorted(r.record.stream for r in output.records), sorted(FBT_TABLES))
        for call in (gate_a, gate_sea, warehouses, inventory, records):
            http_mocker.assert_number_of_calls(call, 1)
        # One line per table for the shop that is not onboarded, none for the other.
        lines = FbtMockServerTest.skip_lines(output)
        self.assertEqual(sorted(line.split(":")[0] for line in lines), sorted(FBT_TABLES))
        self.assertTrue(all(SHOP_SEA in line for line in lines))

    @HttpMocker()
    def test_a_missing_scope_on_onboarded_regions_skips_every_fbt_table_with_one_call(self, http_mocker: HttpMocker) -> None:
        self.mock(http_mocker, RequestBuilder.shops(), shops_response(A, SEA))
        refused = error_response(105005, "Access denied. The app is not authorized to access the endpoint.", 403)
        gate_a = self.mock(http_mocker, onboarded_request(CIPHER_A), refused)

        output = FbtMockServerTest.read_tables(ConfigBuilder().with_concurrency(1).build(), FBT_TABLES)

        self.assert_clean(output)
        self.assertEqual(output.records, [])
        # Refused once for the app: the VN shop and the other two tables are not asked (no mock exists for them).
        http_mocker.assert_number_of_calls(gate_a, 1)
        warnings = [log.log.message for log in output.logs if "Fulfilled by TikTok" in log.log.message and "skipped" in log.log.message]
        self.assertEqual(sorted(w.split(":")[0] for w in warnings), sorted(FBT_TABLES))
