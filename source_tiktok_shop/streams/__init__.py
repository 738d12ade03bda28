from .analytics import (
    CustomerServicePerformance,
    LivePerformance,
    LiveProductPerformance,
    ProductPerformance,
    ShopPerformance,
    ShopPerformanceHourly,
    SkuPerformance,
    VideoPerformance,
)
from .base import StreamContext
from .finance import OrderStatementTransactions, Payments, Statements, StatementTransactions, UnsettledTransactions, Withdrawals
from .fulfillment import Packages
from .logistics import Warehouses
from .orders import Orders
from .products import Brands, Categories, Inventory, Products
from .return_refund import Cancellations, Returns
from .shops import Shops

# Every table, in the order `discover` lists them.
STREAM_CLASSES = (
    Shops,
    Products,
    Orders,
    Statements,
    StatementTransactions,
    Returns,
    Cancellations,
    Payments,
    Withdrawals,
    OrderStatementTransactions,
    UnsettledTransactions,
    Packages,
    Warehouses,
    Categories,
    Brands,
    Inventory,
    ShopPerformance,
    ProductPerformance,
    SkuPerformance,
    VideoPerformance,
    LivePerformance,
    LiveProductPerformance,
    ShopPerformanceHourly,
    CustomerServicePerformance,
)

__all__ = ["STREAM_CLASSES", "StreamContext"]
