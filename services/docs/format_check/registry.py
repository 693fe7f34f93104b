"""Every rule the format check runs, in the order its findings are reported."""

from services.docs.format_check import attachments, content, dates, marks, number, recipients, title
from services.docs.format_check.engine import Rule

RULES: tuple[Rule, ...] = (
    # 发文字号
    number.issuer_code_format,
    number.docno_brackets,
    number.docno_year,
    number.docno_sequence,
    number.docno_leading_zero,
    number.docno_no_di,
    number.docno_suffix,
    number.docno_issuer,
    number.docno_year_mismatch,
    # 成文日期
    dates.date_cn_numerals,
    dates.date_format,
    dates.date_leading_zero,
    dates.date_invalid,
    dates.body_date_cn_numerals,
    # 标题
    title.title_missing,
    title.title_end_punct,
    title.title_inner_punct,
    title.title_enumeration_comma,
    title.title_too_long,
    title.title_kind,
    title.title_mixed_kind,
    # 主送、抄送
    recipients.main_recipient_missing,
    recipients.request_one_recipient,
    recipients.upward_to_person,
    recipients.cc_is_main,
    recipients.recipient_duplicate,
    recipients.request_cc_lower,
    # 附件说明
    attachments.attachment_note_missing,
    attachments.attachment_note_colon,
    attachments.attachment_note_numbering,
    attachments.attachment_note_half_width,
    attachments.attachment_note_punct,
    attachments.attachment_count_mismatch,
    attachments.attachment_title_mismatch,
    # 密级、保密期限、紧急程度、签发人
    marks.secrecy_period_missing,
    marks.secrecy_level_missing,
    marks.secrecy_period_format,
    marks.secrecy_period_limit,
    marks.urgency_mark_missing,
    marks.signer_missing,
    # 正文
    content.body_missing,
    content.request_one_matter,
    content.request_two_matters,
    content.request_closing,
    content.report_with_request,
    content.letter_request_wording,
    content.reply_reference,
    content.reply_source,
    content.heading_numbering,
    content.heading_half_width,
    content.heading_sequence,
)
