"""（八）党建工作, （九）党风廉政, （十）机关建设: meetings of the party's kinds, reported figures."""

from services.aggregate.report.data import ReportData, profile_value, reported_value
from services.aggregate.report.placeholders import Writer
from services.aggregate.report.text import Section, opened


def _members(w: Writer, d: ReportData) -> str:
    v, y = d.voice, d.year
    honoured = w.sentence(
        f"三是加强党员队伍建设。对各支部{y - 1}年度民主评议评选出来的"
        f"{reported_value(w, d, 67, 'party.excellent_members')}名优秀共产党员予以表彰。"
    )
    grown = w.sentence(
        f"举办了{v.we}党支部“强基创星”攻坚大行动培训会。"
        f"{y}年培养{reported_value(w, d, 68, 'party.activists')}"
        f"名入党积极分子，{reported_value(w, d, 69, 'party.probationary')}名预备党员。"
    )
    models = w.sentence(
        f"选树身边榜样，机关支部推选{reported_value(w, d, 70, 'party.role_models')}名，"
        "激励党员干部向榜样看齐，担当作为。"
    )
    return honoured + grown + models


def _fees(w: Writer, d: ReportData) -> str:
    above = d.facts.organs_committee or "上级党组织"
    return (
        "四是加强党费收缴和使用管理。设立党费专户，加强党费收缴和使用管理，每月将党费收缴使用情况进行公示，接受党员的监督。"
        + (
            w.sentence(
                f"截至{d.year}年，全年党费收入{reported_value(w, d, 71, 'party_fees.income')}元，"
                f"支出{reported_value(w, d, 72, 'party_fees.spent')}元（包含上缴{above}党费），"
                f"上年结余{reported_value(w, d, 73, 'party_fees.carried')}元，"
                f"目前共结余{reported_value(w, d, 74, 'party_fees.balance')}元。"
            )
        )
    )


def party_building(w: Writer, d: ReportData) -> Section:
    title = "（八）抓实抓细，党建工作，进一步夯实"
    opened(w, title)
    days = d.stats.meetings.by_kind.get("theme_party_day", 0)
    education = w.sentence(
        "二是加强党员教育。推进“三会一课”制度经常化、规范化。"
        f"开展形式丰富多样的“主题党日活动”{w.count(66, days, 'meetings.kind.theme_party_day', '次')}。"
    )
    text = (
        "一是加强党组织建设。督促各党支部按时换届；按照“七有”标准，设立完善党员活动室。"
        + education
        + "常态化开展谈心谈话，召开组织生活会和民主评议工作。"
        + _members(w, d)
        + _fees(w, d)
        + "五是开展“强基创星”攻坚大行动。组织各支部开展“强基创星”攻坚大行动，争取创建星级党组织。"
    )
    return Section(key="party_building", title=title, paragraphs=[text])


def _politics(w: Writer, d: ReportData) -> str:
    return (
        w.sentence(
            "一是加强政治建设，坚决贯彻执行中央、"
            f"{profile_value(w, d, 75, 'party_committee')}和{d.voice.we}重大决策部署，"
            "落实“六稳”、“六保”工作要求。"
        )
        + "认真履行全面从严治党要求，严格落实“一岗双责”，督促班子成员和处室负责人层层压实从严治党责任。"
    )


def _education(w: Writer, d: ReportData) -> str:
    m = d.stats.meetings
    kinds = m.by_kind
    return w.sentence(
        "二是加强教育引导，筑牢思想防线。通过加强理论武装、典型引导、警示教育、以案促改，常态化谈心谈话，"
        "教育干部廉洁自律，牢记初心，强化使命，担当作为，"
        f"年内组织{w.count(76, kinds.get('study', 0), 'meetings.kind.study', '场次')}学习，"
        f"警示教育{w.count(77, kinds.get('warning_education', 0), 'meetings.kind.warning_education', '次')}，"
        f"集体廉政谈话{w.count(78, kinds.get('integrity_talk', 0), 'meetings.kind.integrity_talk', '次')}，"
        f"个人谈话提醒{w.count(79, m.reminder_talk_people, 'meetings.reminder_talk.people', '人次')}。"
    )


def _oversight(w: Writer, d: ReportData) -> str:
    rules = w.count(80, d.stats.docs.regulations, "docs.regulations", "项")
    return (
        w.sentence(f"三是加强监督管理，做好风险防控。修订完善了{rules}制度，加强内部管理和权力规范。")
        + w.sentence(
            "围绕关键环节、重要时间节点开展"
            f"{reported_value(w, d, 81, 'discipline.inspections')}余次监督检查，"
            "抓好问题整改，做好风险防控。"
        )
        + w.sentence(
            "支持配合纪检部门办案查案，严肃查处违法违纪行为，"
            f"批评教育{reported_value(w, d, 82, 'discipline.criticised')}人，"
            f"行政处分{reported_value(w, d, 83, 'discipline.sanctioned')}人。"
        )
    )


def _fewer_documents(w: Writer, d: ReportData) -> str:
    """整治文山会海，今年减少发文N％ (or 发文增加N％, or 与去年持平)."""
    sent = d.stats.docs.sent.total
    cut = -sent.delta_pct if sent.delta_pct is not None else None
    why = "去年无发文记录，不计减少发文百分比"
    shown = w.value(
        84, cut if cut is None else abs(cut), "records", "docs.sent.total.cut_pct", measure="％", missing=why
    )
    if cut is None:
        return f"整治文山会海，今年发文{sent.value}件（{shown}）"
    if cut == 0:
        return "整治文山会海，今年发文数量与去年持平"
    return f"整治文山会海，今年{'减少' if cut > 0 else '增加'}发文{shown}"


def _style(w: Writer, d: ReportData) -> str:
    days = reported_value(w, d, 85, "approval.days")
    refunded = reported_value(w, d, 86, "discipline.refunded")
    return w.sentence(
        "四是加强“四风”整治，维护风清气正。每季度对干部表现进行综合考评。"
        + _fewer_documents(w, d)
        + f"。优化营商环境，项目审批时限压缩到{days}个工作日，全程跟踪服务重大项目。"
        "改进执法监管方式，对正面清单企业重在在线监控，减轻企业负担。"
        f"开展违规吃喝、违规发放津贴补贴、违规收送礼品礼金整治，清退违规款项{refunded}元。"
    )


def _rectified(w: Writer, d: ReportData) -> str:
    problems = d.stats.docs.supervision.by_source["rectification"]
    found = w.count(87, problems.created, "docs.supervision.source.rectification", "个")
    done = w.value(
        88, problems.completed, "records", "docs.supervision.source.rectification.completed", measure="个"
    )
    return w.sentence(f"五是加强专项整治，解决群众身边的突出问题。{found}问题已有{done}基本完成整改。")


def integrity(w: Writer, d: ReportData) -> Section:
    title = "（九）常抓不懈，党风廉政，进一步深入"
    opened(w, title)
    text = (
        _politics(w, d)
        + _education(w, d)
        + _oversight(w, d)
        + _style(w, d)
        + _rectified(w, d)
        + "支持派驻纪检组工作，对纪检组交办事项认真落实、对监察建议认真整改。"
    )
    return Section(key="integrity", title=title, paragraphs=[text])


def organs(w: Writer, d: ReportData) -> Section:
    title = "（十）担当作为，机关建设，进一步加强"
    opened(w, title)
    text = (
        "落实意识形态工作责任制，每半年向省委、省宣传部报送意识形态工作报告；提高政治站位，落实好统一战线各项工作；"
        "及时研判，落实国家安全工作月报、半年报工作要求；"
        f"统筹做好{d.voice.we}工会、共青团、妇工委和青年等群众组织工作。"
    )
    return Section(key="organs", title=title, paragraphs=[text])
