"""Order tables (Partner Center group: Order Information)."""

from __future__ import annotations

from typing import Any, List, Mapping, MutableMapping, Optional

from ..client import Shop
from ..page_walk import as_key
from ..runner import ReadRunner
from .incremental import IncrementalShopStream


def _detail_orders(data: Mapping[str, Any]) -> Optional[str]:
    """A check of GET /order/202507/orders answers: `orders`, where present, is a list of objects."""
    orders = data.get("orders")
    if orders is not None and not (isinstance(orders, list) and all(isinstance(order, dict) for order in orders)):
        return "`data.orders` is not a list of orders"
    return None


class Orders(IncrementalShopStream):
    """Order search by update_time window, sorted by update_time ascending, each page's orders completed
    by the order detail call (children of its own search, as products are).

    TikTok's documented defaults are create_time / DESC, so the sort is always sent explicitly.

    Only the detail (GET /order/202507/orders) answers `payment_method_code`, `payment_card_type`,
    `payment_auth_code` and `channel_entity_national_registry_id`; only the search answers
    `fulfillment_priority_level` and `recommended_shipping_time`. Each record is the search's with the
    detail's fields over it. The detail takes up to 50 order ids a call: one more request per 50 orders,
    made only when the sync keeps one of the detail's own fields (column selection, field policy).
    """

    path = "/order/202309/orders/search"
    method = "POST"
    list_key = "orders"
    page_size = 100
    filter_start, filter_end = "update_time_ge", "update_time_lt"
    static_params = {"sort_field": "update_time", "sort_order": "ASC"}
    detail_path = "/order/202507/orders"
    merged_from = ("GET /order/202507/orders",)
    # `ids` of GET /order/202507/orders: "Max count: 50".
    parents_per_call = 50
    detail_only_fields = ("payment_method_code", "payment_card_type", "payment_auth_code", "channel_entity_national_registry_id")

    def detail_wanted(self) -> bool:
        """Whether the sync keeps a field only the detail call answers. The CDK trims the configured schema to the
        discovered one, which the field policy has already stripped of blocked fields; hashed fields stay."""
        schema = self.configured_json_schema or self.get_json_schema()
        return any(field in (schema.get("properties") or {}) for field in self.detail_only_fields)

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        if not self.detail_wanted():
            return parents  # everything else the detail answers, the search has answered too
        ids = [as_key(order.get("id")) or "" for order in parents]
        # The OAS types `ids` as an array of strings in the query without saying how it is serialised;
        # TikTok's own signing example sends it comma-joined (ids=576461413038785752,576461413038785753).
        data = self._client.request(
            "GET", self.detail_path, stream=self.name, shop=shop, params={"ids": ",".join(ids)}, check=_detail_orders
        )
        details = {key: detail for detail in data.get("orders") or [] if (key := as_key(detail.get("id"))) is not None}
        missing = [order_id for order_id in ids if order_id not in details]
        if missing:
            self.logger.warning(
                f"{self.name}: shop {shop.id}: the order detail call (GET {self.detail_path}) did not return "
                f"{len(missing)} of the {len(ids)} orders asked for: {', '.join(missing)}. They are emitted as the search "
                f"returned them, without {', '.join(self.detail_only_fields)}; the next sync that finds them again completes them."
            )
        for order, order_id in zip(parents, ids):
            order.update(details.get(order_id, ()))  # in place: the search's dict is the connector's own
        return parents


class OrderPriceDetails(IncrementalShopStream):
    """The price calculation of each order (vouchers, tax, shipping; per order and per line item).

    A child of `orders` on its cursor: it walks the orders search windows (not the order detail calls) and
    reads GET /order/202407/orders/{order_id}/price_detail for each order found: one request per order.
    """

    path = "/order/202407/orders/{order_id}/price_detail"
    list_key = "line_items"
    primary_key = "order_id"
    cursor_field = "order_update_time"
    parent = Orders
    record_is_data = True  # the answer's `data` is the record
    added_fields = {
        "order_id": "the order the price detail is of: the answer does not name it",
        "order_update_time": "the order's update_time in the orders search: the cursor",
    }

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        return [self._price_detail_of(shop, order) for order in parents]

    def _price_detail_of(self, shop: Shop, order: Mapping[str, Any]) -> MutableMapping[str, Any]:
        order_id = as_key(order.get("id")) or ""
        detail = dict(self.request_data(shop, path=self.path.format(order_id=order_id)))
        detail["order_id"] = order_id
        detail["order_update_time"] = order.get("update_time")
        return detail
