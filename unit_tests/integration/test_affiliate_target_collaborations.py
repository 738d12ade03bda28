"""Mock-server tests of `affiliate_target_collaborations`: POST /affiliate_seller/202508/target_collaborations/search
once per collaboration_status (VALID, CANCELING, COMPLETED: the spec states no default for it), 100 a page, and each
plan's GET /affiliate_seller/202508/target_collaborations/{id} merged over its search item; a plan two walks meet is
read once."""

from __future__ import annotations

import json
from typing import Optional

from airbyte_cdk.models import SyncMode
from airbyte_cdk.test.mock_http import HttpMocker, HttpResponse
from freezegun import freeze_time

from .base import CIPHER_A, NOW, SHOP_A, A, TikTokShopMockServerTest
from .config import ConfigBuilder
from .request_builder import RequestBuilder
from .response_builder import page, record, template

STREAM = "affiliate_target_collaborations"


def walk(status: str, page_token: Optional[str] = None) -> RequestBuilder:
    return RequestBuilder.endpoint(STREAM, CIPHER_A).with_body({"collaboration_status": status}).with_page_token(page_token)


def detail(plan_id: str) -> RequestBuilder:
    return RequestBuilder.endpoint("affiliate_target_collaboration", CIPHER_A, plan_id)


def detail_answer(plan_id: str, **fields) -> HttpResponse:
    body = template("affiliate_target_collaboration_detail")
    body["data"]["target_collaboration"].update({"id": plan_id, **fields})
    return HttpResponse(json.dumps(body), 200)


@freeze_time(NOW)
class AffiliateTargetCollaborationsTest(TikTokShopMockServerTest):
    def plan(self, plan_id: str, **fields):
        return record(STREAM, plan_id, **fields)

    @HttpMocker()
    def test_one_walk_per_status_a_detail_per_plan_merged_and_each_plan_once(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        valid = self.mock(http_mocker, walk("VALID"), page(STREAM, self.plan("T-1")).with_next_page_token("p2").with_total_count(2).build())
        valid_2 = self.mock(http_mocker, walk("VALID", "p2"), page(STREAM, self.plan("T-2", name="second")).with_total_count(2).build())
        canceling = self.mock(http_mocker, walk("CANCELING"), page(STREAM).without_list().with_total_count(0).build())
        # T-1 ended between the walks: the COMPLETED walk meets it again.
        completed = self.mock(http_mocker, walk("COMPLETED"), page(STREAM, self.plan("T-3"), self.plan("T-1")).build())
        details = {
            plan_id: self.mock(http_mocker, detail(plan_id), detail_answer(plan_id, name=f"detail of {plan_id}"))
            for plan_id in ("T-1", "T-2", "T-3")
        }

        output = self.read(ConfigBuilder().build(), STREAM, SyncMode.full_refresh)

        self.assert_clean(output)
        self.assertEqual(self.rows(output, "id", "shop_id"), [("T-1", SHOP_A), ("T-2", SHOP_A), ("T-3", SHOP_A)])
        for request in (valid, valid_2, canceling, completed, *details.values()):
            http_mocker.assert_number_of_calls(request, 1)
        first = output.records[0].record.data
        sent = template("affiliate_target_collaboration_detail")["data"]["target_collaboration"]
        # The detail's fields win; the search's own `creator_inivited_count` stays beside the detail's.
        self.assertEqual(first["name"], "detail of T-1")
        self.assertEqual((first["creators"], first["products"]), (sent["creators"], sent["products"]))
        self.assertIn("creator_inivited_count", first)
        self.assertEqual(first["creator_invited_count"], sent["creator_invited_count"])

    @HttpMocker()
    def test_a_detail_answer_without_the_plan_is_refused_not_emitted_half(self, http_mocker: HttpMocker) -> None:
        self.mock_shops(http_mocker, A)
        self.mock(http_mocker, walk("VALID"), page(STREAM, self.plan("T-9")).build())
        empty = HttpResponse(json.dumps({"code": 0, "message": "Success", "request_id": "r", "data": {}}), 200)
        call = self.mock(http_mocker, detail("T-9"), [empty, empty])

        output = self.read(ConfigBuilder().with_option("max_retries", 1).build(), STREAM, SyncMode.full_refresh, expecting_exception=True)

        self.assertEqual(output.records, [])
        http_mocker.assert_number_of_calls(call, 2)  # retried once (`max_retries` 1), then refused
        self.assertTrue(output.errors)
        self.assertTrue(any("`data.target_collaboration` is" in error.trace.error.message for error in output.errors))
