"""Vocabulary shared by several record builders: people, addresses, digit strings."""

from __future__ import annotations

import random

FIRST = ["James", "Mai", "Olivia", "Minh", "Noah", "Siti", "Liam", "Ana", "Chen", "Sofia", "Arjun", "Emma"]
LAST = ["Smith", "Nguyen", "Brown", "Tran", "Wilson", "Putri", "Taylor", "Garcia", "Lee", "Evans", "Khan", "Walker"]
ADDRESSES = {
    "US": [
        ("California", "US-CA", "Los Angeles", "90012", "{n} W 1st St"),
        ("Texas", "US-TX", "Austin", "78701", "{n} Congress Ave"),
        ("New York", "US-NY", "Brooklyn", "11201", "{n} Court St"),
        ("Colorado", "US-CO", "Denver", "80202", "{n} Larimer St"),
    ],
    "GB": [
        ("England", "GB-ENG", "London", "SW1A 1AA", "{n} Baker Street"),
        ("Scotland", "GB-SCT", "Edinburgh", "EH1 1YZ", "{n} Royal Mile"),
    ],
    "VN": [("Ho Chi Minh", "VN-SG", "Quan 1", "700000", "{n} Nguyen Hue"), ("Ha Noi", "VN-HN", "Hoan Kiem", "100000", "{n} Hang Bai")],
}
DEFAULT_ADDRESSES = [("Central", "", "Capital City", "10000", "{n} Market Road")]


def address(shop, rng: random.Random) -> tuple:
    """(state, iso_code, city, postal, street template) of a plausible address in the shop's region."""
    return rng.choice(ADDRESSES.get(shop.region, DEFAULT_ADDRESSES))


def digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))
