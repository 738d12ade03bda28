"""The authorized shops and the subset the config selects, looked up once per source instance."""

from __future__ import annotations

import threading
from typing import List, Optional, Sequence

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from .client import Shop, TikTokShopClient
from .config import clip

SHOPS_PATH = "/authorization/202309/shops"
# How many unknown ids / authorized shops a message lists before "and N more", and how much of each.
MAX_LISTED = 10
CLIP = 40

NO_SHOP_MESSAGE = (
    "The authorization (`credentials.refresh_token`) covers no shop: TikTok lists no shop for it. Have the seller "
    "authorize the app for at least one shop in TikTok Shop Seller Center, then paste the new refresh token into "
    "`credentials.refresh_token`."
)


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _config_error(message: str) -> AirbyteTracedException:
    return AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)


class ShopDirectory:
    def __init__(self, client: TikTokShopClient, selected_ids: Sequence[str]) -> None:
        self._client = client
        self._selected_ids = [str(shop_id) for shop_id in selected_ids]
        self._authorized: Optional[List[dict]] = None
        self._lock = threading.Lock()

    def authorized_records(self, stream: str = "shops") -> List[dict]:
        """The raw `shops[]` records of GET /authorization/202309/shops (one call, then cached)."""
        with self._lock:
            if self._authorized is None:
                data = self._client.request("GET", SHOPS_PATH, stream=stream)
                self._authorized = list(data.get("shops") or [])
            return self._authorized

    def selected_records(self, stream: str = "shops") -> List[dict]:
        """The selected shops' records; a config error if the authorization covers none, or not a selected one."""
        records = self.authorized_records(stream)
        if not records:
            # Not an empty sync: nothing could ever be read until the seller authorizes a shop.
            raise _config_error(NO_SHOP_MESSAGE)
        if not self._selected_ids:
            return records
        by_id = {str(record.get("id")): record for record in records}
        unknown = [shop_id for shop_id in self._selected_ids if shop_id not in by_id]
        if unknown:
            authorized = _listed(
                [
                    f"{clip(r.get('id'), CLIP)} ({clip(r.get('name') or 'unnamed', CLIP)}, {clip(r.get('region') or '?', CLIP)})"
                    for r in records
                ]
            )
            message = (
                f"`shop_ids` lists {len(unknown)} shop(s) this authorization does not cover: {_listed([clip(i, CLIP) for i in unknown])}. "
                f"Authorized shops: {authorized}. Remove the unknown ids, or have the seller authorize the app for those shops."
            )
            raise _config_error(message)
        return [by_id[shop_id] for shop_id in self._selected_ids]

    def selected(self, stream: str = "shops") -> List[Shop]:
        return [Shop.from_api(record) for record in self.selected_records(stream)]
