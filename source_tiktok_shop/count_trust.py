"""Whether TikTok's total_count for one shop's search can be trusted to size and split windows."""

from __future__ import annotations

from typing import Any

from .client import Shop


class CountTrust:
    """Whether one shop's total_count can be trusted to size and split windows.

    Windows are split (one request each) while total_count says they hold too many results. A
    total_count that lies, say 10**12 on every page, would split every window down to the minimum
    and keep it there: thousands of requests for a handful of records. So the count is trusted only
    while it agrees with what the pages deliver, and splits are bounded by the pages actually read;
    after that windows are sized by the records read, and TikTok's own refusal to page past its cap
    (12052180) still splits a window that is too large.
    """

    SPLITS_FREE = 32  # a whole history of dense data halves down to a readable window in fewer than this

    def __init__(self) -> None:
        self.trusted = True
        self.splits = 0
        self.pages = 0

    def allow_split(self, stream: Any, shop: Shop) -> bool:
        self.splits += 1
        if self.splits > self.SPLITS_FREE + 2 * self.pages:
            self.refute(stream, shop, f"{self.splits} window splits for {self.pages} page(s) read")
        return self.trusted

    def refute(self, stream: Any, shop: Shop, evidence: str) -> None:
        if self.trusted:
            self.trusted = False
            stream.logger.warning(
                f"{stream.name}: shop {shop.id}: TikTok's total_count disagrees with the records its pages deliver ({evidence}); "
                "windows are sized by the records read from here on."
            )
