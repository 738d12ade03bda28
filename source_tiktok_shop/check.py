"""`check`: credentials, shop selection, and one cheap call per API group the tables need.

A missing Partner Center scope shows here, naming the tables it blocks, instead of mid-sync.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Type

from airbyte_cdk.models import AirbyteConnectionStatus, Status
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets

from .api_groups import group_for_path
from .errors import SCOPE_CODE
from .streams.base import StreamContext, TikTokShopStream


@dataclass(frozen=True)
class Probe:
    """The cheapest read of one API group: one record (or one day), no other filters."""

    group: str
    method: str
    path: str
    params: Callable[[], Mapping[str, Any]]
    body: Optional[Mapping[str, Any]] = None


def _yesterday_to_today() -> Mapping[str, Any]:
    today = datetime.now(timezone.utc).date()
    return {"start_date_ge": (today - timedelta(days=1)).isoformat(), "end_date_lt": today.isoformat(), "currency": "LOCAL"}


PROBES: Sequence[Probe] = (
    Probe("product", "POST", "/product/202309/products/search", lambda: {"page_size": 1}, {}),
    Probe("order", "POST", "/order/202309/orders/search", lambda: {"page_size": 1, "sort_field": "update_time", "sort_order": "ASC"}, {}),
    Probe("finance", "GET", "/finance/202309/statements", lambda: {"page_size": 1, "sort_field": "statement_time"}),
    Probe("return_refund", "POST", "/return_refund/202309/returns/search", lambda: {"page_size": 10}, {}),
    Probe("fulfillment", "POST", "/fulfillment/202309/packages/search", lambda: {"page_size": 1}, {}),
    Probe("logistics", "GET", "/logistics/202309/warehouses", dict),
    Probe("analytics", "GET", "/analytics/202405/shop/performance", _yesterday_to_today),
    Probe("promotion", "POST", "/promotion/202406/coupons/search", lambda: {"page_size": 1}, {}),
    Probe("category_assets", "GET", "/authorization/202405/category_assets", dict),
    # Answers every shop, onboarded to FBT or not ("If seller is not onboarded, `data` will be empty").
    Probe("fbt", "GET", "/fbt/202409/merchants/onboarded_regions", dict),
    Probe("affiliate_seller", "POST", "/affiliate_seller/202410/orders/search", lambda: {"page_size": 1}, {}),
)


def tables_by_group(stream_classes: Sequence[Type[TikTokShopStream]]) -> Dict[str, List[str]]:
    tables: Dict[str, List[str]] = {}
    for stream_class in stream_classes:
        group = group_for_path(stream_class.path)
        if group is not None:
            tables.setdefault(group.key, []).append(stream_class.name_for_class())
    return tables


def run_check(context: StreamContext, stream_classes: Sequence[Type[TikTokShopStream]], logger: logging.Logger) -> AirbyteConnectionStatus:
    context.client.authenticator.get_access_token()
    shops = context.shops.selected()
    if not shops:
        return AirbyteConnectionStatus(
            status=Status.FAILED,
            message="The authorization covers no shop: have the seller authorize the app for at least one shop.",
        )
    tables = tables_by_group(stream_classes)
    blocked: List[str] = []
    for probe in PROBES:
        params = probe.params()
        code = context.client.probe(probe.method, probe.path, shop=shops[0], params=params, json=probe.body)
        if code == SCOPE_CODE:
            group = group_for_path(probe.path)
            names = ", ".join(tables.get(probe.group, [])) or "tables planned for this group"
            group_name = group.partner_center_name if group is not None else probe.group
            blocked.append(f"{names} (enable the '{group_name}' API group in Partner Center, then re-authorize)")
        elif code != 0:
            # Not a scope problem: repeat through the full client, which retries or raises the mapped error.
            context.client.request(probe.method, probe.path, stream="check", shop=shops[0], params=params, json=probe.body)
    message = f"Connected to {len(shops)} shop(s): " + ", ".join(f"{shop.id} ({shop.name or shop.region})" for shop in shops) + "."
    if blocked:
        message += " Not readable with this authorization: " + "; ".join(blocked) + "."
        logger.warning(message)
    return AirbyteConnectionStatus(status=Status.SUCCEEDED, message=filter_secrets(message))
