"""Every reportable metric: its Chinese name, its measure and the kind of value it takes."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

ValueKind = Literal["count", "money"]
MAX_VALUE = Decimal("1e12")


@dataclass(frozen=True)
class ReportedMetric:
    metric: str
    name: str
    measure: str  # 人, 元, 次, 个工作日
    kind: ValueKind  # count: a whole number; money: yuan with at most two decimals
    per_unit: bool  # a unit may enter its own figure beside the department's


METRICS: tuple[ReportedMetric, ...] = (
    ReportedMetric("party.excellent_members", "表彰优秀共产党员", "人", "count", True),
    ReportedMetric("party.activists", "培养入党积极分子", "人", "count", True),
    ReportedMetric("party.probationary", "发展预备党员", "人", "count", True),
    ReportedMetric("party.role_models", "推选身边榜样", "人", "count", True),
    ReportedMetric("party_fees.income", "全年党费收入", "元", "money", True),
    ReportedMetric("party_fees.spent", "全年党费支出（含上缴党费）", "元", "money", True),
    ReportedMetric("party_fees.carried", "党费上年结余", "元", "money", True),
    ReportedMetric("party_fees.balance", "党费目前结余", "元", "money", True),
    ReportedMetric("discipline.inspections", "开展监督检查", "次", "count", True),
    ReportedMetric("discipline.criticised", "批评教育", "人", "count", True),
    ReportedMetric("discipline.sanctioned", "行政处分", "人", "count", True),
    ReportedMetric("discipline.refunded", "清退违规款项", "元", "money", True),
    ReportedMetric("approval.days", "项目审批时限", "个工作日", "count", False),
)
BY_METRIC = {m.metric: m for m in METRICS}


def canonical(metric: ReportedMetric, value: object) -> str | None:
    """The value as stored (`12`, `3560.50`), or None when it is not of the metric's kind."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number >= MAX_VALUE:
        return None
    if metric.kind == "count":
        return str(int(number)) if number == number.to_integral_value() else None
    cents = number.quantize(Decimal("0.01"))
    return f"{cents:.2f}" if cents == number else None
