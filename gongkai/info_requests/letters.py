"""The wording of the 答复书 and the procedural notices (documents.md §7–8), filled from an
application. Pure composition: the result is a ``Letter`` (title, number, addressee, paragraphs,
signature, date) that the official-document renderer lays out as .docx or PDF.

Each organ may replace the default paragraph templates (``LetterTemplate``); placeholders are
written in Chinese braces such as ｛申请人｝ so officials can edit them without Python knowledge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.core.gongwen import Gongwen, chinese_date
from gongkai.info_requests import outcomes

REGULATION = outcomes.REGULATION


@dataclass
class Letter(Gongwen):
    kind: str = ""


KINDS = {
    "receipt": "政府信息公开申请受理回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "政府信息公开信息处理费收费通知书",
    "reply": "政府信息公开申请答复书",
}

DEFAULT_TEMPLATES = {
    "receipt": [
        "本机关于｛收到日期｝收到您（单位）提出的政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。",
        "本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知您，延长的期限最长不超过20个工作日。"
        "征求第三方和其他机关意见所需时间不计算在上述期限内。",
        "您可以凭查询码在本机关政府信息公开平台查询办理进度。",
    ],
    "correction": [
        "本机关于｛收到日期｝收到您（单位）提出的政府信息公开申请（申请编号：｛申请编号｝）。经审查，您的申请内容不明确，"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：",
        "｛补正事项｝",
        "请于｛补正期限｝前补正。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "特此告知。",
    ],
    "extension": [
        "本机关于｛收到日期｝收到您（单位）提出的政府信息公开申请（申请编号：｛申请编号｝）。因｛延期理由｝，"
        "本机关不能在规定期限内答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
        "经本机关政府信息公开工作机构负责人同意，答复期限延长｛延长天数｝个工作日，本机关将于｛答复期限｝前答复。",
        "特此告知。",
    ],
    "consultation": [
        "本机关于｛收到日期｝收到政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。"
        "该信息的公开可能损害您（单位）的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "现书面征求您（单位）的意见，请于收到本意见书之日起15个工作日内提出意见。逾期未提出意见的，由本机关依照条例的规定决定。",
    ],
    "fee": [
        "本机关于｛收到日期｝收到您（单位）提出的政府信息公开申请（申请编号：｛申请编号｝）。根据《中华人民共和国政府信息公开条例》第四十二条"
        "和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，您的申请需缴纳信息处理费｛收费金额｝元（｛计收方式｝）。",
        "请您自收到本通知之次日起20个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ],
    "reply": [
        "本机关于｛收到日期｝收到您（单位）提出的政府信息公开申请（申请编号：｛申请编号｝），您申请获取“｛申请内容｝”。"
        "经审查，现答复如下：",
        "｛答复意见｝",
        "｛救济途径｝",
    ],
}

PLACEHOLDER = re.compile(r"｛([^｛｝]+)｝")


def review_body(org) -> str:
    """The 行政复议机关 under 行政复议法 (2023) 第二十四条: a department of a county-level or higher
    government → 本级人民政府; a government → the government above it; the top of the tree reviews
    itself (第二十四条第二款). Vertical systems (第二十七条) set ``review_body_override``."""
    override = getattr(org, "review_body_override", "")
    if override:
        return override
    if not org.is_government:
        return org.government().name
    above = [a for a in type(org).objects.get_ancestors(org) if a.is_government]
    return above[-1].name if above else org.name


def remedy_clause(org, outcome_code: str) -> str:
    """Since 2024-01-01 a refusal goes to 行政复议 first (行政复议法 第二十三条第一款第（四）项)."""
    body = review_body(org)
    if outcomes.BY_CODE[outcome_code].review_first:
        return (
            f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议；对行政复议决定不服的，"
            "可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
        "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
    )


def reply_opinion(reply) -> str:
    outcome = outcomes.BY_CODE[reply.outcome]
    if reply.outcome == "disclose" and reply.already_public:
        lead = f"您申请获取的政府信息已经主动公开。根据{REGULATION}第三十六条第（一）项的规定，"
    else:
        lead = f"根据{outcome.basis}的规定，"
    text = lead + reply.reasons.rstrip("。") + "。"
    if reply.responsible_organ:
        text += f"负责公开该政府信息的机关及其联系方式：{reply.responsible_organ}。"
    return text


def fill(template: str, values: dict[str, str]) -> str:
    """Replace ｛名称｝ placeholders; an unknown one stays visible so the official notices it."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def compose(
    kind: str, application, *, templates: list[str] | None = None, values: dict | None = None, dated: date
) -> Letter:
    """A letter of ``kind`` for ``application``; ``values`` adds the step's own fields."""
    org = application.organization
    base = {
        "申请编号": application.number,
        "申请人": application.applicant_name,
        "收到日期": chinese_date(application.received_on) if application.received_on else "（待确认）",
        "申请内容": application.description.strip(),
        "机关名称": org.name,
    } | (values or {})
    paragraphs = [
        p for t in (templates or DEFAULT_TEMPLATES[kind]) for p in fill(t, base).split("\n") if p.strip()
    ]
    contact = "，".join(x for x in (org.office_name, f"联系电话：{org.phone}" if org.phone else "") if x)
    return Letter(
        kind=kind,
        title=f"{org.name}\n{KINDS[kind]}",
        number=values.get("文号", "") if values else "",
        addressee=f"{application.applicant_name}：",
        paragraphs=paragraphs,
        signature=org.name,
        dated=dated,
        note=f"（{contact}）" if contact else "",
    )


def reply_letter(application, reply, *, templates: list[str] | None = None) -> Letter:
    return compose(
        "reply",
        application,
        templates=templates,
        values={
            "答复意见": reply_opinion(reply),
            "救济途径": remedy_clause(application.organization, reply.outcome),
            "文号": reply.letter_number,
        },
        dated=reply.replied_on,
    )


def available_kinds(application) -> list[str]:
    """The letters this application's history calls for, in the order they were sent."""
    from gongkai.info_requests.selectors import related_or_none

    kinds = ["receipt"] if application.received_on else []
    if related_or_none(application, "correction"):
        kinds.append("correction")
    if application.consultations.exists():
        kinds.append("consultation")
    extension = related_or_none(application, "extension")
    if extension and extension.kind == "art33":
        kinds.append("extension")
    if related_or_none(application, "processing_fee"):
        kinds.append("fee")
    if related_or_none(application, "reply"):
        kinds.append("reply")
    return kinds


def build(
    application, kind: str, *, templates: list[str] | None = None, reply_due: date | None = None
) -> Letter:
    """The letter of ``kind`` for ``application`` as its records stand now."""
    from gongkai.info_requests.selectors import related_or_none

    if kind not in available_kinds(application):
        raise LookupError(kind)
    if kind == "reply":
        return reply_letter(application, application.reply, templates=templates)
    values: dict[str, str] = {}
    dated = application.received_on
    if kind == "correction":
        notice = application.correction
        values = {"补正事项": notice.items, "补正期限": chinese_date(notice.due_on)}
        dated = notice.sent_on
    elif kind == "extension":
        extension = application.extension
        values = {
            "延期理由": extension.reason.rstrip("。"),
            "延长天数": str(extension.working_days),
            "答复期限": chinese_date(reply_due) if reply_due else "（见期限计算）",
        }
        dated = extension.approved_on
    elif kind == "fee":
        fee = related_or_none(application, "processing_fee")
        values = {"收费金额": f"{fee.amount}", "计收方式": fee.get_method_display()}
        dated = fee.sent_on
    elif kind == "consultation":
        consultation = application.consultations.first()
        dated = consultation.sent_on
    letter = compose(kind, application, templates=templates, values=values, dated=dated)
    if kind == "consultation":
        letter.addressee = f"{application.consultations.first().party}："
    letter.kind = kind
    return letter
