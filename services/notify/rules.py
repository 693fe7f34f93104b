"""Who is told what: the table of event types that become inbox notifications, and for whom.

Every event with a `unit` is republished to that unit (`units.<code>.>`) and offered to
its webhooks, whatever its type. The table below adds the inbox: a type listed here
becomes a notification for the unit the event concerns (every member of it sees it),
for the further units named in its data, and for the people named in its data. Keys
are the event subjects without version, so a `.v2` beside a `.v1` is told once per
event it publishes (each version is its own event id: list only the one to tell).
Fields a publisher does not send are skipped; a title shows "—" for a missing value.
"""

from dataclasses import dataclass
from typing import Any

from shared.envelope import Envelope


@dataclass(frozen=True)
class Rule:
    """An inbox notification: its title, and which fields of the data name more recipients."""

    title: str
    to_unit: bool = True  # the envelope's `unit`: everyone of that unit sees it
    unit_fields: tuple[str, ...] = ()  # data fields holding a unit code or a list of codes
    user_fields: tuple[str, ...] = ()  # data fields holding a person (`sub`) or a list of them


RULES: dict[str, Rule] = {
    # docs (shared/contracts/docs.py)
    "office.docs.incoming.registered": Rule("收文登记：{reg_no} {title}"),
    "office.docs.incoming.assigned": Rule(
        "收文交办：{reg_no}，办理期限 {due}", unit_fields=("lead_unit", "assist_units")
    ),
    "office.docs.incoming.urged": Rule(
        "收文催办：{reg_no}，期限 {due}（第 {urge_count} 次）", unit_fields=("lead_unit",)
    ),
    "office.docs.incoming.completed": Rule("收文办结：{reg_no}", unit_fields=("lead_unit",)),
    "office.docs.outgoing.returned": Rule(
        "发文退回修改：{issuer_code}（{reason}）", unit_fields=("drafting_unit",)
    ),
    "office.docs.outgoing.signed": Rule("发文已签发：{doc_no}", unit_fields=("drafting_unit",)),
    "office.docs.outgoing.dispatched": Rule(
        "收到发文：{doc_no} {title}", unit_fields=("drafting_unit", "recipient_units")
    ),
    "office.docs.supervision.created": Rule(
        "督办事项：{title}，办理期限 {deadline}", unit_fields=("assignee_unit",)
    ),
    "office.docs.supervision.urged": Rule("督办催办（第 {urge_count} 次）", unit_fields=("assignee_unit",)),
    "office.docs.supervision.overdue": Rule("督办事项已超期：期限 {due}", unit_fields=("assignee_unit",)),
    "office.docs.supervision_notice.published": Rule("督办月通报：{year} 年 {month} 月"),
    # meetings (shared/contracts/meetings.py)
    "office.meetings.meeting.noticed": Rule(
        "会议通知：{title}，{start}，{room}", unit_fields=("attendee_units",), user_fields=("attendees",)
    ),
    "office.meetings.meeting.cancelled": Rule(
        "会议取消：{title}（原定 {start}）", unit_fields=("attendee_units",), user_fields=("attendees",)
    ),
    "office.meetings.decision.recorded": Rule(
        "会议决定事项：{title}，办理期限 {due}", unit_fields=("assignee_unit",)
    ),
    # infoscore (shared/contracts/infoscore.py)
    "office.infoscore.adoption.recorded": Rule("信息被采用：{outlet}（{level}，{points} 分）"),
    "office.infoscore.notice.published": Rule("信息工作通报：{title}"),
    # logistics (shared/contracts/logistics.py)
    "office.logistics.trip.approved": Rule("用车申请已批准：{start}"),
    "office.logistics.trip.rejected": Rule("用车申请未批准：{start}"),
    "office.logistics.duty.published": Rule("值班表发布：{name}", user_fields=("people",)),
    "office.logistics.duty.swap_requested": Rule("换班申请：{date}", user_fields=("with_person",)),
    "office.logistics.duty.swap_approved": Rule(
        "换班已批准：{date}", user_fields=("from_person", "with_person")
    ),
    "office.logistics.duty.swap_rejected": Rule(
        "换班未批准：{date}（{rejection_reason}）", user_fields=("requested_by",)
    ),
    "office.logistics.duty.reminded": Rule(
        "值班提醒：{date} {starts_at} 起", to_unit=False, user_fields=("person",)
    ),
    # notify itself
    "office.notify.reminder.sent": Rule(
        "{title}", to_unit=False, unit_fields=("units",), user_fields=("users",)
    ),
    "office.notify.todo.digested": Rule(
        "今日待办 {open} 项（今日到期 {due_today} 项，已超期 {overdue} 项）：{summary}"
    ),
    "office.notify.delivery.dead_lettered": Rule("Webhook 投递失败，已转入死信：{undelivered_type} → {url}"),
    "office.notify.mail.dead_lettered": Rule(
        "邮件投递失败，已停止重试：{mail_subject}（{address}）", user_fields=("person",)
    ),
}


@dataclass(frozen=True)
class Routing:
    """What one event becomes: the units it concerns and the inbox recipients, if any."""

    units: tuple[str, ...]  # the envelope's unit first, then those named in the data
    title: str | None  # None: no inbox notification for this type
    inbox_units: tuple[str, ...]
    inbox_users: tuple[str, ...]


def route(envelope: Envelope) -> Routing:
    """Reads the table for one event."""
    rule = RULES.get(envelope.nats_subject)
    named_units = _values(envelope.data, rule.unit_fields) if rule else []
    units = _unique(([envelope.unit] if envelope.unit else []) + named_units)
    if rule is None:
        return Routing(units=units, title=None, inbox_units=(), inbox_users=())
    inbox_units = _unique(([envelope.unit] if envelope.unit and rule.to_unit else []) + named_units)
    return Routing(
        units=units,
        title=title_for(rule, envelope.data),
        inbox_units=inbox_units,
        inbox_users=_unique(_values(envelope.data, rule.user_fields)),
    )


def title_for(rule: Rule, data: dict[str, Any]) -> str:
    """The rule's title with the event's values; a missing or withheld value shows as "—"."""
    return rule.title.format_map(_Shown(data))[:300]


class _Shown(dict[str, Any]):
    def __getitem__(self, key: str) -> Any:
        value = super().get(key)
        return "—" if value is None else value


def _values(data: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for name in fields:
        value = data.get(name)
        if isinstance(value, str) and value:
            found.append(value)
        elif isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str) and v)
    return found


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
