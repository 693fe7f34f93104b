"""`/docs`: the Swagger UI page, open to all like `/openapi.json`, with a policy of its own.

The page loads Swagger UI from jsDelivr and starts it with one inline script; its
Content-Security-Policy allows exactly that script (by its hash), that CDN, and calls
back to this service only.
"""

import base64
import hashlib
import re

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

CDN = "https://cdn.jsdelivr.net"
FAVICON = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_policy(page: bytes) -> str:
    """The page's CSP: its own inline scripts by hash, the CDN, and nothing else."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {CDN} {hashes}; style-src {CDN}; "
        f"img-src {FAVICON} data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def docs_page_router(app: FastAPI) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def docs_page(request: Request) -> HTMLResponse:
        """Swagger UI for this service's OpenAPI document."""
        root = request.scope.get("root_path", "").rstrip("/")
        page = get_swagger_ui_html(openapi_url=f"{root}{app.openapi_url}", title=f"{app.title} - Swagger UI")
        page.headers["Content-Security-Policy"] = docs_policy(bytes(page.body))
        return page

    return router
