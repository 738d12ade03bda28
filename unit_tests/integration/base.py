"""Shared fixtures of the mock-server tests: two shops, a read helper, and no real sleeping."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional
from unittest import TestCase
from unittest.mock import patch

from airbyte_cdk.models import AirbyteStateMessage, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.mock_http import HttpMocker
from airbyte_cdk.test.state_builder import StateBuilder

from source_tiktok_shop.source import SourceTiktokShop

from .request_builder import RequestBuilder
from .response_builder import shop_record, shops_response

SHOP_A = "7495274531001436791"
CIPHER_A = "ROW_aiVo7gAAAAB2vvlFyfTxbVr4ZFHoDbhK"
SHOP_B = "7495274531001436792"
CIPHER_B = "ROW_kQx2pAAAAAC9bnd1rEcUqM7ZxWvTyHsL"


class TikTokShopMockServerTest(TestCase):
    def setUp(self) -> None:
        # Retries (refresh, transient codes) back off with time.sleep; never wait for real.
        sleeper = patch("time.sleep")
        self.sleep = sleeper.start()
        self.addCleanup(sleeper.stop)

    @staticmethod
    def mock_shops(http_mocker: HttpMocker, *shops: tuple) -> None:
        shops = shops or ((SHOP_A, CIPHER_A),)
        http_mocker.get(
            RequestBuilder.shops().build(),
            shops_response(*(shop_record(shop_id, cipher, f"Shop {shop_id[-2:]}") for shop_id, cipher in shops)),
        )

    @staticmethod
    def read(
        config: Mapping[str, Any],
        stream: str,
        sync_mode: SyncMode = SyncMode.incremental,
        state: Optional[Dict[str, Any]] = None,
    ) -> EntrypointOutput:
        catalog = CatalogBuilder().with_stream(stream, sync_mode).build()
        state_messages: Optional[List[AirbyteStateMessage]] = (
            StateBuilder().with_stream_state(stream, state).build() if state is not None else None
        )
        return read(SourceTiktokShop(), dict(config), catalog, state_messages)

    def assert_clean(self, output: EntrypointOutput) -> None:
        errors = [error.trace.error.message for error in output.errors]
        self.assertEqual(errors, [], f"the read reported errors; last logs: {[log.log.message for log in output.logs[-5:]]}")

    @staticmethod
    def final_state(output: EntrypointOutput) -> Dict[str, Any]:
        return _plain(output.most_recent_state.stream_state)


def _plain(value: Any) -> Any:
    """AirbyteStateBlob (possibly nested) -> plain dicts."""
    if hasattr(value, "__dict__") and not isinstance(value, (dict, list, str, int, float)):
        value = value.__dict__
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
