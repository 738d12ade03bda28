"""Whether a shop is onboarded to Fulfilled by TikTok (FBT): asked once per shop per sync, for every FBT table.

GET /fbt/202409/merchants/onboarded_regions "verifies whether a seller is registered as a Fulfillment by
TikTok (FBT) merchant" and lists the regions it operates in under FBT; "if seller is not onboarded, `data`
will be empty". The FBT tables read a shop only when its region is listed; every other shop is skipped with
one log line per table (`TikTokShopStream.shop_skip_reason`), not an error.

UNVERIFIED: what the FBT lists themselves answer a shop that is not onboarded (an error code, or empty
lists); no source says. Asking onboarded_regions first means neither reading matters: such a shop is never
sent to them. The "empty" answer is read in every form it could take: `data` `{}`, null or missing, or an
empty `onboarded_regions` list.
"""

from __future__ import annotations

import threading
from typing import Dict, List, Optional

from .client import Shop, TikTokShopClient
from .errors import ScopeMissingError

ONBOARDED_REGIONS_PATH = "/fbt/202409/merchants/onboarded_regions"


class FbtOnboarding:
    def __init__(self, client: TikTokShopClient) -> None:
        self._client = client
        self._regions: Dict[str, List[str]] = {}
        # The app's missing FBT scope (105005), once seen: it is the app's, so no other shop or table asks again.
        self._scope_missing: Optional[ScopeMissingError] = None
        self._lock = threading.Lock()

    def regions(self, shop: Shop, stream: str) -> List[str]:
        """The FBT regions of the shop's seller, asked for `stream` the first time (then cached for the sync)."""
        with self._lock:
            if self._scope_missing is not None:
                raise self._scope_missing
            if shop.id not in self._regions:
                try:
                    data = self._client.request("GET", ONBOARDED_REGIONS_PATH, stream=stream, shop=shop, no_data_ok=True)
                except ScopeMissingError as missing:
                    self._scope_missing = missing
                    raise
                listed = data.get("onboarded_regions")
                entries = listed if isinstance(listed, list) else []
                self._regions[shop.id] = [str(e["region_code"]) for e in entries if isinstance(e, dict) and e.get("region_code")]
            return self._regions[shop.id]

    def skip_reason(self, shop: Shop, stream: str) -> Optional[str]:
        """Why the shop has no FBT data to read, or None when it is onboarded in its region."""
        regions = self.regions(shop, stream)
        if not regions:
            return f"the seller is not onboarded to Fulfilled by TikTok (GET {ONBOARDED_REGIONS_PATH} lists no region)"
        if shop.region and shop.region.upper() not in {region.upper() for region in regions}:
            return (
                f"the seller is onboarded to Fulfilled by TikTok in {', '.join(regions)}, not in the shop's region {shop.region}"
                f" (GET {ONBOARDED_REGIONS_PATH})"
            )
        return None
