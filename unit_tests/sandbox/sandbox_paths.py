"""Paths and query values the sandbox's endpoint tests share (imported by name: this directory is on sys.path)."""

RETURNS = "/return_refund/202309/returns/search"
CANCELS = "/return_refund/202309/cancellations/search"
PAYMENTS = "/finance/202309/payments"
WITHDRAWALS = "/finance/202309/withdrawals"
UNSETTLED = "/finance/202507/orders/unsettled"
PACKAGES = "/fulfillment/202309/packages/search"
WAREHOUSES = "/logistics/202309/warehouses"
CATEGORIES = "/product/202309/categories"
BRANDS = "/product/202309/brands"
INVENTORY = "/product/202309/inventory/search"
SHOP_PERF = "/analytics/202405/shop/performance"
PRODUCT_PERF = "/analytics/202405/shop_products/performance"
SKU_PERF = "/analytics/202406/shop_skus/performance"
ALL_TYPES = "WITHDRAW,SETTLE,TRANSFER,REVERSE"
DATES = {"start_date_ge": "2025-09-01", "end_date_lt": "2025-10-09"}


def order_txns_path(order_id) -> str:
    return f"/finance/202501/orders/{order_id}/statement_transactions"


FBT_ONBOARDED = "/fbt/202409/merchants/onboarded_regions"
FBT_WAREHOUSES = "/fbt/202408/warehouses"
FBT_INVENTORY = "/fbt/202408/inventory/search"
FBT_RECORDS = "/fbt/202410/inventory_records/search"
