"""Promotion tables (Partner Center group: Promotion): coupons and product discount / flash deal activities.

Both are read whole on every sync, each search item merged with its detail call (children of their own
search, one call per record, fanned out like the product details): `{**search_item, **detail}`, so a field
only one of the two answers carries is kept.
"""

from __future__ import annotations

from typing import Any, List, MutableMapping

from ..answers import requires_fields, requires_object
from ..client import Shop
from ..runner import ReadRunner
from .base import ShopListStream


class Coupons(ShopListStream):
    """The shop's coupons (created in Seller Center, the Seller app or TikTok Shop CRM), with their
    display channels, eligible products, LIVE tasks and claim/redemption counts from
    GET /promotion/202406/coupons/{coupon_id}.

    Full refresh: POST /promotion/202406/coupons/search filters on status, display type and title only,
    with no time filter, so there is no cursor to read from. Its `create_time` and `update_time` are in
    milliseconds in the spec's examples, unlike the other times of the record (seconds).
    """

    path = "/promotion/202406/coupons/search"
    detail_path = "/promotion/202406/coupons/{coupon_id}"
    method = "POST"
    list_key = "coupons"
    # POST /promotion/202406/coupons/search: "The range is [1, 100]", in the query.
    page_size = 100
    merged_from = ("GET /promotion/202406/coupons/{coupon_id}",)
    # That detail answers {"coupon": {...}}: the record merged in is `data.coupon`, not `data`.
    detail_key = "coupon"
    skip_without_scope = True

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        return [self._merged(shop, item) for item in parents]

    def _merged(self, shop: Shop, item: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        path = self.detail_path.format(coupon_id=item["id"])
        data = self._client.request("GET", path, stream=self.name, shop=shop, check=requires_object(self.detail_key))
        return {**item, **data[self.detail_key]}


class PromotionActivities(ShopListStream):
    """Product discount, flash deal, shipping discount and buy-more-save-more activities, each with the
    products and SKUs in it (their activity prices, discounts and quantity limits, kept as the nested
    `products` list) and its target buyers, from GET /promotion/202309/activities/{activity_id}.

    Full refresh: POST /promotion/202309/activities/search has no time filter (only title, type and
    status), so an exact incremental read on `update_time` is not possible. Its page size and page token
    go in the JSON body. TikTok drops the products of priced activities that ended over 180 days ago.
    """

    path = "/promotion/202309/activities/search"
    detail_path = "/promotion/202309/activities/{activity_id}"
    method = "POST"
    list_key = "activities"
    # POST /promotion/202309/activities/search: "The range is [0, 100]", in the body.
    page_size = 100
    paging_in_body = True
    merged_from = ("GET /promotion/202309/activities/{activity_id}",)
    skip_without_scope = True

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        return [self._merged(shop, item) for item in parents]

    def _merged(self, shop: Shop, item: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        path = self.detail_path.format(activity_id=item["id"])
        # The detail names the activity `activity_id`; the search item's `id` stays the record's key.
        detail = self._client.request("GET", path, stream=self.name, shop=shop, check=requires_fields("activity_id"))
        return {**item, **detail}
