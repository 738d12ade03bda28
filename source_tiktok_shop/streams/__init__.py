from .affiliate import AffiliateOpenCollaborations, AffiliateOrders, AffiliateSampleApplications, AffiliateTargetCollaborations
from .analytics import ProductPerformance, ShopPerformance, SkuPerformance
from .base import StreamContext
from .fbt import FbtInventory, FbtInventoryRecords, FbtWarehouses
from .finance import OrderStatementTransactions, Payments, Statements, StatementTransactions, UnsettledTransactions, Withdrawals
from .fulfillment import Packages
from .logistics import Warehouses
from .orders import OrderPriceDetails, Orders
from .products import Brands, Categories, Inventory, Products
from .promotion import Coupons, PromotionActivities
from .return_refund import Cancellations, ReturnRecords, Returns
from .shops import CategoryAssets, Shops

# Every table, in the order `discover` lists them.
STREAM_CLASSES = (
    Shops,
    Products,
    Orders,
    Statements,
    StatementTransactions,
    Returns,
    Cancellations,
    ReturnRecords,
    Payments,
    Withdrawals,
    OrderStatementTransactions,
    OrderPriceDetails,
    UnsettledTransactions,
    Packages,
    Warehouses,
    Categories,
    Brands,
    Inventory,
    ShopPerformance,
    ProductPerformance,
    SkuPerformance,
    Coupons,
    PromotionActivities,
    CategoryAssets,
    FbtWarehouses,
    FbtInventory,
    FbtInventoryRecords,
    AffiliateOrders,
    AffiliateOpenCollaborations,
    AffiliateTargetCollaborations,
    AffiliateSampleApplications,
)

__all__ = ["STREAM_CLASSES", "StreamContext"]
