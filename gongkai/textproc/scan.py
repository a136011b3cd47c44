"""The pre-publication scanners in report mode, for a migrated site's documents (issue 19).

``scan_for_report`` runs what 保密审查 runs before publication — personal data (``pii``), injected
spam (``cleanup.find_spam``, with ordinary government codes exempt, ``govcodes``) — and, on the
original page HTML, what only markup shows: hidden links (暗链: ``display:none``, off-screen or
zero-size boxes around a link) and scripts that redirect visitors by ``navigator.userAgent`` or
``document.referrer``. It blocks nothing: the migration writes the findings into its report and
the records' audit trail (``gongkai.disclosure.checks.record_scan_report``), and a person decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.textproc.cleanup import find_spam
from gongkai.textproc.pii import find_pii

KIND_PII = "pii"
KIND_SPAM = "spam"
KIND_HIDDEN_LINK = "hidden_link"
KIND_REDIRECT_SCRIPT = "redirect_script"

SPAM_LABEL = "疑似暗链或博彩内容"
HIDDEN_LINK_LABEL = "隐藏链接（暗链）"
REDIRECT_LABEL = "按访客来源跳转的脚本"

# A box a visitor cannot see: not displayed, invisible, zero-size, or pushed off the screen.
HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|"
    r"(?:^|;|\s)(?:height|width)\s*:\s*0(?:px)?\s*(?:;|$)|"
    r"(?:left|top|text-indent|margin-left)\s*:\s*-\d{3,}",
    re.IGNORECASE,
)
REDIRECT_SCRIPT = re.compile(
    r"(?:navigator\.userAgent|document\.referrer).{0,400}?(?:location(?:\.href)?\s*=|location\.replace|"
    r"document\.write|window\.open)",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Finding:
    where: str  # 信息名称, 正文, 附件“…”
    kind: str  # KIND_*
    label: str  # in Chinese, for the report
    detail: str  # the token, the masked value, or the hidden link's target

    def __str__(self) -> str:
        return f"{self.where}：{self.label} {self.detail}"


def scan_text(where: str, text: str) -> list[Finding]:
    findings = [Finding(where, KIND_PII, f.label, f.masked) for f in find_pii(text)]
    seen: set[str] = set()
    for token in find_spam(text):
        if token not in seen:
            seen.add(token)
            findings.append(Finding(where, KIND_SPAM, SPAM_LABEL, token))
    return findings


def scan_html(where: str, html: str) -> list[Finding]:
    """Hidden links and redirecting scripts in a page's original HTML."""
    if not html.strip():
        return []
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    findings: list[Finding] = []
    for element in root.iter():
        style = element.get("style") if isinstance(element.tag, str) else None
        if not style or not HIDDEN_STYLE.search(style):
            continue
        links = [element] if element.tag == "a" else element.findall(".//a")
        for link in links:
            href = (link.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:void")):
                text = " ".join(link.text_content().split())[:40]
                findings.append(Finding(where, KIND_HIDDEN_LINK, HIDDEN_LINK_LABEL, f"{text} → {href[:200]}"))
    for script in root.iter("script"):
        if REDIRECT_SCRIPT.search(script.text or ""):
            findings.append(
                Finding(where, KIND_REDIRECT_SCRIPT, REDIRECT_LABEL, (script.text or "").strip()[:120])
            )
    return findings


def scan_for_report(
    title: str,
    body_text: str,
    attachment_texts: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    body_html: str = "",
) -> list[Finding]:
    """Every finding of the pre-publication checks on one document, without blocking anything.

    ``attachment_texts`` maps each attachment's name to its extracted text (or is a list of
    (name, text) pairs, names may repeat). ``body_html`` is the page's original markup, where
    hidden links can be seen; the spam in its link texts and targets is reported too.
    """
    pairs = attachment_texts.items() if isinstance(attachment_texts, Mapping) else attachment_texts
    findings = scan_text("信息名称", title) + scan_text("正文", body_text)
    findings += scan_html("正文", body_html)
    if body_html:
        hrefs = " ".join(re.findall(r"""href\s*=\s*["']?([^"'\s>]+)""", body_html, re.IGNORECASE))
        known = {f.detail for f in findings if f.kind == KIND_SPAM}
        findings += [f for f in scan_text("正文链接", hrefs) if f.kind == KIND_SPAM and f.detail not in known]
    for name, text in pairs:
        findings += scan_text(f"附件“{name}”", text)
    return findings
