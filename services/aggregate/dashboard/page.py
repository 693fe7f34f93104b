"""The dashboard's pages: its templates, security headers, and what the main page shows."""

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.aggregate import metrics as M
from services.aggregate.dashboard import charts
from services.aggregate.dashboard.service import MONTHLY_NAMES, View
from services.aggregate.schemas import ProjectionStatus
from shared.auth import Caller
from shared.envelope import utcnow
from shared.text import chinese_time
from shared.units import UnitRegistry

HERE = Path(__file__).parent
TEMPLATES = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def _csp(request: Request) -> str:
    notify = request.app.state.settings.dashboard_notify_url
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self' {notify}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


def render(request: Request, template: str, code: int = 200, **context: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(**context)
    return HTMLResponse(html, status_code=code, headers={**HEADERS, "Content-Security-Policy": _csp(request)})


def to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303, headers=HEADERS)


def _years(this_year: int, shown: int) -> list[int]:
    """The years to choose from: this one and six before, and the one shown."""
    return sorted({*range(this_year - 6, this_year + 1), shown}, reverse=True)


def context(
    request: Request, caller: Caller, view: View, units: UnitRegistry, status: ProjectionStatus
) -> dict[str, Any]:
    settings = request.app.state.settings
    office = caller.sees_every_unit
    tz = ZoneInfo(settings.timezone)
    updated = chinese_time(status.last_event_time, tz) if status.last_event_time else "尚无数据"
    names = {u.code: u.name for u in units.units}
    ranks = {e.unit: e.rank for e in view.units.rankings[M.INFO_POINTS]} if view.units else {}
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
