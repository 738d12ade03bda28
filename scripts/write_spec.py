"""`make spec`: rewrite source_tiktok_shop/spec.json from the config models (source_tiktok_shop/config.py).

The models are the config's one definition; the spec is generated from them and never edited by hand.
`--check` writes nothing and exits 1 when the committed file is not what the models give.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from source_tiktok_shop.config import SPEC_PATH, spec_text, write_spec  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether spec.json is up to date")
    args = parser.parse_args()
    if args.check:
        current = SPEC_PATH.read_text() if SPEC_PATH.exists() else ""
        if current != spec_text():
            print(f"{SPEC_PATH} is out of date: run `make spec`.")
            return 1
        print(f"{SPEC_PATH} is up to date.")
        return 0
    print(f"{SPEC_PATH} {'rewritten' if write_spec() else 'already up to date'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
