"""The parts of a 公文 found in its paragraphs (GB/T 9704-2012, 7): 版头, 标题, 主送机关, 正文,
附件说明, 署名 and 成文日期, 附件, 版记."""

import re
from dataclasses import dataclass

from services.docs.format_check.headings import NOTE_START, heading_of
from services.docs.format_check.layout.reader import Layout, Para
from services.docs.format_check.text import compact

KIND_ENDINGS = ("通知", "请示", "报告", "函", "批复", "复函", "意见", "决定", "纪要", "通报", "方案")
DOC_NO = re.compile(r"〔\d{4}〕\d+号|\[\d{4}\]\d+号|〔.*〕.*号")
DATE = re.compile(
    r"^[\d〇零一二三四五六七八九十]{2,4}年[\d〇零一二三四五六七八九十]{1,3}月[\d〇零一二三四五六七八九十]{1,3}日$"
)
ATTACHMENT_PAGE = re.compile(r"^附件\d*$")
COLOPHON = re.compile(r"^抄送[：:]|印发$")


@dataclass(frozen=True)
class Parts:
    """Paragraphs of each part; lists keep the document's order."""

    header: list[Para]  # 版头: everything before the title
    title: list[Para]
    main_recipients: Para | None
    body: list[Para]  # from the 主送机关 to the 成文日期
    signature: Para | None
    date: Para | None
    note: list[Para]  # 附件说明
    attachments: list[Para]  # the first paragraph of each attachment (附件1, 附件2, ...)
    colophon: list[Para]  # 版记

    @property
    def doc_no(self) -> Para | None:
        return next((p for p in self.header if DOC_NO.search(p.text)), None)


def _texts(paras: list[Para]) -> list[Para]:
    return [p for p in paras if compact(p.text)]


def _title_range(paras: list[Para]) -> tuple[int, int] | None:
    for end, para in enumerate(paras):
        text = compact(para.text)
        if (
            text.endswith(KIND_ENDINGS)
            and (para.align == "center" or text.startswith("关于"))
            and len(text) <= 80
        ):
            start = end
            while (
                start > 0 and paras[start - 1].align == "center" and not DOC_NO.search(paras[start - 1].text)
            ):
                previous = compact(paras[start - 1].text)
                if not previous or paras[start - 1].red_rule or previous.endswith("文件"):
                    break
                start -= 1
            return start, end
    return None


def parts_of(layout: Layout) -> Parts:
    """The parts of the document, as far as its text and alignment tell them."""
    paras = _texts(list(layout.paras))
    found = _title_range(paras)
    start, end = found if found else (0, -1)
    header, title, rest = paras[:start], paras[start : end + 1], paras[end + 1 :]
    colophon_at = next((i for i, p in enumerate(rest) if COLOPHON.search(compact(p.text))), len(rest))
    rest, colophon = rest[:colophon_at], rest[colophon_at:]
    attachments_at = next(
        (i for i, p in enumerate(rest) if ATTACHMENT_PAGE.match(compact(p.text))), len(rest)
    )
    main_text, attachment_pages = rest[:attachments_at], rest[attachments_at:]
    date_at = next(
        (i for i in range(len(main_text) - 1, -1, -1) if DATE.match(compact(main_text[i].text))), None
    )
    date = main_text[date_at] if date_at is not None else None
    signature = main_text[date_at - 1] if date_at else None
    body = main_text[: date_at + 1] if date_at is not None else main_text
    first = body[0] if body and compact(body[0].text).endswith(("：", ":")) else None
    note_at = next((i for i, p in enumerate(body) if NOTE_START.match(p.text.strip())), None)
    note = _note(body, note_at) if note_at is not None else []
    return Parts(
        header=header,
        title=title,
        main_recipients=first,
        body=body,
        signature=signature if signature is not None and signature not in note else None,
        date=date,
        note=note,
        attachments=[p for p in attachment_pages if ATTACHMENT_PAGE.match(compact(p.text))],
        colophon=colophon,
    )


def _note(body: list[Para], at: int) -> list[Para]:
    note = [body[at]]
    for para in body[at + 1 :]:
        heading = heading_of(para.text.strip())
        if heading is None or heading.level != 3:
            break
        note.append(para)
    return note


def heading_level(para: Para) -> int | None:
    heading = heading_of(para.text.strip())
    return heading.level if heading else None
