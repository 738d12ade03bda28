import gc
import sys

from .entrypoint import launch
from .source import SourceTiktokShop

# Python's cyclic collector runs after every 700 new container objects. Decoding one page of 100 orders
# makes about 40,000 dicts and lists, so it ran dozens of times a page, each gen-2 pass walking every page
# still buffered: about a fifth of the connector's CPU on `orders` (make bench). Records are acyclic JSON,
# freed by reference counting; the collector is still on, only rarer.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_garbage_collector() -> None:
    gc.freeze()  # what startup built (modules, the spec, the catalog) lives to the end: never scan it again
    gc.set_threshold(*GC_THRESHOLDS)


def run() -> None:
    tune_garbage_collector()
    launch(SourceTiktokShop(), sys.argv[1:])


if __name__ == "__main__":
    run()
