"""二、存在问题与不足 (written from the data where the data speaks) and 三、下一步工作计划."""

from services.aggregate.indicators.schemas import IndicatorRead
from services.aggregate.report.data import ReportData, profile_value
from services.aggregate.report.placeholders import Writer
from services.aggregate.report.text import Section, opened
from services.aggregate.report.wording import names
from shared.percent import percent

FIELD_NAMES = {
    "doc_no": "发文字号", "issuer_code": "机关代字", "signed_date": "成文日期", "title": "标题",
    "main_recipients": "主送机关", "cc_recipients": "抄送机关", "attachments": "附件说明",
    "classification": "密级", "secrecy_period": "保密期限", "urgency": "紧急程度", "signer": "签发人",
    "body": "正文",
}  # fmt: skip
TOP_FIELDS = 5


def _share(part: int, whole: int) -> str:
    return f"{percent(part, whole) or 0:g}％"


def _format(d: ReportData) -> str:
    f = d.stats.docs.format
    if not f.findings:
        return f"公文格式问题，全年格式检查{f.checks}次，未发现格式问题；"
    ranked = sorted(f.by_field.items(), key=lambda item: (-item[1], item[0]))[:TOP_FIELDS]
    parts = names([f"{FIELD_NAMES.get(field, field)}{count}处" for field, count in ranked])
    return (
        f"公文格式问题，全年格式检查{f.checks}次，发现格式问题{f.findings}处，其中{parts}，"
        "公文格式错误较多，修改花费时间多；"
    )


def _quality(d: ReportData) -> str:
    docs = d.stats.docs
    rate = _share(docs.returned_documents, docs.submitted)
    text = (
        f"公文质量问题，全年送审公文{docs.submitted}件，退回修改{docs.returned_documents}件"
        f"（共退回{docs.returned}次），退回率{rate}，公文起草不按要求写材料导致材料用途不明、内容混乱等，"
        "最后超时、质量不达要求和推诿扯皮等造成的工作和压力均落到办公室，加重了办公室人员工作量。"
    )
    committee = d.facts.party_committee or "省委"
    if docs.returned_upward:
        share = _share(docs.returned_upward, docs.returned)
        return text + (
            f"尤其是报{committee}等上级的报告、请示，因要求比较严格，被退回修改重报{docs.returned_upward}次，"
            f"占退回总数的{share}，比重较大。"
        )
    return text + f"报{committee}等上级的报告、请示未被退回修改。"


def _follow_up(d: ReportData) -> str:
    s = d.stats.docs.supervision
    text = f"督办事项{s.created}项，办结{s.completed}项，超期{s.overdue}项"
    text += "，督办落实仍需加强。" if s.overdue else "，均未超期。"
    if d.behind:
        units = names([f"{b.name}（{b.points}/{b.target}分）" for b in d.behind])
        text += f"{len(d.behind)}个单位未完成政务信息年度目标：{units}。"
    return text


def problems(w: Writer, d: ReportData) -> list[Section]:
    first = "（一）工作创新性、前瞻性力度不够大"
    opened(w, first)
    matters = profile_value(w, d, 89, "key_matters")
    innovation = w.sentence(
        "办公室人员应付琐碎性事务多、下企业、到基层调查研究少，对各市局动态情况不了解，"
        f"对{matters}等重大事项的具体工作抓不出典型，为领导提供有分量、有价值的内容不够全面。"
    )
    rules = (
        "办公室作为文件接收办理的第一关和审核报送的最后一关，在时间掌握和质量把握上落实不够实，"
        "这是长期以来办公室工作的“老、大、难”问题。突出问题有，" + _format(d) + _quality(d) + _follow_up(d)
    )
    skills = (
        "办公室工作内容繁杂重，处室人员偏少，没有时间和机会参与学习和培训，综合能力上提高不明显，"
        "尤其是综合材料写作能力和公文审核水平方面问题比较突出；日常中上传下达、协调沟通的任务多，"
        "大错误没有但小错误不少，所以被领导批评的地方也不少，因此承受的心理压力也比较大，出现疲惫的心态和状态时有发生。"
    )
    return [
        Section(key="problems", title="二、存在问题与不足", paragraphs=[], level=1),
        Section(key="problems.innovation", title=first, paragraphs=[innovation]),
        Section(key="problems.rules", title="（二）管理制度、落实力度不够实", paragraphs=[rules]),
        Section(key="problems.skills", title="（三）上传下达、沟通协调能力不够强", paragraphs=[skills]),
    ]


def _undertaken(w: Writer, d: ReportData) -> str:
    """其中N个专项考核指标任务承担了…等3个；M项机关管理目标任务承担了…等K项."""
    summary = (d.indicators or {}).get(d.year)
    held = summary is not None and bool(summary.items)
    why = (
        "绩效指标只按全厅登记"
        if d.voice.is_unit
        else f"请登记{d.year}年度的绩效指标（PUT /api/v1/indicators）"
    )

    def of(kind: str) -> list[IndicatorRead]:
        return [i for i in summary.items if i.kind == kind] if summary else []

    special, management = of("special"), of("management")
    led_special = [i.name for i in special if i.office_led]
    led_management = [i.name for i in management if i.office_led]

    def put(n: int, value: int | str, metric: str, measure: str = "") -> str:
        return w.value(
            n, value if held else None, "records", f"indicators.{metric}", measure=measure, missing=why
        )

    return w.sentence(
        f"其中{put(90, len(special), 'special.count', '个')}专项考核指标任务承担了"
        f"{put(91, names(led_special) or '无', 'special.office_led')}等{len(led_special)}个；"
        f"{put(92, len(management), 'management.count', '项')}机关管理目标任务承担了"
        f"{names(led_management) or '无'}等{put(93, len(led_management), 'management.office_led', '项')}。"
    )


def plans(w: Writer, d: ReportData) -> list[Section]:
    v, next_year = d.voice, d.year + 1
    opened(w, "（三）工作质量突出“优”")
    quality = (
        "办公室日常事务较为繁琐，同时也承担着很大一部分绩效指标工作。"
        + _undertaken(w, d)
        + "下一步精简办事流程、提高公务运转效能，全体人员团结一致服务好领导、同事的同时，"
        "扎实开展好日常业务工作，"
        "力争年底各个重要工作、单项工作高质量完成。"
    )
    lead = (
        f"下一步将紧紧围绕{v.short}党组的决策部署，立足服务职能，践行“当好领导参谋，做好处室配角”的工作理念，"
        "按照“细、新、优、严、变”五字方针，提高工作的自觉性和主动性，不断扩展工作思路，追求更高的工作效率，"
        "更优的服务质量和更顺畅的运转机制。"
    )
    return [
        Section(key="plans", title="三、下一步工作计划", paragraphs=[lead], level=1),
        Section(key="plans.documents", title="（一）公文管理突出“细”", paragraphs=[
            "规范公文运转程序，提高传文效率，强化收发文件的阅处、汇总资料的回复、对外单位发函的跟进和"
            f"{v.short}党组会、{v.short}务会确定事项跟踪落实，做到精准高效。"
        ]),
        Section(key="plans.information", title="（二）政务信息突出“新”", paragraphs=[
            "明确机关各处室、各直属单位专职信息员，量化信息报送和采纳的数量，将全年任务分解至各月，"
            "激励机关各处室、各直属单位提高政务信息报送质量，继续挖掘本单位工作的亮点，开拓思路，"
            "横向要有广度，纵向要有深度，在创新上下功夫，做到题材新、形式新、内容新。"
            f"对信息报送及采纳情况要定期通报，力争完成{next_year}年度政务信息各项绩效目标任务。"
        ]),
        Section(key="plans.quality", title="（三）工作质量突出“优”", paragraphs=[quality]),
        Section(key="plans.supervision", title="（四）督查督办突出“严”", paragraphs=[
            "强化机关效能建设，增补完善各项制度并汇编成册，对重点工作、重点活动全部实施台账式管理，"
            "建立“月通报”工作制度，定期通报督查结果并以公示，提高干部职工的办事效率和工作效能，"
            "切实构建以制度管人、管事的工作格局。"
        ]),
        Section(key="plans.service", title="（五）创优服务突出“变”", paragraphs=[
            "着力变被动服务为主动服务。要加强与领导及机关各处室、和直属单位沟通联系。把问题想在前头，"
            "把工作做在前头，做到有备无患、游刃有余。要加强自身政治素质和办文办会办事的综合业务能力，"
            "把握工作规律，做到心中有数，以不变应万变，牢牢掌握工作的主动权。"
        ]),
    ]  # fmt: skip
