"""The report's sections: each a pure function of the year's statistics.

Sentences follow the 2022 work summary the office wrote by hand, section by section.
"""

from collections.abc import Callable

from pydantic import BaseModel

from services.aggregate.indicators.schemas import IndicatorsSummary
from services.aggregate.report.wording import against_last_year, movement, pct, rank_change, trend
from services.aggregate.schemas import YearStats


class Section(BaseModel):
    key: str
    title: str
    paragraphs: list[str]


def documents(s: YearStats) -> Section:
    r, sent, y = s.docs.received, s.docs.sent.total, s.year
    sup = s.docs.supervision
    return Section(
        key="docs",
        title="（一）办文",
        paragraphs=[
            f"{y}年收文量比去年{trend(r.total)}，接收来文{r.total.value}件，"
            f"{against_last_year(r.total, '件')}；"
            f"其中，OA系统电子{r.oa.value}件，内网{r.intranet.value}件，纸质和邮箱收文{r.paper_email.value}件，"
            f"密件{r.classified.value}件。",
            f"发送公文数量较去年{trend(sent, up='有所增加')}，发送{sent.value}件，"
            f"{against_last_year(sent, '件')}。"
            f"全年发文退回修改{s.docs.returned}次。",
            f"{y}年完成厅党组会议纪要、各类总结、讲话、报告、调研文章等综合材料{s.docs.materials}份。",
            f"督办事项{sup.created}项，办结{sup.completed}项，超期{sup.overdue}项。",
        ],
    )


def meetings(s: YearStats) -> Section:
    m = s.meetings
    return Section(
        key="meetings",
        title="（二）办会",
        paragraphs=[
            f"{s.year}年，召开列入省委、省政府统计范围的会议{m.provincial_stat}次，"
            f"召开协调会、推进会、调度会、现场办公会、征求意见会{m.working}次，"
            f"召开有外单位参加的其他会议{m.external_other}次，召开厅党组会议{m.party_group}次，"
            f"以及厅务会{m.office_affairs}次，全年共召开各类会议{m.total}次。"
        ],
    )


def logistics(s: YearStats) -> Section:
    g = s.logistics
    return Section(
        key="logistics",
        title="（三）后勤服务",
        paragraphs=[
            f"组织公务接待{g.get('receptions', 0)}批次，安排公务用车{g.get('trips', 0)}车次，"
            f"采购办公用品{g.get('purchases', 0)}批次、领用{g.get('requisitions', 0)}次，"
            f"征订报刊{g.get('subscriptions', 0)}种，受理报修{g.get('tickets.opened', 0)}件、"
            f"办结{g.get('tickets.resolved', 0)}件，完成网站等巡检{g.get('inspections', 0)}次。"
        ],
    )


def information(s: YearStats) -> Section:
    i, y = s.infoscore, s.year
    first = f"政务信息{y}年报送{i.submitted}条，采用{i.adopted}条，得分{i.points}分"
    if i.region_rank is not None:
        first += f"，{rank_change(i.region_rank, i.region_rank_prev)}"
    department = i.points_by_level.get("department", 0)
    met = "已超额完成" if i.target_points and i.points >= i.target_points else "尚未完成"
    second = f"政务信息被厅本级刊物信息采用得分{department}分"
    if i.target_points:
        second += f"，{met}年度任务总分{i.target_points}分的绩效目标"
    second += f"，较去年总得分{i.points_prev}分{movement(i.points, i.points_prev)}。"
    party = i.party_info
    third = f"党委信息，我厅完成任务{party.done}条，任务完成百分比{pct(party.pct)}。"
    return Section(key="infoscore", title="（四）政务信息", paragraphs=[first + "。", second, third])


def disclosure(s: YearStats) -> Section:
    return Section(
        key="disclosure",
        title="（五）政务公开",
        paragraphs=[f"落实信息公开月报制度，{s.year}年在我厅官网共发布信息{s.infoscore.disclosures}条。"],
    )


def performance(summary: IndicatorsSummary) -> Section:
    k = summary.by_kind
    quality = k["basic"].count + k["aspirational"].count
    quality_points = k["basic"].points + k["aspirational"].points
    paragraphs = [
        f"一是高质量发展指标共{quality}项（合计{quality_points}分）。"
        f"自评完成{k['basic'].completed + k['aspirational'].completed}项指标，"
        f"得{k['basic'].self_score + k['aspirational'].self_score}分；"
        f"其中进取性目标{k['aspirational'].count}项，{k['aspirational'].points}分，"
        f"得{k['aspirational'].self_score}分。",
        f"二是超额加分指标{k['bonus'].count}项（合计{k['bonus'].points}分），"
        f"预计加分{k['bonus'].self_score}分。",
        f"三是机关管理指标共{k['management'].count}项，共得{k['management'].self_score}分。",
    ]
    if summary.at_risk:
        names = "、".join(f"“{name}”" for name in summary.at_risk)
        paragraphs.append(f"{names}指标存在扣分风险。")
    return Section(key="performance", title="（七）绩效管理", paragraphs=paragraphs)


def party_building(s: YearStats) -> Section:
    k = s.meetings.by_kind
    return Section(
        key="party_building",
        title="（八）党建工作",
        paragraphs=[
            f"推进“三会一课”制度经常化、规范化，召开支部会议{k.get('party_branch', 0)}次。"
            f"开展“主题党日活动”{k.get('theme_party_day', 0)}次，"
            f"召开组织生活会{k.get('organisational_life', 0)}次、"
            f"民主生活会{k.get('democratic_life', 0)}次，组织中心组理论学习{k.get('group_study', 0)}次。"
        ],
    )


def integrity(s: YearStats) -> Section:
    k = s.meetings.by_kind
    return Section(
        key="integrity",
        title="（九）党风廉政",
        paragraphs=[
            f"年内组织警示教育{k.get('warning_education', 0)}次，集体廉政谈话{k.get('integrity_talk', 0)}次。"
        ],
    )


SECTIONS: list[Callable[[YearStats], Section]] = [
    documents,
    meetings,
    logistics,
    information,
    disclosure,
    party_building,
    integrity,
]


def sections(stats: YearStats, indicators: IndicatorsSummary | None = None) -> list[Section]:
    """Every section in the summary's order; 绩效 only where indicators are kept (the office)."""
    made = [make(stats) for make in SECTIONS]
    if indicators is not None and indicators.items:
        made.insert(5, performance(indicators))
    return made


def title(stats: YearStats, unit_name: str | None) -> str:
    whose = unit_name or "办公室"
    return f"{whose}{stats.year}年度工作统计报告"
