"""The report's text: the 2022 work summary the office wrote by hand, section by section, in its
numbering and wording, with every figure and name filled in from the data (`ReportData`).

一、主要工作措施及成效 （一）–（六） are here; （七） in `performance`, （八）–（十） in `party`,
二、存在问题与不足 and 三、下一步工作计划 in `problems`.
"""

from pydantic import BaseModel

from services.aggregate.report.data import ReportData, profile_value
from services.aggregate.report.placeholders import Writer
from services.aggregate.report.wording import against_last_year, movement, trend, versus


class Section(BaseModel):
    key: str
    title: str
    paragraphs: list[str]
    level: int = 2  # 0 the opening paragraph (no title), 1 一、二、三、, 2 （一）（二）


def opened(w: Writer, title: str) -> None:
    """Placeholders from here on belong to this section (named as SUMMARY.md names it)."""
    w.section = title.split("，")[0]


def preface(d: ReportData) -> Section:
    v, who = d.voice, ("办公室" if not d.voice.is_unit else d.voice.name)
    text = (
        f"{d.year}年，{who}在{v.short}党组的正确领导下，在各处室、各直属单位的紧密配合和大力支持下，"
        f"紧紧围绕全{v.short}的中心工作，按照党组的各项工作安排部署，本着“服务到位、协调到位、把关到位、"
        "参谋到位、助手到位”的工作原则，在各项重大活动、事件过程中，发挥了应有的组织、协调和服务职能，"
        f"较好地完成了各项工作任务，确保了{v.short}机关内部事务及各项工作的正常运行，"
        f"为{v.short}机关年度整体工作目标的实现发挥了应有的作用。现将有关工作总结如下："
    )
    return Section(key="preface", title="", paragraphs=[text], level=0)


def _received(w: Writer, d: ReportData) -> str:
    r, v = d.stats.docs.received, d.voice
    return w.sentence(
        f"{d.year}年{v.we}收文量{trend(r.total)}，"
        f"接收来文{w.count(1, r.total.value, 'docs.received.total', '件')}，"
        f"{against_last_year(w, (2, 3, 4), r.total, '件', 'docs.received.total')}；"
        f"其中，OA系统电子{w.count(5, r.oa.value, 'docs.received.oa', '件')}，"
        f"内网{w.count(6, r.intranet.value, 'docs.received.intranet', '件')}，"
        f"纸质和邮箱收文{w.count(7, r.paper_email.value, 'docs.received.paper_email', '件')}，"
        f"密件{w.count(8, r.classified.value, 'docs.received.classified', '件')}。"
    )


def _sent(w: Writer, d: ReportData) -> str:
    sent = d.stats.docs.sent.total
    return w.sentence(
        f"发送公文数量{trend(sent, up='有所增加', lead='较')}，"
        f"发送{w.count(9, sent.value, 'docs.sent.total', '件')}，"
        f"{against_last_year(w, (10, 11, 12), sent, '件', 'docs.sent.total')}。"
    )


def documents(w: Writer, d: ReportData) -> Section:
    title = "（一）力求规范，办文水平，进一步提升"
    opened(w, title)
    v = d.voice
    first = (
        f"一是收文程序规范、传递及时。认真完成全{v.short}各类文件、重要资料的收发、登记、传办工作，"
        f"努力做到公文运转及时、准确、安全、保密。{_received(w, d)}{_sent(w, d)}"
    )
    materials = w.count(13, d.stats.docs.materials, "docs.materials", "份")
    second = (
        f"二是办文标准高、要求严。为全面反映{v.we}工作全貌，{v.short}领导高度重视办文工作，多次作出批示要求。"
        "办公室人员在行文格式、公文质量、领导签字上报等环节按规定办理，确保了行文的质量。"
        + w.sentence(
            f"{d.year}年完成{v.short}党组会议纪要、各类总结、讲话、报告、调研文章等综合材料{materials}。"
        )
    )
    return Section(key="docs", title=title, paragraphs=[first, second])


def meetings(w: Writer, d: ReportData) -> Section:
    title = "（二）力求精准，办会水平，进一步提升"
    opened(w, title)
    m, v = d.stats.meetings, d.voice
    text = w.sentence(
        f"{d.year}年，召开列入省委、省政府统计范围的会议"
        f"{w.count(14, m.provincial_stat, 'meetings.provincial_stat', '次')}，"
        "召开协调会、推进会、调度会、现场办公会、征求意见会"
        f"{w.count(15, m.working, 'meetings.working', '次')}，"
        f"召开有外单位参加的其他会议{w.count(16, m.external_other, 'meetings.external_other', '次')}，"
        f"召开{v.short}党组会议{w.count(17, m.party_group, 'meetings.party_group', '次')}，"
        f"以及{v.short}务会{m.office_affairs}次等会议，全年共召开各类会议{m.total}次。"
    )
    lead = "认真抓好会前、会中、会后三个环节，使会务服务工作达到制度化、规范化、科学化。"
    return Section(key="meetings", title=title, paragraphs=[lead + text])


def logistics(w: Writer, d: ReportData) -> Section:
    title = "（三）力求细致，后勤服务，进一步强化"
    opened(w, title)
    g, v = d.stats.logistics, d.voice
    text = (
        "办公室事情的特点就是杂，无边无际、无尽无休、无时无刻，办公室人员力求细致服务，后勤保障工作获好评。"
        "组织公务接待、公务用车申请平台管理、办公用品采购、报刊征订、“除四害”、单位禁烟、办公区域清洁维护、"
        "水电门窗和水沟维护、安全保卫、车辆停放规划等机关后勤管理工作。"
        f"全年组织公务接待{g.get('receptions', 0)}批次，安排公务用车{g.get('trips', 0)}车次，"
        f"采购办公用品{g.get('purchases', 0)}批次、领用{g.get('requisitions', 0)}次，"
        f"征订报刊{g.get('subscriptions', 0)}种，受理报修{g.get('tickets.opened', 0)}件、"
        f"办结{g.get('tickets.resolved', 0)}件。"
        "根据职责指导派出机构后勤管理工作。做好节假日值班工作安排及服务工作。"
        f"协助{v.short}党组做好民主生活会和中心组理论学习等服务工作。"
    )
    return Section(key="logistics", title=title, paragraphs=[text])


def _rank(w: Writer, d: ReportData) -> str:
    """`排名全区第3，较去年排名第7名，前进4名` (or 后退, or 与去年排名持平)."""
    i = d.stats.infoscore
    record = f"请在政务信息中登记{d.year}年度的全区考核排名（POST /api/v1/assessments）"
    rank = w.value(23, i.region_rank, "records", "infoscore.region_rank", missing=record)
    text = f"排名{d.facts.region or '全区'}第{rank}"
    before = f"请在政务信息中登记{d.year - 1}年度的全区考核排名"
    if d.voice.is_unit:
        record = before = "全区考核排名只按全厅登记"
    prev = w.value(24, i.region_rank_prev, "records", "infoscore.region_rank.prev", missing=before)
    if i.region_rank is None or i.region_rank_prev is None:
        w.value(25, None, "records", "infoscore.region_rank.change", missing=before)
        return f"{text}，较去年排名第{prev}名"
    moved = i.region_rank_prev - i.region_rank
    change = w.count(25, abs(moved), "infoscore.region_rank.change", "名")
    if moved == 0:
        return f"{text}，与去年排名第{prev}名持平"
    return f"{text}，较去年排名第{prev}名，{'前进' if moved > 0 else '后退'}{change}"


def _points(w: Writer, d: ReportData) -> str:
    i = d.stats.infoscore
    own = w.value(
        26, i.points_by_level.get("department", 0), "records", "infoscore.points.department", measure="分"
    )
    no_target = f"请在政务信息中设定{d.year}年度各单位任务分（PUT /api/v1/targets/{d.year}/{{unit}}）"
    target = w.value(27, i.target_points or None, "records", "infoscore.target.points", missing=no_target)
    met = movement(i.points, i.target_points, up="已超额完成", down="尚未完成").replace("持平", "已完成")
    met = met if i.target_points else "对照"
    prev = w.count(28, i.points_prev, "infoscore.points.prev", "分")
    lift = versus(i.points, i.points_prev, up="有较大提升", down="有所下降", subject=f"总得分{prev}")
    return w.sentence(
        f"政务信息被{d.voice.short}本级刊物信息采用得分{own}，{met}年度任务总分{target}分的绩效目标，{lift}。"
    )


def _party_info(w: Writer, d: ReportData) -> str:
    party, prev = d.stats.infoscore.party_info, d.stats.infoscore.party_info_prev
    no_target = f"请在政务信息中设定{d.year}年度党委信息任务数（PUT /api/v1/targets/{d.year}/{{unit}}）"
    done = w.count(29, party.done, "infoscore.party.submitted", "条")
    share = w.value(30, party.pct, "records", "infoscore.party.pct", measure="％", missing=no_target)
    lift = (
        ""
        if prev.pct is None or party.pct is None
        else "，" + versus(party.pct, prev.pct, up="有很大提升", down="有所下降")
    )
    return w.sentence(f"党委信息，{d.voice.we}完成任务{done}，任务完成百分比{share}{lift}。")


def information(w: Writer, d: ReportData) -> Section:
    title = "（四）增量增质，政务信息，进一步突破"
    opened(w, title)
    i, y = d.stats.infoscore, d.year
    lead = w.sentence(
        "进一步提高政务信息报送效率和质量，"
        f"充分发挥政务信息在{profile_value(w, d, 18, 'field')}工作中的参谋助手作用。"
    )
    notice = w.sentence(
        f"年初制定《{profile_value(w, d, 19, 'name')}关于做好{y}年政务信息工作的通知》明确机关各处室、"
        "各直属单位任务，加强考核，每月通报政务信息完成情况，政务信息工作取得新突破。"
    )
    figures = w.sentence(
        f"其中，政务信息{y}年报送{w.count(20, i.submitted, 'infoscore.submitted', '条')}，"
        f"采用{w.count(21, i.adopted, 'infoscore.adopted', '条')}，"
        f"得分{w.count(22, i.points, 'infoscore.points', '分')}，{_rank(w, d)}。"
    )
    return Section(
        key="infoscore", title=title, paragraphs=[lead + notice + figures + _points(w, d) + _party_info(w, d)]
    )


def disclosure(w: Writer, d: ReportData) -> Section:
    title = "（五）建章立制，政务公开，进一步规范"
    opened(w, title)
    y = d.year
    revised = w.sentence(
        "为贯彻落实《中华人民共和国政府信息公开条例》（国务院令第711号）及政府信息公开相关文件要求，"
        "我办对政府信息公开指南和公开目录进行了修订，"
        f"形成了《{profile_value(w, d, 31, 'name')}政府信息公开指南》"
        f"（{y}年1月修订）、《{profile_value(w, d, 32, 'name')}政府信息公开目录》（{y}年1月修订），"
        f"进一步做好职能范围内的{profile_value(w, d, 33, 'field')}政府信息公开工作，"
        f"保障公民、法人和其他组织依法获取{profile_value(w, d, 34, 'field')}政府信息的权益，"
        f"营造全社会关心支持{profile_value(w, d, 35, 'field')}工作的深厚氛围，"
        "推动形成党委领导、政府主导、企业主体、社会组织和公众共同参与的治理体系。"
    )
    published = w.sentence(
        f"落实信息公开月报制度，{y}年在{d.voice.we}官网共发布信息"
        f"{w.count(36, d.stats.infoscore.disclosures, 'infoscore.disclosures', '条')}。"
    )
    return Section(key="disclosure", title=title, paragraphs=[revised + published])


def website(w: Writer, d: ReportData) -> Section:
    title = "（六）优化完善，信息建设，进一步升级"
    opened(w, title)
    v, inspections = d.voice, d.stats.logistics.get("inspections", 0)
    platform = w.sentence(
        f"结合政府网站发展指引要求，把{v.we}官网集约到"
        f"{profile_value(w, d, 37, 'website_platform_level')}级平台，"
        "保障了网站后台的技术支撑。"
    )
    data = w.sentence(
        f"对接做好{v.short}政务数据资源报送、挂载等各项工作，"
        f"助力{profile_value(w, d, 38, 'data_platform')}数据中台建设。"
    )
    text = (
        platform + "优化了网站视图配置，满足了公众的多元化需求。"
        "严格执行“周巡检、月监测、季普查、年报告”的递进式政府网站监管制度，"
        f"全年完成巡检{inspections}次。{d.year}年度网站及时更新网页各个板块的内容，"
        "未发现安全、泄密事故等严重问题，网站服务实用性良好。"
        f"仔细盘查{v.we}互联网应用程序摸底统计等工作、助力全{v.short}信息化建设。" + data
    )
    return Section(key="website", title=title, paragraphs=[text])
