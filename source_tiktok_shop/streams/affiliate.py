"""Affiliate tables (Partner Center group: Read Seller Affiliate Collaborations, the Affiliate Seller APIs).

Operations and their parameters are the OpenAPI spec's (affiliate_seller.json): page_size and page_token go in the
query, filters in the JSON body. TikTok enables these APIs per app on request, so every table here is skipped, with
one warning, when the authorization lacks the scope.
"""

from __future__ import annotations

from typing import Any, List, MutableMapping

from ..answers import requires_object
from ..client import Shop
from ..runner import ReadRunner
from .base import ShopListStream
from .incremental import IncrementalShopStream


class AffiliateOrders(IncrementalShopStream):
    """Orders that came through a creator, one record per order with its SKUs nested (the spec's item: `id`,
    `create_time`, `delivery_time`, `status` and `skus` with the creator, content, commission rate and estimated and
    actual commission of each): POST /affiliate_seller/202410/orders/search.

    TikTok filters affiliate orders by create time only (`create_time_ge`/`create_time_lt` in the body) and has no
    update time, while their status (PROCESSING, COMPLETED, CANCELLED, FROZEN, DEDUCTED) and actual commission change
    until the commission settles. So `create_time` is the cursor and every incremental sync re-reads the
    `affiliate_orders_lookback_days` before it (30 by default): a change to an older order is read by no incremental
    sync, only by a full refresh. The spec names no sort order; windows do not depend on one.
    """

    path = "/affiliate_seller/202410/orders/search"
    method = "POST"
    list_key = "orders"
    # "Valid Range: [1-100]", required.
    page_size = 100
    cursor_field = "create_time"
    filter_start, filter_end = "create_time_ge", "create_time_lt"
    min_lookback_option = "affiliate_orders_lookback_days"
    skip_without_scope = True


class AffiliateOpenCollaborations(ShopListStream):
    """The commission each product offers every creator (open collaborations), with the product, its price range and
    stock, and how many creators showcase it or post about it: POST /affiliate_seller/202412/open_collaborations/search.
    TikTok leaves removed and expired ones out, so a full refresh (overwrite) mirrors what is in effect."""

    path = "/affiliate_seller/202412/open_collaborations/search"
    method = "POST"
    list_key = "open_collaborations"
    # "must be greater than 0 and less than or equal to 100", required.
    page_size = 100
    # Every filter (keyword, keyword_type, top_level_category_id) is optional and narrows the list: none is sent.
    skip_without_scope = True


class AffiliateTargetCollaborations(ShopListStream):
    """Targeted plans with their creators and products: POST /affiliate_seller/202508/target_collaborations/search
    lists the plans without either, so each plan's GET /affiliate_seller/202508/target_collaborations/{id} is merged
    over its search item (the detail's fields win; the search's `creator_inivited_count`, spelt so, stays beside the
    detail's `creator_invited_count`).

    The spec gives `collaboration_status` no default (it states "ALL" for the other two enum filters), so a search
    without it may return only running plans. The plans are read once per status that together cover them, VALID
    (ongoing and expiring), CANCELING, COMPLETED (expired and cancelled), in that lifecycle order, so a plan that moves
    on between two walks is met again in a later one; a plan met twice is read once.
    """

    path = "/affiliate_seller/202508/target_collaborations/search"
    detail_path = "/affiliate_seller/202508/target_collaborations/{target_collaboration_id}"
    method = "POST"
    list_key = "target_collaborations"
    # 'The value of "page_size" must be 20, 50 or 100.'
    page_size = 100
    walk_each = ("collaboration_status", ("VALID", "CANCELING", "COMPLETED"))
    unique_parents = True
    merged_from = ("GET /affiliate_seller/202508/target_collaborations/{target_collaboration_id}",)
    # That detail answers {"target_collaboration": {...}}: the record merged in is `data.target_collaboration`.
    detail_key = "target_collaboration"
    skip_without_scope = True

    def child_records(self, shop: Shop, parents: List[MutableMapping[str, Any]], runner: ReadRunner) -> List[MutableMapping[str, Any]]:
        return [self._with_detail(shop, plan) for plan in parents]

    def _with_detail(self, shop: Shop, plan: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        data = self._client.request(
            "GET",
            self.detail_path.format(target_collaboration_id=plan["id"]),
            stream=self.name,
            shop=shop,
            check=requires_object(self.detail_key),
        )
        return {**plan, **data[self.detail_key]}


class AffiliateSampleApplications(ShopListStream):
    """Creators' requests for free samples, with the creator, the SKU asked for, the status of the request and of
    the content it commits to: POST /affiliate_seller/202508/sample_applications/search.

    Its `status` is one of several optional search filters (with product, creator, order, title): none is sent, so
    every application is listed. Sorted by nothing the spec names; a full refresh reads the whole list.
    """

    path = "/affiliate_seller/202508/sample_applications/search"
    method = "POST"
    list_key = "sample_applications"
    # 'The value of "page_size" must be greater than 0 and less than or equal to 50.'
    page_size = 50
    skip_without_scope = True
