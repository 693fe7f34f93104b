"""The annual report answered in the format asked for (the caller may see its unit)."""

from typing import Any

from fastapi import Response
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from services.aggregate.profile import Profile
from services.aggregate.report import build, render
from services.aggregate.report.charts import Form
from shared.downloads import DOCX, attachment
from shared.units import UnitRegistry


async def annual_report(
    session: AsyncSession, units: UnitRegistry, profile: Profile, *, year: int, unit: str | None, format: str
) -> Any:
    """The report as JSON (the model), Markdown, HTML or .docx: the API's and the dashboard's answer."""
    report = await build.annual_report(session=session, year=year, unit=unit, units=units, profile=profile)
    if format == "json":
        return report
    if format == "markdown":
        return Response(render.markdown(report), media_type="text/markdown; charset=utf-8")
    form: Form = "svg" if format == "html" else "png"
    charts = await build.report_charts(session=session, report=report, units=units, form=form)
    if format == "html":
        return HTMLResponse(render.html(report, charts))
    fallback = f"annual-report-{year}{'-' + unit if unit else ''}.docx"
    return Response(
        render.docx(report, charts), media_type=DOCX, headers=attachment(f"{report.title}.docx", fallback)
    )
