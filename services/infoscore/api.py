"""Routes of the infoscore service: one router per sub-domain."""

from fastapi import APIRouter

from services.infoscore.disclosure.api import router as disclosure
from services.infoscore.rankings.api import router as rankings
from services.infoscore.rules.api import router as rules
from services.infoscore.submissions.api import router as submissions

router = APIRouter()
for sub in (rules, submissions, rankings, disclosure):
    router.include_router(sub)
