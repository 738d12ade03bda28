"""Which Partner Center API group (scope) each Open API path belongs to.

TikTok's 105005 answer does not say which scope is missing, so the connector works it out from the
path it called; the group names are the ones a seller sees when enabling APIs for an app in
Partner Center.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ApiGroup:
    key: str
    path_prefix: str
    partner_center_name: str


API_GROUPS = (
    # Before "/authorization/": its own key, so that a refusal of this one call names only the table it
    # blocks. The spec names no other group for it (tag authorization_v202405), and like every
    # /authorization/ operation it takes no shop_cipher (its parameters are the two headers only).
    ApiGroup("category_assets", "/authorization/202405/category_assets", "Shop Authorized Information"),
    ApiGroup("authorization", "/authorization/", "Shop Authorized Information"),
    ApiGroup("seller", "/seller/", "Shop Authorized Information"),
    ApiGroup("product", "/product/", "Product Basic"),
    ApiGroup("order", "/order/", "Order Information"),
    ApiGroup("finance", "/finance/", "Finance Information"),
    ApiGroup("return_refund", "/return_refund/", "Return and Refund"),
    ApiGroup("fulfillment", "/fulfillment/", "Fulfillment Basic"),
    ApiGroup("logistics", "/logistics/", "Logistics Basic"),
    ApiGroup("analytics", "/analytics/", "Data Analytics"),
    # POST /promotion/202406/coupons/search, /promotion/202309/activities/search and their detail calls.
    ApiGroup("promotion", "/promotion/", "Promotion"),
    # UNVERIFIED name: the spec tags these operations fbt_v2024xx and its texts say "Fulfilled by TikTok".
    ApiGroup("fbt", "/fbt/", "Fulfilled by TikTok"),
    # Partner Center's name for the scope of the seller-side affiliate reads (TikTok's affiliate integration guide, scope
    # 733764 "Read Seller Affiliate Collaborations"); the OAS tags them `affiliate_seller_v<version>`. TikTok enables
    # the affiliate APIs for an app only on request.
    ApiGroup("affiliate_seller", "/affiliate_seller/", "Read Seller Affiliate Collaborations"),
)

# Paths that must NOT carry `shop_cipher` (TikTok answers 36009004 "Unexpected identifier" if they do).
# Everything else is shop-scoped and must carry it (106013 otherwise), as GET /authorization/202309/shops, the one call without it, shows.
NO_SHOP_CIPHER_PREFIXES = ("/authorization/", "/seller/")


def group_for_path(path: str) -> Optional[ApiGroup]:
    for group in API_GROUPS:
        if path.startswith(group.path_prefix):
            return group
    return None


def requires_shop_cipher(path: str) -> bool:
    return not path.startswith(NO_SHOP_CIPHER_PREFIXES)
