"""The seller's consent page, GET /open/authorize?service_id=..&state=.. on TikTok's services host.

A browser page on TikTok's side: the seller logs in and approves the app's service, and TikTok redirects to the
redirect URL registered for the app in Partner Center (a request cannot choose it) with a single-use `code` and the
`state` it was given. Here the approval is immediate: the answer is the redirect. Not a JSON API: no Content-Type,
signature or token checks apply.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .common import Route

PAGE = "<html><body><h1>{title}</h1><p>{text}</p></body></html>"


def authorize(ctx):
    sandbox, query = ctx.sandbox, ctx.query
    if query.get("service_id") != sandbox.service_id:
        return 400, PAGE.format(title="Authorization failed", text="This service does not exist or is not published."), {}
    callback = {"code": sandbox.issue_auth_code()}
    if "state" in query:
        callback["state"] = query["state"]
    separator = "&" if "?" in sandbox.redirect_url else "?"
    return 302, "", {"Location": sandbox.redirect_url + separator + urlencode(callback)}


ROUTES = [Route("consent.authorize", ("GET",), "/open/authorize", None, authorize, shop=False, page=True)]
