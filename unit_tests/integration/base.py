"""Shared fixtures of the mock-server tests: the shops, a read helper, exact mocks, and no real sleeping."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from unittest import TestCase
from unittest.mock import patch

from airbyte_cdk.models import AirbyteStateMessage, SyncMode
from airbyte_cdk.test.catalog_builder import CatalogBuilder
from airbyte_cdk.test.entrypoint_wrapper import EntrypointOutput, read
from airbyte_cdk.test.mock_http import HttpMocker, HttpRequest, HttpResponse
from airbyte_cdk.test.state_builder import StateBuilder

from source_tiktok_shop.source import SourceTiktokShop

from .config import DAY, START
from .request_builder import RequestBuilder
from .response_builder import shops_response

SHOP_A = "7495274531001436791"
CIPHER_A = "ROW_aiVo7gAAAAB2vvlFyfTxbVr4ZFHoDbhK"
SHOP_B = "7495274531001436792"
CIPHER_B = "ROW_kQx2pAAAAAC9bnd1rEcUqM7ZxWvTyHsL"
SHOP_SEA = "7495274531001436793"
CIPHER_SEA = "ROW_vN8rTAAAAADk3cWq1mZpLx0yHbGfRsJe"

# (id, cipher, region) as GET /authorization/202309/shops lists them.
A = (SHOP_A, CIPHER_A, "GB")
B = (SHOP_B, CIPHER_B, "US")
SEA = (SHOP_SEA, CIPHER_SEA, "VN")

# The instant most tests are frozen at: three days after the config's start_date.
NOW = "2024-01-04T00:00:00Z"
NOW_EPOCH = START + 3 * DAY
# A start_date for the analytics tables, whose days are the shop's: at noon UTC or later, start_date's UTC day
# and the day 12 hours earlier (a shop at UTC-12) coincide, so the first day asked for is 2024-01-01 whether
# the connector takes the UTC day or allows for shops behind UTC.
ANALYTICS_START = "2024-01-01T12:00:00Z"


class TikTokShopMockServerTest(TestCase):
    def setUp(self) -> None:
        # Retries (refresh, transient codes) back off with time.sleep; never wait for real.
        sleeper = patch("time.sleep")
        self.sleep = sleeper.start()
        self.addCleanup(sleeper.stop)

    @staticmethod
    def mock(http_mocker: HttpMocker, request: RequestBuilder, responses: Union[HttpResponse, List[HttpResponse]]) -> HttpRequest:
        """Mock one exact request (by its method); the built request is returned for assert_number_of_calls."""
        built = request.build()
        getattr(http_mocker, request.method.lower())(built, responses)
        return built

    @classmethod
    def mock_shops(cls, http_mocker: HttpMocker, *shops: Tuple[str, str, str]) -> HttpRequest:
        return cls.mock(http_mocker, RequestBuilder.shops(), shops_response(*(shops or (A,))))

    @staticmethod
    def read(
        config: Mapping[str, Any],
        stream: str,
        sync_mode: SyncMode = SyncMode.incremental,
        state: Optional[Dict[str, Any]] = None,
        expecting_exception: bool = False,
    ) -> EntrypointOutput:
        catalog = CatalogBuilder().with_stream(stream, sync_mode).build()
        state_messages: Optional[List[AirbyteStateMessage]] = (
            StateBuilder().with_stream_state(stream, state).build() if state is not None else None
        )
        return read(SourceTiktokShop(), dict(config), catalog, state_messages, expecting_exception)

    def assert_clean(self, output: EntrypointOutput) -> None:
        errors = [error.trace.error.message for error in output.errors]
        self.assertEqual(errors, [], f"the read reported errors; last logs: {[log.log.message for log in output.logs[-5:]]}")

    @staticmethod
    def final_state(output: EntrypointOutput) -> Dict[str, Any]:
        return _plain(output.most_recent_state.stream_state)

    @staticmethod
    def checkpoints(output: EntrypointOutput) -> List[Dict[str, Any]]:
        """Every state the read emitted, in order, as plain dicts."""
        return [_plain(message.state.stream.stream_state) for message in output.state_messages]

    @staticmethod
    def rows(output: EntrypointOutput, *fields: str) -> List[Tuple[Any, ...]]:
        """The emitted records as tuples of `fields`, in the order they were emitted."""
        return [tuple(r.record.data.get(name) for name in fields) for r in output.records]

    @staticmethod
    def per_shop(cursor: str, value: Any, shops: Sequence[str] = (SHOP_A,)) -> Dict[str, Any]:
        """Per-shop state: {"shops": {<shop_id>: {<cursor>: value}}}."""
        return {"shops": {shop: {cursor: value} for shop in shops}}


def _plain(value: Any) -> Any:
    """AirbyteStateBlob (possibly nested) -> plain dicts."""
    if hasattr(value, "__dict__") and not isinstance(value, (dict, list, str, int, float)):
        value = value.__dict__
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
