"""（七）上传下达，绩效管理: the performance indicators (绩效指标) kept in the aggregate."""

from services.aggregate.indicators.schemas import IndicatorRead, IndicatorsSummary
from services.aggregate.report.data import ReportData, profile_value
from services.aggregate.report.placeholders import Value, Writer
from services.aggregate.report.text import Section, opened
from services.aggregate.report.wording import names

GROUPS = {"高质量发展": ("basic", "aspirational"), "超额加分": ("bonus",), "机关管理": ("management",)}
QUALITY = ("basic", "aspirational")
NO_INDICATORS = "请登记本年度的绩效指标（PUT /api/v1/indicators/{year}/{code}）"
UNIT_ONLY = "绩效指标只按全厅登记"


def _of(summary: IndicatorsSummary | None, kinds: tuple[str, ...]) -> list[IndicatorRead]:
    return [] if summary is None else [i for i in summary.items if i.kind in kinds]


def _all_met(summary: IndicatorsSummary | None, kinds: tuple[str, ...]) -> bool:
    items = _of(summary, kinds)
    return bool(items) and all(i.completed for i in items)


def _full_bonus(summary: IndicatorsSummary | None) -> list[str]:
    return [i.name for i in _of(summary, ("bonus",)) if i.points and (i.self_score or 0) >= i.points]


class Indicators:
    """The year's indicators beside the two years before, and how placeholders read them."""

    def __init__(self, w: Writer, d: ReportData) -> None:
        self.w = w
        found = d.indicators or {}
        self.now, self.before = found.get(d.year), [found.get(d.year - 1), found.get(d.year - 2)]
        self.missing = UNIT_ONLY if d.voice.is_unit else NO_INDICATORS.replace("{year}", str(d.year))
        self.held = self.now is not None and bool(self.now.items)

    def put(self, n: int, value: Value, metric: str, measure: str = "") -> str:
        shown = value if self.held else None
        return self.w.value(
            n, shown, "records", f"indicators.{metric}", measure=measure, missing=self.missing
        )

    def count(self, kinds: tuple[str, ...]) -> int:
        return len(_of(self.now, kinds))

    def points(self, kinds: tuple[str, ...]) -> int:
        return sum(i.points for i in _of(self.now, kinds))

    def score(self, kinds: tuple[str, ...]) -> int:
        return sum(i.self_score or 0 for i in _of(self.now, kinds))

    def completed(self, kinds: tuple[str, ...]) -> int:
        return sum(1 for i in _of(self.now, kinds) if i.completed)


def _highlights(x: Indicators, year: int) -> str:
    """承担…指标任务完成度取得新突破、…指标三年来首次全部达标，…指标近三年来首次超额达标."""
    held = [g for g, kinds in GROUPS.items() if _of(x.now, kinds)]
    met = [g for g, kinds in GROUPS.items() if _all_met(x.now, kinds)]
    first_met = met and not any(_all_met(s, GROUPS[g]) for g in met for s in x.before)
    full = _full_bonus(x.now)
    first_full = full and not any(_full_bonus(s) for s in x.before)
    text = f"{year}年承担{x.put(39, names(held), 'groups')}指标任务完成度取得新突破、"
    text += (
        f"{x.put(40, names(met) or '无', 'groups_all_met')}指标{'三年来首次' if first_met else ''}全部达标，"
    )
    text += (
        f"{x.put(41, names(full) or '无', 'bonus_full')}指标{'近三年来首次' if first_full else ''}超额达标。"
    )
    return x.w.sentence(text)


def _quality(x: Indicators) -> str:
    return x.w.sentence(
        f"一是高质量发展指标共{x.put(42, x.count(QUALITY), 'quality.count', '项')}"
        f"（合计{x.put(43, x.points(QUALITY), 'quality.points', '分')}）。"
        f"自评完成{x.put(44, x.completed(QUALITY), 'quality.completed', '项')}指标，"
        f"得{x.put(45, x.score(QUALITY), 'quality.self_score', '分')}。"
    )


def _bonus(x: Indicators) -> str:
    bonus = _of(x.now, ("bonus",))
    text = (
        f"二是超额加分指标{x.put(46, len(bonus), 'bonus.count', '项')}"
        f"（合计{x.put(47, x.points(('bonus',)), 'bonus.points', '分')}）。"
    )
    clauses = []
    for index, (name_n, points_n) in enumerate(((48, 49), (50, 51))):
        item = bonus[index] if index < len(bonus) else None
        name = x.put(name_n, item.name if item else None, f"bonus[{index + 1}].name")
        points = x.put(points_n, item.points if item else None, f"bonus[{index + 1}].points", "分")
        clauses.append(f"{name}指标预计可加满分{points}")
    clauses += [f"{i.name}指标预计可加满分{i.points}分" for i in bonus[2:]]
    return x.w.sentence(text + "，".join(clauses) + "。")


def _opinions(x: Indicators, d: ReportData) -> str:
    opinions = d.stats.docs.supervision.by_source["public_opinion"]
    count = x.w.count(54, opinions.created, "docs.supervision.source.public_opinion", "条")
    done = (
        "自评已全部完成整改"
        if opinions.completed >= opinions.created
        else f"已完成整改{opinions.completed}条"
    )
    return x.w.sentence(
        f"三是{d.year - 1}年度{profile_value(x.w, d, 52, 'assessment')}社会评价群众意见建议"
        f"（{profile_value(x.w, d, 53, 'opinion_scope')}）{count}。{done}，并已将自评材料报厅绩效办审核。"
    )


def _declared(x: Indicators, d: ReportData) -> str:
    basic_risk = any(i.at_risk for i in _of(x.now, ("basic",)))
    expected = "部分基本指标存在扣分风险，基本指标" if basic_risk else "预计所有的基本指标均能完成，"
    return x.w.sentence(
        f"四是高质量发展指标完成情况。{d.year}年{d.voice.we}申报高质量发展指标"
        f"{x.put(55, x.count(QUALITY), 'quality.count', '项')}，"
        f"共{x.put(56, x.points(QUALITY), 'quality.points', '分')}。"
        f"其中，进取性目标{x.put(57, x.count(('aspirational',)), 'aspirational.count', '项')}，"
        f"{x.put(58, x.points(('aspirational',)), 'aspirational.points', '分')}。"
        f"{expected}得{x.put(59, x.score(('basic',)), 'basic.self_score', '分')}；"
        f"进取性目标得{x.put(60, x.score(('aspirational',)), 'aspirational.self_score', '分')}，"
        f"合计得{x.put(61, x.score(QUALITY), 'quality.self_score', '分')}。"
    )


def _management(x: Indicators, d: ReportData) -> str:
    risky = [i for i in (x.now.items if x.now else []) if i.at_risk]
    listed = x.put(64, names([i.name for i in risky]) or "无", "at_risk.names")
    stake = x.put(65, sum(i.points - (i.self_score or 0) for i in risky), "at_risk.points", "分")
    text = (
        f"五是机关管理指标完成情况。{d.year}年涉及考核{d.voice.we}共性指标共"
        f"{x.put(62, x.count(('management',)), 'management.count', '分项')}，"
        f"共得{x.put(63, x.score(('management',)), 'management.self_score', '分')}。"
    )
    if not risky:
        return x.w.sentence(text + f"{listed}指标存在扣分风险，可能扣{stake}。")
    return x.w.sentence(text + f"“{listed}”指标存在扣分风险，可能扣{stake}。")


def performance(w: Writer, d: ReportData) -> Section:
    title = "（七）上传下达，绩效管理，进一步提质"
    opened(w, title)
    x = Indicators(w, d)
    text = (
        _highlights(x, d.year)
        + _quality(x)
        + _bonus(x)
        + _opinions(x, d)
        + _declared(x, d)
        + _management(x, d)
    )
    return Section(key="performance", title=title, paragraphs=[text])
