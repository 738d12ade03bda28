import sys

from .entrypoint import launch
from .source import SourceTiktokShop


def run() -> None:
    launch(SourceTiktokShop(), sys.argv[1:])


if __name__ == "__main__":
    run()
