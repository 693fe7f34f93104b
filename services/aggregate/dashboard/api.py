"""The dashboard's routes: `/` → `/dashboard`, sign-in and out, the page, its status poll, the reports."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from services.aggregate.dashboard import page, service, session
from services.aggregate.dashboard.schemas import DashboardFilters
from services.aggregate.report import answer
from shared.app import Registry, Session
from shared.bounds import YearPath
from shared.command import office_timezone
from shared.errors import Forbidden, NotFound, Unauthorized

# a unit code; empty (the form's 全办) or absent: the whole office
UnitCode = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Z0-9]*$")]
router = APIRouter(tags=["dashboard"], include_in_schema=False)
static = StaticFiles(directory=page.HERE / "static")


@router.get("/")
async def home() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login", response_model=None)
async def login_form(request: Request) -> Response:
    """The sign-in form (off behind a gateway: the gateway signs people in)."""
    if not request.app.state.settings.dashboard_login_form:
        raise NotFound("看板由统一身份认证网关登录 (sign in through the gateway)")
    return page.render(request, "login.html.j2", error=None)


@router.post("/login", response_model=None)
async def login(request: Request, token: Annotated[str, Form(min_length=1, max_length=8192)]) -> Response:
    """Signs in with a token (`office token`): the session cookie, then the dashboard."""
    if not request.app.state.settings.dashboard_login_form:
        raise NotFound("看板由统一身份认证网关登录 (sign in through the gateway)")
    response = RedirectResponse("/dashboard", status_code=303, headers=page.HEADERS)
    try:
        await session.sign_in(request, response, token.strip())
    except Unauthorized:
        return page.render(request, "login.html.j2", code=401, error="令牌无效或已过期，请重新获取令牌")
    return response


@router.post("/logout")
async def logout() -> RedirectResponse:
    response = page.to_login()
    session.sign_out(response)
    return response


@router.get("/dashboard", response_model=None)
async def dashboard(
    request: Request, db: Session, units: Registry, filters: Annotated[DashboardFilters, Query()]
) -> Response:
    """The year's figures beside last year's, by month and unit, the indicators, reports and to-do list."""
    caller = await session.caller_of(request)
    if caller is None:
        return page.to_login()
    year = service.year_shown(filters.year, office_timezone(request))
    try:
        chosen = service.unit_for(caller, filters.unit or None, units)
    except Forbidden as exc:
        return page.render(request, "message.html.j2", code=403, heading="无权查看", message=exc.detail)
    view = await service.view(session=db, caller=caller, year=year, unit=chosen, units=units)
    status = await service.projection(db)
    return page.render(request, "dashboard.html.j2", **page.context(request, caller, view, units, status))


@router.get("/dashboard/status.json", response_model=None)
async def figures_status(request: Request, db: Session) -> Any:
    """When the figures last changed (what the page polls)."""
    if await session.caller_of(request) is None:
        raise Unauthorized("未登录 (not signed in)")
    return await service.last_change(db)


@router.get("/dashboard/report/{year}", response_model=None)
async def report(
    request: Request,
    year: YearPath,
    db: Session,
    units: Registry,
    unit: UnitCode = None,
    format: Annotated[Literal["html", "markdown", "docx"], Query()] = "html",
) -> Any:
    """The annual report (HTML, Markdown, .docx) of `/api/v1/reports/annual/{year}`, for the page."""
    caller = await session.caller_of(request)
    if caller is None:
        return page.to_login()
    chosen = service.unit_for(caller, unit or None, units)
    profile = request.app.state.profile
    return await answer.annual_report(db, units, profile, year=year, unit=chosen, format=format)
