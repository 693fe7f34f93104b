"""The dashboard's routes without a browser: sign-in sets the cookie, pages without a session go to
/login, a forged or expired cookie signs nobody in, a gateway's header is taken, a unit's caller sees
only its unit."""

from typing import Any

from shared.auth import SESSION_COOKIE, issue_token
from tests.integration.aggregate.test_projection import register_scenario, wait_for_total
from tests.support import TEST_SECRET, file_name


def raw(sub: str = "alice", unit: str = "GO", roles: tuple[str, ...] = ("staff",), ttl_s: int = 3600) -> str:
    return issue_token(secret=TEST_SECRET, sub=sub, unit=unit, roles=list(roles), ttl_s=ttl_s)


def value(html: str, metric: str) -> str:
    """The figure in the headline row of `metric`, as the page shows it."""
    row = html.split(f'data-metric="{metric}"', 1)[1]
    return row.split('<td class="value">', 1)[1].split("<", 1)[0]


async def test_sign_in_the_session_and_its_end(start_stack: Any) -> None:
    async with start_stack("docs", "aggregate") as stack:
        client = stack.aggregate
        assert (await client.get("/")).headers["location"] == "/dashboard"
        for path in ("/dashboard", "/dashboard/report/2022?format=docx"):
            answer = await client.get(path)
            assert (answer.status_code, answer.headers["location"]) == (303, "/login"), path
        form = await client.get("/login")
        assert form.status_code == 200 and 'name="token"' in form.text
        assert "script-src 'self'" in form.headers["content-security-policy"]

        expired = await client.post("/login", data={"token": raw(ttl_s=-60)})
        assert expired.status_code == 401 and "令牌无效或已过期" in expired.text
        assert SESSION_COOKIE not in expired.cookies
        signed = await client.post("/login", data={"token": raw()})
        assert (signed.status_code, signed.headers["location"]) == (303, "/dashboard")
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=" in cookie
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        page = await client.get("/dashboard", params={"year": 2022})
        assert page.status_code == 200 and value(page.text, "docs.received.total") == "6"
        assert "<script>" not in page.text and 'src="/dashboard/static/dashboard.js"' in page.text
        named = issue_token(
            secret=TEST_SECRET, sub="eve", unit="GO", roles=["staff"], name="<img src=x onerror=alert(1)>"
        )
        shown = await client.get("/dashboard", headers={"Authorization": f"Bearer {named}"})
        assert "&lt;img src=x onerror=alert(1)&gt;" in shown.text and "<img" not in shown.text

        out = await client.post("/logout")
        assert (out.status_code, out.headers["location"]) == (303, "/login")
        assert (await client.get("/dashboard")).status_code == 303

        client.cookies.set(SESSION_COOKIE, raw()[:-4] + "AAAA")  # a forged signature
        assert (await client.get("/dashboard")).status_code == 303
        client.cookies.set(SESSION_COOKIE, raw(ttl_s=-60))  # expired
        assert (await client.get("/dashboard")).status_code == 303
        client.cookies.clear()


async def test_a_units_caller_sees_its_own_unit_only_and_the_gateways_header_is_taken(
    start_stack: Any,
) -> None:
    async with start_stack("docs", "aggregate", dashboard_login_form=False) as stack:
        client = stack.aggregate
        await register_scenario(stack)
        await wait_for_total(stack, 2022, 6)
        nanning = {"Authorization": f"Bearer {raw('liaison-nncb', 'NNCB', ('liaison',))}"}
        own = await client.get("/dashboard", params={"year": 2022}, headers=nanning)
        assert own.status_code == 200 and value(own.text, "docs.received.total") == "3"
        assert 'value="LZCB"' not in own.text and "各单位情况" not in own.text
        for path in ("/dashboard?year=2022&unit=LZCB", "/dashboard/report/2022?unit=LZCB&format=docx"):
            other = await client.get(path, headers=nanning)
            assert other.status_code == 403, path
            assert "只能查看本单位" in other.text
        docx = await client.get("/dashboard/report/2022?format=docx", headers=nanning)
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        assert 'filename="annual-report-2022-NNCB.docx"' in docx.headers["content-disposition"]
        model = await client.get("/api/v1/reports/annual/2022", params={"unit": "NNCB"}, headers=nanning)
        assert file_name(docx) == f"{model.json()['title']}.docx"
        assert (await client.get("/login")).status_code == 404  # the gateway signs people in
        assert (await client.post("/login", data={"token": raw()})).status_code == 404
        for params in ({"year": 1800}, {"unit": "<b>"}, {"colour": "red"}):
            assert (await client.get("/dashboard", params=params, headers=nanning)).status_code == 422
        assert (await client.get("/dashboard", params={"unit": "NOPE"}, headers=nanning)).status_code == 422
