"""The authorized shops and the subset the config selects, looked up once per source instance."""

from __future__ import annotations

import threading
from typing import List, Optional, Sequence

from airbyte_cdk.models import FailureType
from airbyte_cdk.utils import AirbyteTracedException

from .client import Shop, TikTokShopClient

SHOPS_PATH = "/authorization/202309/shops"


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
        records = self.authorized_records(stream)
        if not self._selected_ids:
            return records
        by_id = {str(record.get("id")): record for record in records}
        unknown = [shop_id for shop_id in self._selected_ids if shop_id not in by_id]
        if unknown:
            authorized = ", ".join(f"{r.get('id')} ({r.get('name') or 'unnamed'}, {r.get('region') or '?'})" for r in records)
            message = (
                f"`shop_ids` lists shop(s) this authorization does not cover: {', '.join(unknown)}. "
                f"Authorized shops: {authorized or 'none'}. Remove the unknown ids, or have the seller authorize the app for those shops."
            )
            raise AirbyteTracedException(message=message, internal_message=message, failure_type=FailureType.config_error)
        return [by_id[shop_id] for shop_id in self._selected_ids]

    def selected(self, stream: str = "shops") -> List[Shop]:
        return [Shop.from_api(record) for record in self.selected_records(stream)]
