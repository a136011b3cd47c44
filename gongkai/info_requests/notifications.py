"""E-mail at each step to the applicant, and to handlers about what is due.

Sent after the transaction commits (a rolled-back step sends nothing). Messages name the
application by its number; they carry no identity data beyond the addressee's own address.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction

logger = logging.getLogger(__name__)

APPLICANT_MESSAGES = {
    "submitted": (
        "您向{organ}提出的政府信息公开申请已提交，申请编号 {number}。{extra}"
        "本机关确认收到后将开始计算答复期限（《政府信息公开条例》第三十一条）。"
    ),
    "registered": "{organ}已登记您的政府信息公开申请，申请编号 {number}，收到申请日期 {received}。{extra}",
    "confirmed": (
        "{organ}已确认于 {received} 收到您的政府信息公开申请（编号 {number}），"
        "将在20个工作日内答复（第三十三条）。"
    ),
    "correction": (
        "您的政府信息公开申请（编号 {number}）需要补正，请于 {due} 前补正：\n{items}\n"
        "逾期未补正的，视为放弃申请（第三十条）。"
    ),
    "extension": (
        "经批准，您的政府信息公开申请（编号 {number}）的答复期限延长{days}个工作日（第三十三条第二款）。"
    ),
    "reasons": (
        "您向{organ}申请公开政府信息的数量、频次明显超过合理范围，请于 {due} 前说明理由"
        "（《中华人民共和国政府信息公开条例》第三十五条），详见说明理由告知书（申请编号 {number}）。"
        "理由不合理或者逾期未说明的，本机关可以告知不予处理。"
    ),
    "delay": (
        "您的政府信息公开申请（编号 {number}）数量、频次明显超过合理范围，本机关认为申请理由合理，"
        "确定延迟至 {due} 前答复（《中华人民共和国政府信息公开条例》第三十五条）。"
    ),
    # 国办函〔2020〕109号: 自收到本通知之次日起20个工作日内. The date is the clock's
    # ``fee_payment_due``, the same one the 收费通知书 and the tracking page state.
    "fee": (
        "您的政府信息公开申请（编号 {number}）需缴纳信息处理费 {amount} 元"
        "（《中华人民共和国政府信息公开条例》第四十二条、国办函〔2020〕109号），收费通知书已于{sent}发出。"
        "请自收到收费通知书之次日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理。"
        "本机关登记送达日期后，可凭查询码查询具体截止日期。"
    ),
    "fee_delivered": (
        "您已于{delivered}收到信息处理费收费通知书（申请编号 {number}），"
        "请于{due}前缴纳信息处理费 {amount} 元"
        "（自收到本通知之次日起20个工作日内，《中华人民共和国政府信息公开条例》第四十二条、国办函〔2020〕109号）；"
        "逾期未缴纳的，视为放弃申请，本机关不再处理。"
    ),
    "supplemented": (
        "{organ}已于{supplied}收到您对政府信息公开申请（编号 {number}）的补正，"
        "答复期限自收到补正之日起重新计算（第三十条），本机关将于{due}前答复。"
    ),
    "replied": (
        "{organ}已于 {replied} 对您的政府信息公开申请（编号 {number}）作出答复：{outcome}。"
        "答复书将按您选择的方式送达。"
    ),
}


def notify_applicant(application, event: str, **values) -> None:
    """Queue a message to the applicant for ``event`` (only if they gave an e-mail address)."""
    address = application.email
    if not address:
        return
    values.setdefault("extra", "")
    text = APPLICANT_MESSAGES[event].format(
        organ=application.organization.name, number=application.number, **values
    )
    subject = f"【{application.organization.name}】政府信息公开申请 {application.number}"
    transaction.on_commit(lambda: _send(subject, text, [address]))


def notify_handlers(application, addresses: list[str], text: str) -> None:
    """Queue a message to the handlers of ``application`` (after commit); no applicant data."""
    if not addresses:
        return
    subject = f"【依申请公开】申请 {application.number}：申请人已补正"
    transaction.on_commit(lambda: _send(subject, text, addresses))


def _send(subject: str, text: str, to: list[str]) -> None:
    try:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # a mail server outage must not undo or block the handling step
        logger.exception("mail failed")


def digest(org, rows: list[tuple], today: date) -> tuple[str, str] | None:
    """The daily message to an organ's handlers: overdue and due-soon applications."""
    overdue = [(a, c) for a, c in rows if c.state == "overdue"]
    soon = [(a, c) for a, c in rows if c.state == "due_soon"]
    if not overdue and not soon:
        return None
    lines = [f"{org.name} 依申请公开办理提醒（{today:%Y年%-m月%-d日}）", ""]
    if overdue:
        lines.append(f"已超期 {len(overdue)} 件：")
        lines += [f"  {a.number} 答复期限 {c.clock.reply_due:%Y-%m-%d}，{c.label}" for a, c in overdue]
    if soon:
        lines.append(f"即将到期 {len(soon)} 件：")
        lines += [f"  {a.number} 答复期限 {c.clock.reply_due:%Y-%m-%d}，{c.label}" for a, c in soon]
    return f"【依申请公开】{org.name}：超期 {len(overdue)} 件，即将到期 {len(soon)} 件", "\n".join(lines)


def send_digests(messages: list[tuple[str, str, list[str]]]) -> int:
    batch = [(subject, text, settings.DEFAULT_FROM_EMAIL, to) for subject, text, to in messages if to]
    return send_mass_mail(batch, fail_silently=False) if batch else 0
