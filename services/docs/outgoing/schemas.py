"""Requests and answers of outgoing documents (发文) and the format check."""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.bounds import MaybeCode, Text20, Text50, Text100, Text200, Text500, Year, lines
from shared.business_time import Moment
from shared.contracts.docs import Classification, OutgoingKind, OutgoingStatus, Urgency
from shared.query import TextSearch
from shared.text import NO_NUL
from shared.types import OfficeTime

Body = Annotated[str, lines(100_000, min_length=0, strip=False)]
ISSUER_CODE_PATTERN = r"^[^\s\d〔〕\[\]【】()（）号\x00-\x1f\x7f]+$"
IssuerCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=ISSUER_CODE_PATTERN)
]


class Attachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text200


class DocumentFields(BaseModel):
    """What a draft and a format check have in common."""

    model_config = ConfigDict(extra="forbid")

    kind: OutgoingKind = Field(description="文种")
    drafting_unit: MaybeCode = Field(None, description="拟稿单位 code; default the caller's unit")
    main_recipients: list[Text100] = Field(
        default_factory=list, max_length=200, description="主送机关: unit codes or names"
    )
    cc_recipients: list[Text100] = Field(
        default_factory=list, max_length=200, description="抄送机关: unit codes or names"
    )
    classification: Classification = "none"
    urgency: Urgency = "normal"
    secrecy_period: Text20 | None = Field(None, description="保密期限, e.g. 1年, 6个月, 长期")
    signer: Text50 | None = Field(None, description="签发人 (for 请示 and 报告)")
    body: Body = Field("", description="正文, with the 附件说明 when there are attachments")
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)


class OutgoingFields(DocumentFields):
    """A document's text and metadata, as drafted."""

    title: Text200 = Field(description="标题")
    issuer_code: IssuerCode = Field(description="发文机关代字, e.g. X厅办发")


class OutgoingCreate(OutgoingFields):
    at: Moment | None = Field(None, description="business time of the action; default now")


class OutgoingRevise(OutgoingFields):
    """A whole new version of a draft or a returned document."""

    at: Moment | None = Field(None, description="business time of the action; default now")


class FormatCheckRequest(DocumentFields):
    """The same body as a draft, checked as it is (an empty title is a finding, not a 422)."""

    title: Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)] = ""
    issuer_code: Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)] | None = None
    doc_no: Annotated[str, StringConstraints(max_length=80, pattern=NO_NUL)] | None = Field(
        None, description="发文字号 as written, e.g. X厅办发〔2022〕17号"
    )
    signed_date: Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)] | None = Field(
        None, description="成文日期 as written, e.g. 2022年1月5日"
    )


class Action(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: Moment | None = Field(None, description="business time of the action; default now")


class ReturnRequest(Action):
    reason: Text500 = Field(description="退回修改的原因")


class DispatchRequest(Action):
    dispatched_at: Moment | None = Field(None, description="分发时间; default `at`, or now")


class FindingRead(BaseModel):
    code: str
    severity: str
    field: str
    message: str
    where: str | None = Field(None, description="in a .docx: the paragraph (number and text) or section")


class CheckResult(BaseModel):
    ok: bool = Field(description="no finding is an error")
    findings: list[FindingRead]


class ReturnRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reason: str
    returned_by: str
    returned_at: OfficeTime


class OutgoingSummary(BaseModel):
    """An outgoing document as lists show it: everything but the body."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    kind: OutgoingKind
    issuer_code: str
    drafting_unit: str
    main_recipients: list[str]
    cc_recipients: list[str]
    classification: Classification
    urgency: Urgency
    secrecy_period: str | None
    signer: str | None
    attachments: list[Attachment]
    status: OutgoingStatus
    year: int
    findings: list[FindingRead] | None
    checked_at: OfficeTime | None
    file_size: int | None = Field(None, description="bytes of the draft's .docx (PUT …/file), if any")
    submissions: int
    return_count: int
    returns: list[ReturnRead]
    doc_no: str | None
    signed_date: str | None
    drafted_by: str
    drafted_at: OfficeTime
    submitted_at: OfficeTime | None
    approved_by: str | None
    approved_at: OfficeTime | None
    signed_by: str | None
    signed_at: OfficeTime | None
    dispatched_at: OfficeTime | None
    recipient_units: list[str] | None = Field(
        None, description="分发所至单位: the registry units the dispatch reached, groups (各处室) resolved"
    )


class OutgoingRead(OutgoingSummary):
    """One outgoing document, with its body (正文)."""

    body: str


def upload_schemas() -> dict[str, Any]:
    """OpenAPI components of `POST /outgoing/check`, which reads its body itself (JSON or .docx)."""
    check = FormatCheckRequest.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = check.pop("$defs", {})
    upload = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary", "description": "the draft's .docx (≤ 10 MiB)"},
            "meta": {"type": "string", "description": "FormatCheckRequest as JSON (optional)"},
        },
        "required": ["file"],
    }
    return {**defs, "FormatCheckRequest": check, "DocxUpload": upload}


class OutgoingFilters(BaseModel):
    """The filters of `GET /outgoing` (query parameters)."""

    year: Year | None = Field(None, description="year of drafting, or of signing")
    status: OutgoingStatus | None = None
    unit: MaybeCode = Field(None, description="drafting unit")
    q: TextSearch = None
