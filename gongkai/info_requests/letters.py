"""The wording of the 答复书 and the procedural notices (documents.md §7–8), filled from an
application. Pure composition: the result is a ``Letter`` (title, number, addressee, paragraphs,
signature, date) that the official-document renderer lays out as .docx or PDF.

Each organ may replace the default paragraph templates (``LetterTemplate``); placeholders are
written in Chinese braces such as ｛申请人｝ so officials can edit them without Python knowledge.
｛您｝ is 您 for a natural person and 贵单位 for an organisation (an older template's literal
“您（单位）” is read the same way). A reply states its decision, the exact articles of the 条例
(``outcomes``) and the remedy clause (``remedies``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from gongkai.core.gongwen import Gongwen, chinese_date
from gongkai.info_requests import deadlines, fees, outcomes, remedies

REGULATION = outcomes.REGULATION


@dataclass
class Letter(Gongwen):
    kind: str = ""


KINDS = {
    "receipt": "政府信息公开申请受理回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "reasons": "政府信息公开申请说明理由告知书",
    "delay": "政府信息公开申请延迟答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "政府信息公开信息处理费收费通知书",
    "reply": "政府信息公开申请答复书",
}
# The wordings an organ can edit: the consultation letter differs by whom it consults.
TEMPLATE_KINDS = {
    **KINDS,
    "consultation": "政府信息公开征求意见书（第三方，第三十二条）",
    "consultation_organ": "政府信息公开征求意见书（共同制作机关，第三十四条）",
}
# 文书代字 of each letter's own number series (documents.md §8).
SERIES = {
    "receipt": "收",
    "correction": "补",
    "extension": "延",
    # 第三十五条's two notices: their own series (a delay numbered in 延 would collide with extensions).
    "reasons": "理",
    "delay": "迟",
    "consultation": "征",
    "fee": "费",
    "reply": "答",
}

DEFAULT_TEMPLATES = {
    "receipt": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。",
        "本机关将依照《中华人民共和国政府信息公开条例》第三十三条的规定，自收到申请之日起20个工作日内予以答复；"
        "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知｛您｝，延长的期限最长不超过20个工作日。"
        "征求第三方和其他机关意见所需时间不计算在上述期限内。",
        "｛您｝可以凭查询码在本机关政府信息公开平台查询办理进度。",
    ],
    "correction": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝）。经审查，｛您｝的申请内容不明确，"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请｛您｝对以下事项作出补正：",
        "｛补正事项｝",
        "请于｛补正期限｝前补正。答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "特此告知。",
    ],
    "extension": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝）。因｛延期理由｝，"
        "本机关不能在规定期限内答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
        "经本机关政府信息公开工作机构负责人同意，答复期限延长｛延长天数｝个工作日，本机关将于｛答复期限｝前答复。",
        "｛期限说明｝",
        "特此告知。",
    ],
    # 第三十五条: asking for reasons; the statute's two consequences are stated, nothing more.
    "reasons": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。"
        "经审查，｛超出情况｝，｛您｝申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
        "第三十五条的规定，请｛您｝于｛说明理由期限｝前向本机关说明理由。",
        "本机关认为申请理由不合理的，将告知｛您｝不予处理；认为申请理由合理，但是无法在《中华人民共和国政府信息公开条例》"
        "第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知｛您｝。逾期未说明理由的，本机关将根据已有材料依照上述规定处理。",
        "特此告知。",
    ],
    "delay": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝）。｛您｝申请公开政府信息的数量、频次"
        "明显超过合理范围，本机关已要求｛您｝说明理由。本机关认为申请理由合理，但因｛延迟理由｝，无法在《中华人民共和国政府信息"
        "公开条例》第三十三条规定的期限内答复。根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的"
        "期限为｛延迟答复期限｝，将于该日前答复。",
        "特此告知。",
    ],
    # 第三十二条: the third party answers within 15 working days; silence → the organ decides by law.
    "consultation": [
        "本机关于｛收到日期｝收到政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。"
        "该政府信息公开可能损害您（单位）的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "现书面征求您（单位）的意见，请于收到本征求意见书之日起15个工作日内提出书面意见。"
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
        "您（单位）不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，"
        "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知您（单位）。",
    ],
    # 第三十四条: a co-maker answers within 15 working days; silence counts as consent.
    "consultation_organ": [
        "本机关于｛收到日期｝收到政府信息公开申请（申请编号：｛申请编号｝），申请获取“｛申请内容｝”。"
        "该政府信息由本机关与贵机关共同制作，本机关为牵头制作机关。根据《中华人民共和国政府信息公开条例》"
        "第三十四条的规定，现征求贵机关的意见，请于收到本征求意见书之日起15个工作日内提出意见。",
        "逾期未提出意见的，视为同意公开。",
    ],
    "fee": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝）。｛您｝申请公开政府信息的数量、频次"
        "明显超过合理范围，根据《中华人民共和国政府信息公开条例》第四十二条第一款和《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号）的规定，本机关决定收取信息处理费｛收费金额｝元（｛计收方式｝）。",
        "｛计费明细｝",
        "请｛您｝自收到本通知之次日起20个工作日内缴纳｛缴费期限｝。缴费方式：｛缴费渠道｝",
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ],
    "reply": [
        "本机关于｛收到日期｝收到｛您｝提出的政府信息公开申请（申请编号：｛申请编号｝），｛您｝申请获取“｛申请内容｝”。"
        "经审查，现答复如下：",
        "｛答复意见｝",
        "｛救济途径｝",
    ],
}

PLACEHOLDER = re.compile(r"｛([^｛｝]+)｝")
LEGACY_ADDRESS = "您（单位）"


def you(application) -> str:
    """How the letter addresses the applicant: 您 (natural person) or 贵单位 (organisation)."""
    return "贵单位" if application.is_organisation else "您"


def ground_of(reply) -> str:
    """The reply's ground; a 予以公开 reply recorded before grounds existed follows ``already_public``."""
    if reply.ground:
        return reply.ground
    if reply.outcome == "disclose":
        return "proactive" if reply.already_public else "disclose"
    return ""


def reply_opinion(reply, *, address: str = "您") -> str:
    """The decision paragraph: the reasons, the exact basis and the decision sentence."""
    outcome = outcomes.BY_CODE[reply.outcome]
    ground = ground_of(reply)
    decision = outcome.decision_for(ground).replace("｛您｝", address)
    basis = outcome.basis(ground)
    reasons = reply.reasons.strip().rstrip("。；;，,")
    lead = f"根据{basis}的规定，{decision}" if basis else decision
    if outcome.reasons_first:
        text = f"{reasons}。{lead}" if reasons else lead
    else:
        text = f"{lead}{reasons}。" if reasons else lead
    if ground == "not_responsible":
        # 第三十六条第（五）项: the responsible organ's name and contact, where it can be determined.
        if reply.responsible_organ.strip():
            contact = reply.responsible_contact.strip()
            text += f"负责公开该政府信息的行政机关为{reply.responsible_organ.strip()}" + (
                f"，联系方式：{contact}。" if contact else "。"
            )
        else:
            text += "本机关无法确定负责公开该政府信息的行政机关。"
    elif reply.responsible_organ.strip():
        text += f"负责公开该政府信息的机关及其联系方式：{reply.responsible_organ.strip()}。"
    return text


def remedy_clause(org, outcome_code: str) -> str:
    return remedies.remedy_clause(org, outcome_code)


def review_body(org) -> str:
    """The 行政复议机关 as the letter names it (see ``remedies.review_body``)."""
    return remedies.review_body(org).phrase


def fill(template: str, values: dict[str, str]) -> str:
    """Replace ｛名称｝ placeholders; an unknown one stays visible so the official notices it."""
    text = template.replace(LEGACY_ADDRESS, values.get("您", LEGACY_ADDRESS))
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def compose(
    kind: str,
    application,
    *,
    templates: list[str] | None = None,
    values: dict | None = None,
    dated: date,
    template_kind: str = "",
) -> Letter:
    """A letter of ``kind`` for ``application``; ``values`` adds the step's own fields."""
    org = application.organization
    base = {
        "申请编号": application.number,
        "申请人": application.applicant_name,
        "您": you(application),
        "收到日期": chinese_date(application.received_on) if application.received_on else "（待确认）",
        "申请内容": application.description.strip(),
        "机关名称": org.name,
    } | (values or {})
    paragraphs = [
        p
        for t in (templates or DEFAULT_TEMPLATES[template_kind or kind])
        for p in fill(t, base).split("\n")
        if p.strip()
    ]
    contact = "，".join(x for x in (org.office_name, f"联系电话：{org.phone}" if org.phone else "") if x)
    return Letter(
        kind=kind,
        title=f"{org.name}\n{KINDS[kind]}",
        number=base.get("文号", ""),
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
            "答复意见": reply_opinion(reply, address=you(application)),
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
    if related_or_none(application, "reasons_request"):
        kinds.append("reasons")
    extension = related_or_none(application, "extension")
    if extension and extension.kind == "art33":
        kinds.append("extension")
    elif extension:
        kinds.append("delay")
    if related_or_none(application, "processing_fee"):
        kinds.append("fee")
    if related_or_none(application, "reply"):
        kinds.append("reply")
    return kinds


def extended_due(clock_input: deadlines.ClockInput, calendar, *, on: date) -> tuple[date | None, bool]:
    """The extended reply date as the events stand on ``on`` (the letter's date), and whether a
    consultation is still open: then the date is the one that applies if it ended that day, and
    the letter says the consultation time is added (第三十三条第三款)."""
    open_pause = any(end is None for _, end in clock_input.pauses)
    closed = tuple((start, end or max(start, on)) for start, end in clock_input.pauses)
    clock = deadlines.compute(dataclasses.replace(clock_input, pauses=closed), calendar, today=on)
    return clock.reply_due, open_pause


def fee_breakdown(fee, *, address: str = "您") -> str:
    """The 109号 computation printed in the 收费通知书: the bands and their rates."""
    if fee.method == "per_page":
        parts = [
            f"第{lower + 1}至{lower + count}页{rate}元/页，计{count}页{amount}元"
            for lower, _upper, rate, count, amount in fees.page_fee_bands(fee.quantity)
        ]
        head = f"按量计收（国办函〔2020〕109号第五条）：共{fee.quantity}页，30页以下（含30页）不收费；"
        return head + "；".join(parts) + f"；合计{fee.amount}元。"
    return (
        f"按件计收（国办函〔2020〕109号第四条）：本申请为{address}本自然月内向本机关提出的第{fee.quantity}件"
        f"政府信息公开申请，10件以下（含10件）不收费，11至30件100元/件，31件起每增加10件每件收费标准提高100元，"
        f"本件应缴{fee.amount}元。"
    )


def build(
    application,
    kind: str,
    *,
    templates: list[str] | None = None,
    reply_due: date | None = None,
    consultation=None,
    calendar=None,
    payment_channel: str = "",
) -> Letter:
    """The letter of ``kind`` for ``application`` as its records stand now."""
    from gongkai.info_requests import services
    from gongkai.info_requests.selectors import related_or_none, working_calendar

    # The receipt needs only the date of receipt; not walking the other records keeps the
    # caller's instance free of cached "no 补正 yet" relations when it is issued at registration.
    if not (kind == "receipt" and application.received_on) and kind not in available_kinds(application):
        raise LookupError(kind)
    if templates is None:
        wording = template_kind_for(kind, consultation or _last_consultation(application, kind))
        templates = services.letter_templates(application.organization, wording)
    if kind == "reply":
        return reply_letter(application, application.reply, templates=templates)
    values: dict[str, str] = {}
    template_kind = ""
    dated = application.received_on
    if kind == "correction":
        notice = application.correction
        values = {"补正事项": notice.items, "补正期限": chinese_date(notice.due_on)}
        dated = notice.sent_on
    elif kind == "extension":
        extension = application.extension
        dated = extension.approved_on
        due, open_pause = reply_due, False
        if due is None:
            due, open_pause = extended_due(
                services.clock_input(application), calendar or working_calendar(), on=dated
            )
        values = {
            "延期理由": extension.reason.rstrip("。"),
            "延长天数": str(extension.working_days),
            "答复期限": chinese_date(due) if due else "延长后的答复期限届满之日",
            "期限说明": "征求第三方或者其他机关意见所需时间不计算在答复期限内，"
            "本机关征求意见尚未结束，上述答复期限将按征求意见实际所用时间相应顺延"
            "（《中华人民共和国政府信息公开条例》第三十三条第三款）。"
            if open_pause
            else "",
        }
    elif kind == "reasons":
        asked = application.reasons_request
        values = {"超出情况": asked.grounds.rstrip("。；;，,"), "说明理由期限": chinese_date(asked.due_on)}
        dated = asked.sent_on
    elif kind == "delay":
        extension = application.extension
        values = {
            "延迟理由": extension.reason.rstrip("。"),
            "延迟答复期限": chinese_date(extension.new_due_on),
        }
        dated = extension.approved_on
    elif kind == "fee":
        fee = related_or_none(application, "processing_fee")
        clock = deadlines.compute(services.clock_input(application), calendar or working_calendar())
        values = {
            "收费金额": f"{fee.amount}",
            "计收方式": fee.get_method_display(),
            "计费明细": fee_breakdown(fee, address=you(application)),
            "缴费期限": f"（即{chinese_date(clock.fee_payment_due)}前）" if clock.fee_payment_due else "",
            "缴费渠道": payment_channel.strip() or "请与本机关政府信息公开工作机构联系，按其告知的方式缴纳。",
        }
        dated = fee.sent_on
    elif kind == "consultation":
        consultation = consultation or application.consultations.last()
        dated = consultation.sent_on
        # Addressed to the consulted party, whose kind is not recorded: 您（单位） as 第三十二条's
        # letters print it; a co-making organ is 贵机关 in its own wording.
        values = {"您": LEGACY_ADDRESS}
        if consultation.kind == "organ":
            template_kind = "consultation_organ"
    letter = compose(
        kind, application, templates=templates, values=values, dated=dated, template_kind=template_kind
    )
    if kind == "consultation":
        letter.addressee = f"{consultation.party}："
    letter.kind = kind
    return letter


def _last_consultation(application, kind: str):
    return application.consultations.last() if kind == "consultation" else None


def template_kind_for(kind: str, consultation=None) -> str:
    """The editable wording a letter uses (the consultation letter by consultation kind)."""
    if kind == "consultation" and consultation is not None and consultation.kind == "organ":
        return "consultation_organ"
    return kind


def number_for(pattern: str, *, organ_code: str, kind: str, year: int, serial: int) -> str:
    """A 发文字号 from the organ's pattern, e.g. 昌吉市发改委公开答〔2026〕3号 (GB/T 9704 §7.2.5)."""
    values = {"机关代字": organ_code, "文书代字": SERIES[kind], "年度": str(year), "序号": str(serial)}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)


def plain_text(letter: Letter) -> str:
    """The letter as text (the ``gongkai letter --format text`` output and the issued record's text)."""
    lines = [*letter.title.split("\n")]
    if letter.number:
        lines.append(letter.number)
    lines += ["", letter.addressee] if letter.addressee else [""]
    lines += [f"　　{p}" for p in letter.paragraphs if isinstance(p, str)]
    lines += ["", letter.signature, chinese_date(letter.dated)]
    if letter.note:
        lines.append(letter.note)
    return "\n".join(lines) + "\n"
