"""SourceTiktokShop: config -> authenticated client -> streams."""

from __future__ import annotations

import logging
from typing import Any, List, Mapping, MutableMapping, Optional, Tuple

from airbyte_cdk.models import AirbyteConnectionStatus, AirbyteStateMessage, FailureType
from airbyte_cdk.sources import AbstractSource
from airbyte_cdk.sources.streams import Stream
from airbyte_cdk.utils import AirbyteTracedException

from .auth import TikTokShopAuthenticator
from .check import run_check
from .client import TikTokShopClient, timeouts
from .config import parse_config
from .policy import FieldPolicy
from .shop_directory import ShopDirectory
from .streams import STREAM_CLASSES, StreamContext
from .streams.base import load_schema

logger = logging.getLogger("airbyte")


class SourceTiktokShop(AbstractSource):
    def _context(self, config: Mapping[str, Any]) -> StreamContext:
        parsed = parse_config(config)
        # The authenticator writes refreshed tokens back into this very mapping, which the CDK then
        # emits as a CONNECTOR_CONFIG control message for Airbyte to persist.
        mutable_config: MutableMapping[str, Any] = config  # type: ignore[assignment]
        timeout = timeouts(parsed.request_timeout_seconds)
        authenticator = TikTokShopAuthenticator(
            mutable_config,
            parsed.auth_base_url,
            request_timeout=timeout,
            retry_base_seconds=parsed.retry_backoff_seconds,
            max_retries=parsed.max_retries,
        )
        client = TikTokShopClient(
            parsed.api_base_url,
            authenticator,
            logger,
            max_retries=parsed.max_retries,
            retry_base_seconds=parsed.retry_backoff_seconds,
            request_timeout=timeout,
            requests_per_second=parsed.requests_per_second,
            rate_mode=parsed.rate_mode,
        )
        policy = FieldPolicy.build(
            schemas={cls.name_for_class(): load_schema(cls.name_for_class()) for cls in STREAM_CLASSES},
            protected={cls.name_for_class(): cls.protected_fields() for cls in STREAM_CLASSES},
            hashed_fields=parsed.hashed_fields,
            blocked_fields=parsed.blocked_fields,
            pii_handling=parsed.pii_handling,
            salt=parsed.hash_salt,
        )
        return StreamContext(parsed, client, ShopDirectory(client, parsed.shop_ids), policy)

    @classmethod
    def read_state(cls, state_path: str) -> List[AirbyteStateMessage]:
        # The CDK's own reading ends in a traceback for a state that is not JSON or not a list of state
        # messages; per-table contents are checked later, by each table (state_checks.py).
        try:
            return super().read_state(state_path)
        except Exception as exc:  # noqa: BLE001 - any failure here means the same thing to the user
            reason = "it is not JSON" if "valid JSON" in str(exc) else "it is not a list of Airbyte state messages"
            message = (
                f"The saved state passed to this sync cannot be read: {reason}. Clear the connection's state (in Airbyte: "
                "the connection's settings, clear data) and sync again."
            )
            raise AirbyteTracedException(
                message=message, internal_message=f"{message} ({exc})", failure_type=FailureType.config_error
            ) from None

    def check(self, logger: logging.Logger, config: Mapping[str, Any]) -> AirbyteConnectionStatus:
        return run_check(self._context(config), STREAM_CLASSES, logger)

    def check_connection(self, logger: logging.Logger, config: Mapping[str, Any]) -> Tuple[bool, Optional[Any]]:
        status = self.check(logger, config)
        return status.status.value == "SUCCEEDED", status.message

    def streams(self, config: Mapping[str, Any]) -> List[Stream]:
        context = self._context(config)
        return [stream_class(context) for stream_class in STREAM_CLASSES]
