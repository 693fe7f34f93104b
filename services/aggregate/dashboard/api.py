"""The dashboard's routes: `/` → `/dashboard`, sign-in and out, the page, its status poll, the reports."""

from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate import api as stats_api
from services.aggregate.dashboard import charts, service, session
from services.aggregate.dashboard.service import MONTHLY_NAMES, View
from services.aggregate.schemas import ProjectionStatus
from services.aggregate.service import projection_status
from shared.app import Registry, Session
from shared.auth import Caller
from shared.envelope import utcnow
from shared.errors import Forbidden, NotFound, Unauthorized
from shared.text import chinese_time
from shared.units import UnitRegistry

HERE = Path(__file__).parent
TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)
)
# a unit code; empty (the form's 全办) or absent: the whole office
UnitCode = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Z0-9]*$")]
PageYear = Annotated[int | None, Query(ge=1900, le=2200)]
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

router = APIRouter(tags=["dashboard"], include_in_schema=False)
static = StaticFiles(directory=HERE / "static")


def _csp(request: Request) -> str:
    notify = request.app.state.settings.dashboard_notify_url
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {notify}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def _page(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, status_code=code, headers={**HEADERS, "Content-Security-Policy": _csp(request)})


def _to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303, headers=HEADERS)


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login", response_model=None)
async def login_form(request: Request) -> Response:
    """The sign-in form (off behind a gateway: the gateway signs people in)."""
    if not request.app.state.settings.dashboard_login_form:
        raise NotFound("看板由统一身份认证网关登录 (sign in through the gateway)")
    return _page(request, "login.html.j2", error=None)


@router.post("/login", response_model=None)
async def login(request: Request, token: Annotated[str, Form(min_length=1, max_length=8192)]) -> Response:
    """Signs in with a token (`office token`): the session cookie, then the dashboard."""
    if not request.app.state.settings.dashboard_login_form:
        raise NotFound("看板由统一身份认证网关登录 (sign in through the gateway)")
    response = RedirectResponse("/dashboard", status_code=303, headers=HEADERS)
    try:
        await session.sign_in(request, response, token.strip())
    except Unauthorized:
        return _page(request, "login.html.j2", code=401, error="令牌无效或已过期，请重新获取令牌")
    return response


@router.post("/logout")
async def logout() -> RedirectResponse:
    response = _to_login()
    session.sign_out(response)
    return response


def _years(this_year: int, shown: int) -> list[int]:
    """The years to choose from: this one and six before, and the one shown."""
    return sorted({*range(this_year - 6, this_year + 1), shown}, reverse=True)


def _context(
    request: Request, caller: Caller, view: View, units: UnitRegistry, status: ProjectionStatus
) -> dict[str, Any]:
    settings = request.app.state.settings
    office = caller.acts_for_office or caller.has("auditor")
    tz = ZoneInfo(settings.timezone)
    updated = chinese_time(status.last_event_time, tz) if status.last_event_time else "尚无数据"
    names = {u.code: u.name for u in units.units}
    ranks = {e.unit: e.rank for e in view.units.rankings["infoscore.points"]} if view.units else {}
    return {
        "caller": caller,
        "caller_unit_name": names.get(caller.unit, caller.unit),
        "v": view,
        "scope": names.get(view.unit, view.unit) if view.unit else "全办",
        "office": office,
        "choices": units.units if office else [u for u in units.units if u.code == caller.unit],
        "years": _years(utcnow().astimezone(tz).year, view.year),
        "charts": [
            (m, charts.monthly_bars(view.monthly.months[m], view.monthly.months_prev[m]))
            for m in view.monthly.months
        ],
        "monthly_names": MONTHLY_NAMES,
        "ranks": ranks,
        "status": status,
        "updated": updated,
        "poll_s": settings.dashboard_poll_s,
        "todos_url": f"{settings.dashboard_notify_url.rstrip('/')}/api/v1/todos",
    }


async def _status(db: AsyncSession) -> ProjectionStatus:
    return await projection_status(session=db, pending=None)


@router.get("/dashboard", response_model=None)
async def dashboard(
    request: Request, db: Session, units: Registry, year: PageYear = None, unit: UnitCode = None
) -> Response:
    """The year's figures beside last year's, by month and unit, the indicators, reports and to-do list."""
    caller = await session.caller_of(request)
    if caller is None:
        return _to_login()
    tz = ZoneInfo(request.app.state.settings.timezone)
    chosen_year = year or utcnow().astimezone(tz).year
    try:
        chosen = service.unit_for(caller, unit or None, units)
    except Forbidden as exc:
        return _page(request, "message.html.j2", code=403, heading="无权查看", message=exc.detail)
    view = await service.view(session=db, caller=caller, year=chosen_year, unit=chosen, units=units)
    return _page(request, "dashboard.html.j2", **_context(request, caller, view, units, await _status(db)))


@router.get("/dashboard/status.json", response_model=None)
async def figures_status(request: Request, db: Session) -> Any:
    """When the figures last changed (what the page polls)."""
    if await session.caller_of(request) is None:
        raise Unauthorized("未登录 (not signed in)")
    current = await _status(db)
    return current.model_dump(mode="json", include={"events_applied", "last_event_time"})  # office time


@router.get("/dashboard/report/{year}", response_model=None)
async def report(
    request: Request,
    year: stats_api.Year,
    db: Session,
    units: Registry,
    unit: UnitCode = None,
    format: Annotated[Literal["html", "markdown", "docx"], Query()] = "html",
) -> Any:
    """The annual report (HTML, Markdown, .docx) of `/api/v1/reports/annual/{year}`, for the page."""
    caller = await session.caller_of(request)
    if caller is None:
        return _to_login()
    chosen = service.unit_for(caller, unit or None, units)
    return await stats_api.get_annual_report(request, year, db, caller, units, chosen, format)
