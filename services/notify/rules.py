"""Who is told what: the table of event contracts that become inbox notifications, and for whom.

Every event with a `unit` is republished to that unit (`units.<code>.>`) and offered to
its webhooks, whatever its type. The table below adds the inbox: a contract listed here
becomes a notification for the unit the event concerns (every member of it sees it),
for the further units named in its data, and for the people named in its data; those
further units are also republished to and offered to their webhooks. The table is keyed
by contract class (shared/contracts/): an event is read by its contract, so a rule names
only fields the contract has (`misnamed_fields`, checked by the tests), and a title gives
times and dates in the office's time zone, as the office writes them (2022年6月1日 09:00).
A value the contract allows to be withheld (None, e.g. a classified title) shows as "—";
an event that does not match its contract is logged and read as sent.
"""

from dataclasses import dataclass
from datetime import date, datetime
from string import Formatter
from types import NoneType, UnionType
from typing import Any, Union, get_args, get_origin
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from shared.contracts import docs, infoscore, logistics, meetings, notify
from shared.contracts.base import EventData
from shared.envelope import Envelope
from shared.telemetry import log
from shared.text import chinese_date, chinese_time


@dataclass(frozen=True)
class Rule:
    """An inbox notification: its title, and which fields of the data name more recipients."""

    title: str
    to_unit: bool = True  # the envelope's `unit`: everyone of that unit sees it
    unit_fields: tuple[str, ...] = ()  # data fields holding a unit code or a list of codes
    user_fields: tuple[str, ...] = ()  # data fields holding a person (`sub`) or a list of them
    words: tuple[tuple[str, dict[str, str]], ...] = ()  # a field's codes as a person reads them

    def title_fields(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in Formatter().parse(self.title) if name is not None)


RULES: dict[type[EventData], Rule] = {
    # docs
    docs.IncomingRegistered: Rule("收文登记：{reg_no} {title}"),
    docs.IncomingAssigned: Rule(
        "收文交办：{reg_no}，办理期限 {due}", unit_fields=("lead_unit", "assist_units")
    ),
    docs.IncomingUrged: Rule(
        "收文催办：{reg_no}，期限 {due}（第 {urge_count} 次）", unit_fields=("lead_unit",)
    ),
    docs.IncomingCompleted: Rule("收文办结：{reg_no}", unit_fields=("lead_unit",)),
    docs.OutgoingReturned: Rule("发文退回修改：{issuer_code}（{reason}）", unit_fields=("drafting_unit",)),
    docs.OutgoingSigned: Rule("发文已签发：{doc_no}", unit_fields=("drafting_unit",)),
    docs.OutgoingDispatched: Rule(
        "收到发文：{doc_no} {title}", unit_fields=("drafting_unit", "recipient_units")
    ),
    docs.SupervisionCreated: Rule("督办事项：{title}，办理期限 {deadline}", unit_fields=("assignee_unit",)),
    docs.SupervisionUrged: Rule("督办催办（第 {urge_count} 次）", unit_fields=("assignee_unit",)),
    docs.SupervisionOverdue: Rule("督办事项已超期：期限 {due}", unit_fields=("assignee_unit",)),
    docs.SupervisionNoticePublished: Rule("督办月通报：{year}年{month}月", unit_fields=("recipient_units",)),
    # meetings
    meetings.MeetingNoticeSent: Rule(
        "会议通知：{title}，{start}，{room}", unit_fields=("attendee_units",), user_fields=("attendees",)
    ),
    meetings.MeetingCancelled: Rule(
        "会议取消：{title}（原定 {start}）", unit_fields=("attendee_units",), user_fields=("attendees",)
    ),
    meetings.DecisionRecorded: Rule("会议决定事项：{title}，办理期限 {due}", unit_fields=("assignee_unit",)),
    # infoscore
    infoscore.AdoptionRecorded: Rule(
        "信息被采用：{outlet}（{level}，{points} 分）", words=(("level", infoscore.LEVEL_WORDS),)
    ),
    infoscore.NoticePublished: Rule("信息工作通报：{title}", unit_fields=("recipients",)),
    # logistics
    logistics.TripApproved: Rule("用车申请已批准：{start}"),
    logistics.TripRejected: Rule("用车申请未批准：{start}"),
    logistics.DutyRosterPublished: Rule("值班表发布：{name}", user_fields=("people",)),
    logistics.DutySwapRequested: Rule("换班申请：{date}", user_fields=("with_person",)),
    logistics.DutySwapApproved: Rule("换班已批准：{date}", user_fields=("from_person", "with_person")),
    logistics.DutySwapRejected: Rule(
        "换班未批准：{date}（{rejection_reason}）", user_fields=("requested_by", "from_person", "with_person")
    ),
    logistics.DutyShiftReminder: Rule("值班提醒：{starts_at} 起", to_unit=False, user_fields=("person",)),
    # notify itself
    notify.ReminderSent: Rule("{title}", to_unit=False, unit_fields=("units",), user_fields=("users",)),
    notify.TodoDigested: Rule(
        "今日待办 {open} 项（今日到期 {due_today} 项，已超期 {overdue} 项）：{summary}"
    ),
    notify.DeliveryDeadLettered: Rule("Webhook 投递失败，已转入死信：{undelivered_type} → {url}"),
    notify.MailDeadLettered: Rule(
        "邮件投递失败，已停止重试：{mail_subject}（{address}）", user_fields=("person",)
    ),
}

# (service, entity, action) → its contract and rule; any root, any version of the type
_BY_KIND: dict[tuple[str, ...], tuple[type[EventData], Rule]] = {
    (c.service, c.entity, c.action): (c, rule) for c, rule in RULES.items()
}


def misnamed_fields(rules: dict[type[EventData], Rule]) -> list[str]:
    """`Contract.field` for each field a rule names that its contract lacks, or that holds no codes."""
    wrong: list[str] = []
    for contract, rule in rules.items():
        fields = contract.model_fields
        wrong += [f"{contract.__name__}.{n}" for n in rule.title_fields() if n not in fields]
        for name in rule.unit_fields + rule.user_fields:
            if name not in fields or not _holds_codes(fields[name].annotation):
                wrong.append(f"{contract.__name__}.{name}")
    return wrong


def _holds_codes(annotation: Any) -> bool:
    """A code, an optional one, or a list of them."""
    if annotation is str:
        return True
    args = tuple(a for a in get_args(annotation) if a is not NoneType)
    if get_origin(annotation) in (Union, UnionType):
        return args == (str,)
    return get_origin(annotation) is list and args == (str,)


@dataclass(frozen=True)
class Routing:
    """What one event becomes: the units it concerns and the inbox recipients, if any."""

    units: tuple[str, ...]  # the envelope's unit first, then those named in the data
    title: str | None  # None: no inbox notification for this type
    inbox_units: tuple[str, ...]
    inbox_users: tuple[str, ...]


def route(envelope: Envelope, *, timezone: ZoneInfo) -> Routing:
    """Reads the table for one event."""
    own = [envelope.unit] if envelope.unit else []
    found = _BY_KIND.get(tuple(envelope.nats_subject.split(".")[1:]))
    if found is None:
        return Routing(units=_unique(own), title=None, inbox_units=(), inbox_users=())
    contract, rule = found
    values = read(contract, envelope)
    named_units = _codes(values, rule.unit_fields)
    return Routing(
        units=_unique(own + named_units),
        title=title_for(rule, values, timezone),
        inbox_units=_unique((own if rule.to_unit else []) + named_units),
        inbox_users=_unique(_codes(values, rule.user_fields)),
    )


def read(contract: type[EventData], envelope: Envelope) -> dict[str, Any]:
    """The event's fields as its contract reads them; as sent (and logged) when it does not match."""
    try:
        return dict(contract.model_validate(envelope.data))
    except ValidationError as exc:
        log.warning(
            "event does not match its contract",
            event_id=envelope.id,
            contract=contract.__name__,
            error=str(exc)[:500],
        )
        return {name: envelope.data.get(name) for name in contract.model_fields}


def title_for(rule: Rule, values: dict[str, Any], timezone: ZoneInfo) -> str:
    """The rule's title with the event's values; a field the contract lacks is a KeyError."""
    words = dict(rule.words)
    shown = {
        name: _shown(words[name].get(v, v) if name in words else v, timezone) for name, v in values.items()
    }
    return rule.title.format_map(shown)[:300]


def _shown(value: Any, timezone: ZoneInfo) -> Any:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return chinese_time(value, timezone)
    if isinstance(value, date):
        return chinese_date(value)
    return value


def _codes(values: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for name in fields:
        value = values.get(name)
        if isinstance(value, str) and value:
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str) and v)
    return found


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
