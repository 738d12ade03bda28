"""scripts/oas_check.py finds what it says it finds, on small spec fragments (the spec itself is not in the repo)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import oas_check  # noqa: E402

SEARCH = {
    "parameters": [
        {"name": "page_size", "in": "query", "required": True, "description": "Valid range: [1-50]", "schema": {"type": "integer"}},
        {"name": "page_token", "in": "query", "schema": {"type": "string"}},
        {"name": "shop_cipher", "in": "query", "required": True, "schema": {"type": "string"}},
    ],
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {"required": ["status"], "properties": {"status": {"type": "string"}, "create_time_ge": {"type": "integer"}}}
            }
        }
    },
}


def test_a_request_as_the_spec_describes_it_has_no_problem():
    query = {"page_size": "50", "shop_cipher": "c", "app_key": "k", "sign": "s", "timestamp": "1"}
    assert oas_check.request_problems(SEARCH, query, {"status": "ACTIVE", "create_time_ge": 1}) == []


def test_unknown_misplaced_missing_and_out_of_range_parameters_are_each_reported():
    problems = oas_check.request_problems(SEARCH, {"page_size": "100", "create_time_ge": "1", "colour": "red"}, {"page_token": "t"})
    text = "\n".join(problems)
    assert "`page_size` 100 outside the spec's range 1-50" in text
    assert "query `create_time_ge` is not a query parameter of the operation (the spec puts it in the body)" in text
    assert "query `colour` is not a query parameter" in text
    assert "body `page_token` is not a body field of the operation (the spec puts it in the query)" in text
    assert "required body `status` not sent" in text
    assert "required query `shop_cipher` not sent" in text


def test_page_size_ranges_are_read_from_schema_bounds_or_the_description():
    assert oas_check.page_size_range({"schema": {"type": "integer", "minimum": 1, "maximum": 20}}) == (1, 20)
    assert oas_check.page_size_range({"description": "Default: 20\nValid range: [10-50]"}) == (10, 50)
    assert oas_check.page_size_range({"description": "The maximum is 100."}) == (1, 100)
    assert oas_check.page_size_range({"description": "How many per page."}) is None


def check(ours, theirs, extra=None, retyped=None):
    allowed = oas_check.Allowances(extra or {}, retyped or {})
    problems: list = []
    oas_check.compare(ours, theirs, "", allowed, problems)
    return problems, allowed.used


def test_schema_differences_are_found_at_every_level_unless_declared():
    theirs = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "count": {"type": "integer"},
            "skus": {"type": "array", "items": {"type": "object", "properties": {"price": {"type": "string"}, "qty": {"type": "integer"}}}},
        },
    }
    ours = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "count": {"type": ["null", "string"]},
            "shop_id": {"type": "string"},
            "skus": {
                "type": ["null", "array"],
                "items": {"type": "object", "properties": {"price": {"type": ["null", "string"]}, "size": {}}},
            },
        },
    }
    problems, _ = check(ours, theirs)
    assert sorted(problems) == [
        "missing: skus[].qty",
        "not in spec: shop_id",
        "not in spec: skus[].size",
        "type: count is string here, integer in the spec",
    ]
    problems, used = check(ours, theirs, extra={"shop_id": "added", "skus[].size": "documented"}, retyped={"count": "ids as strings"})
    assert problems == ["missing: skus[].qty"]
    assert len(used) == 3


def test_the_record_is_found_in_its_list_however_deep_the_answer_nests_it():
    operation = {
        "responses": {
            "200": {
                "content": {
                    "application/json": {
                        "schema": {
                            "properties": {
                                "data": {
                                    "properties": {
                                        "performance": {
                                            "type": "object",
                                            "properties": {"intervals": {"type": "array", "items": {"properties": {"start_date": {}}}}},
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert oas_check.record_schema(operation, "intervals", record_is_data=False) == {"properties": {"start_date": {}}}
    assert "performance" in oas_check.record_schema(operation, "intervals", record_is_data=True)["properties"]
