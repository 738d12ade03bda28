from .base import StreamContext
from .shops import Shops

# Every table, in the order `discover` lists them.
STREAM_CLASSES = (Shops,)

__all__ = ["STREAM_CLASSES", "StreamContext"]
