"""Local emulator of the TikTok Shop Open API (202309+) for testing source-tiktok-shop.

Never shipped in the connector image. See `Sandbox` for the public API.
"""

from .sandbox import LoggedRequest, Sandbox

__all__ = ["Sandbox", "LoggedRequest"]
