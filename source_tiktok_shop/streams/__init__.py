from .base import StreamContext
from .finance import Statements, StatementTransactions
from .orders import Orders
from .products import Products
from .shops import Shops

# Every table, in the order `discover` lists them.
STREAM_CLASSES = (Shops, Products, Orders, Statements, StatementTransactions)

__all__ = ["STREAM_CLASSES", "StreamContext"]
