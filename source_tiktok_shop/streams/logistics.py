"""Logistics tables (Partner Center group: Logistics Basic)."""

from __future__ import annotations

from .base import ShopListStream


class Warehouses(ShopListStream):
    path = "/logistics/202309/warehouses"
    list_key = "warehouses"
