"""Fixed vocabulary of the emulated API: regions, record statuses and lifecycles, epochs and rates.

Imports nothing from the package, so every layer can use it.
"""

from __future__ import annotations

DAY = 86400
FINANCE_EPOCH = 1688169600  # 2023-07-01: no finance data exists before this
UNSETTLED_EPOCH = 1735689600  # 2025-01-01: the unsettled-transactions API has nothing older
UNSETTLED_WINDOW = 30 * DAY  # SANDBOX CHOICE: "recent" unsettled orders = created in the 30 days before the anchor
RETURN_RATE = 0.06  # share of delivered/completed orders that get a return (~5% of all orders)

# region -> (currency, minor-unit exponent, cipher prefix, display country)
REGIONS = {
    "US": ("USD", 2, "GCP_", "United States"),
    "GB": ("GBP", 2, "ROW_", "United Kingdom"),
    "VN": ("VND", 0, "ROW_", "Vietnam"),
    "ID": ("IDR", 0, "ROW_", "Indonesia"),
    "MY": ("MYR", 2, "ROW_", "Malaysia"),
    "TH": ("THB", 2, "ROW_", "Thailand"),
    "PH": ("PHP", 2, "ROW_", "Philippines"),
    "SG": ("SGD", 2, "ROW_", "Singapore"),
    "MX": ("MXN", 2, "ROW_", "Mexico"),
    "ES": ("EUR", 2, "ROW_", "Spain"),
    "JP": ("JPY", 0, "ROW_", "Japan"),
    "BR": ("BRL", 2, "ROW_", "Brazil"),
}
# SANDBOX CHOICE: one fixed UTC offset (hours, no DST) per region = the shop's registered timezone.
REGION_UTC_OFFSET = {"US": -8, "GB": 0, "VN": 7, "ID": 7, "MY": 8, "TH": 7, "PH": 8, "SG": 8, "MX": -6, "ES": 1, "JP": 9, "BR": -3}
REGION_CYCLE = ["US", "GB", "VN", "ID", "MY", "TH", "PH", "SG", "MX", "ES", "JP", "BR"]
SEA = {"VN", "ID", "MY", "TH", "PH", "SG"}

# -- orders and packages --------------------------------------------------------------------------------------------
ORDER_STATUSES = (
    "UNPAID",
    "ON_HOLD",
    "AWAITING_SHIPMENT",
    "PARTIALLY_SHIPPING",
    "AWAITING_COLLECTION",
    "IN_TRANSIT",
    "DELIVERED",
    "COMPLETED",
    "CANCELLED",
)
ORDER_NEXT = {
    "UNPAID": "AWAITING_SHIPMENT",
    "ON_HOLD": "AWAITING_SHIPMENT",
    "AWAITING_SHIPMENT": "AWAITING_COLLECTION",
    "PARTIALLY_SHIPPING": "AWAITING_COLLECTION",
    "AWAITING_COLLECTION": "IN_TRANSIT",
    "IN_TRANSIT": "DELIVERED",
    "DELIVERED": "COMPLETED",
}
SHIPPED_STATUSES = ("AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED")
# Orders that are paid, not cancelled, and so may wait for settlement (GET /finance/202507/orders/unsettled).
UNSETTLED_STATUSES = ("AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED")
CANCEL_REASONS = {  # initiator -> (reason code, text shown on the order and the cancellation)
    "BUYER": ("buyer_cancel_paid_reason_change_mind", "Buyer changed mind"),
    "SELLER": ("seller_cancel_paid_reason_out_of_stock", "Out of stock"),
    "SYSTEM": ("system_cancel_reason_package_delivery_failed", "Package delivery failed"),
}
# Package status of an order's package (search enum: PROCESSING, FULFILLING, COMPLETED, CANCELLED).
PACKAGE_STATUS = {
    "AWAITING_SHIPMENT": "PROCESSING",
    "PARTIALLY_SHIPPING": "PROCESSING",
    "AWAITING_COLLECTION": "PROCESSING",
    "IN_TRANSIT": "FULFILLING",
    "DELIVERED": "COMPLETED",
    "COMPLETED": "COMPLETED",
    "CANCELLED": "CANCELLED",
}
PACKAGE_OPEN = ("AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION", "IN_TRANSIT")  # orders whose package moves
PACKAGE_LAG = 360  # package create/pay time - order create_time is always below this

# -- products -------------------------------------------------------------------------------------------------------
PRODUCT_STATUSES = (
    "DRAFT",
    "PENDING",
    "FAILED",
    "ACTIVATE",
    "SELLER_DEACTIVATED",
    "PLATFORM_DEACTIVATED",
    "FREEZE",
    "DELETED",
)
PRODUCT_NEXT = {
    "ACTIVATE": "SELLER_DEACTIVATED",
    "SELLER_DEACTIVATED": "ACTIVATE",
    "DRAFT": "PENDING",
    "PENDING": "ACTIVATE",
    "FAILED": "PENDING",
    "PLATFORM_DEACTIVATED": "ACTIVATE",
    "FREEZE": "ACTIVATE",
}
AUDIT_STATUS = {
    "ACTIVATE": "APPROVED",
    "SELLER_DEACTIVATED": "APPROVED",
    "PLATFORM_DEACTIVATED": "APPROVED",
    "FREEZE": "APPROVED",
    "DELETED": "APPROVED",
    "PENDING": "AUDITING",
    "FAILED": "REJECTED",
    "DRAFT": "NONE",
}

# -- returns and cancellations --------------------------------------------------------------------------------------
RETURN_PATHS = {
    "REFUND": ("RETURN_OR_REFUND_REQUEST_PENDING", "RETURN_OR_REFUND_REQUEST_SUCCESS", "RETURN_OR_REFUND_REQUEST_COMPLETE"),
    "RETURN_AND_REFUND": (
        "RETURN_OR_REFUND_REQUEST_PENDING",
        "AWAITING_BUYER_SHIP",
        "BUYER_SHIPPED_ITEM",
        "RETURN_OR_REFUND_REQUEST_SUCCESS",
        "RETURN_OR_REFUND_REQUEST_COMPLETE",
    ),
    "REPLACEMENT": ("REPLACEMENT_REQUEST_PENDING", "REPLACEMENT_REQUEST_COMPLETE"),
}
RETURN_NEXT = {rtype: dict(zip(path, path[1:], strict=False)) for rtype, path in RETURN_PATHS.items()}  # one step each
RETURN_DEAD_ENDS = {
    "REFUND": ("REFUND_OR_RETURN_REQUEST_REJECT", "RETURN_OR_REFUND_REQUEST_CANCEL"),
    "RETURN_AND_REFUND": ("REFUND_OR_RETURN_REQUEST_REJECT", "RETURN_OR_REFUND_REQUEST_CANCEL"),
    "REPLACEMENT": ("REPLACEMENT_REQUEST_REJECT", "REPLACEMENT_REQUEST_CANCEL"),
}
RETURN_STATUSES = (
    "RETURN_OR_REFUND_REQUEST_PENDING",
    "REFUND_OR_RETURN_REQUEST_REJECT",
    "AWAITING_BUYER_SHIP",
    "BUYER_SHIPPED_ITEM",
    "REJECT_RECEIVE_PACKAGE",
    "RETURN_OR_REFUND_REQUEST_SUCCESS",
    "RETURN_OR_REFUND_REQUEST_CANCEL",
    "RETURN_OR_REFUND_REQUEST_COMPLETE",
    "REPLACEMENT_REQUEST_PENDING",
    "REPLACEMENT_REQUEST_REJECT",
    "REPLACEMENT_REQUEST_REFUND_SUCCESS",
    "REPLACEMENT_REQUEST_CANCEL",
    "REPLACEMENT_REQUEST_COMPLETE",
    "AWAITING_BUYER_RESPONSE",
)
RETURN_FINAL = frozenset(p[-1] for p in RETURN_PATHS.values()) | frozenset(x for d in RETURN_DEAD_ENDS.values() for x in d)
CANCEL_STATUSES = (
    "CANCELLATION_REQUEST_PENDING",
    "CANCELLATION_REQUEST_SUCCESS",
    "CANCELLATION_REQUEST_CANCEL",
    "CANCELLATION_REQUEST_COMPLETE",
)
CANCEL_NEXT = {
    "CANCELLATION_REQUEST_PENDING": "CANCELLATION_REQUEST_SUCCESS",
    "CANCELLATION_REQUEST_SUCCESS": "CANCELLATION_REQUEST_COMPLETE",
}
CANCEL_FINAL = ("CANCELLATION_REQUEST_COMPLETE", "CANCELLATION_REQUEST_CANCEL")

# -- finance --------------------------------------------------------------------------------------------------------
WITHDRAWAL_TYPES = ("WITHDRAW", "SETTLE", "TRANSFER", "REVERSE")
