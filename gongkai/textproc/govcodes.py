"""Ordinary government codes that look like injected spam tokens (issue 19, ADR 0023).

The 暗链 scanner (``cleanup.find_spam``) flags Latin-and-digit runs glued into Chinese prose
(``btbt365me``, ``beat365``). Government text is full of such runs that are nothing of the kind:
a parcel number ``2020G003``, a procurement catalogue code ``A02010104``, an 18-character
统一社会信用代码, an aircraft type ``AS350B3``. On a real county site six of 199 documents were
blocked for these, and the cleaner would have deleted them. ``code_kind`` tells them apart by
shape, checksum and the words around them; a run containing a gambling root is never a code.
"""

from __future__ import annotations

import re

from gongkai.orgs.codes import is_valid_credit_code

# Never a code, whatever the context: the roots of gambling brands and their domains.
GAMBLING_ROOT = re.compile(r"bet|casino|bocai|xpj|amjs|vns|vip|bbin|pujing|weinisi|baijiale|liuhecai", re.I)

# 宗地编号 as natural-resources bureaus write them: year, letter(s), serial (2020G003, 2019-G-12
# splits at the hyphens and never reaches the scanner), with an optional district prefix (XQ2020G003).
PARCEL = re.compile(r"^[A-Z]{0,4}(?:19|20)\d{2}[A-Z]{1,3}\d{1,4}$")
# 政府采购品目分类目录 (财政部): A 货物, B 工程, C 服务, then two digits per level (A02010104).
PROCUREMENT = re.compile(r"^[ABC]\d{2}(?:\d{2}){0,5}$")
# Equipment and aircraft types: capitals then digits, maybe a variant suffix (AS350B3, AW139, EC135T2).
MODEL = re.compile(r"^[A-Z]{1,6}\d{1,5}[A-Z]{0,3}\d{0,3}$")
MODEL_CONTEXT_BEFORE = re.compile(r"(?:型号|机型|规格|品牌|牌|型)[：:\s]*$")
MODEL_CONTEXT_AFTER = re.compile(r"^[\s\-)）]*(?:型|系列|飞机|直升机|无人机|机|发动机|车|设备|航空器)")
# A label just before the run says what it is, whatever its shape.
LABEL_BEFORE = re.compile(
    r"(?:编号|编码|代码|代号|批准号|审图号|证号|文号|许可证号?|备案号|登记号|项目号|标段号?|包号|品目|型号|机型|索引号|批次)"
    r"[为是]?[：:\s（(]*$"
)


def code_kind(token: str, before: str = "", after: str = "") -> str | None:
    """What kind of government code ``token`` is, given the text just before and after it; or None.

    ``before``/``after`` are a few characters of context (the scanner passes about a dozen).
    """
    if GAMBLING_ROOT.search(token):
        return None
    upper = token.upper()
    if len(token) == 18 and is_valid_credit_code(upper):  # GB 32100-2015 check character
        return "统一社会信用代码"
    if token != upper:
        # Government codes are written in capitals; a labelled lower-case code is still one.
        return "编号" if LABEL_BEFORE.search(before) else None
    if PARCEL.match(token):
        return "宗地编号"
    if PROCUREMENT.match(token):
        return "政府采购品目编码"
    if LABEL_BEFORE.search(before):
        return "编号"
    if MODEL.match(token) and (MODEL_CONTEXT_BEFORE.search(before) or MODEL_CONTEXT_AFTER.search(after)):
        return "型号"
    return None


CONTEXT = 12


def code_at(text: str, start: int, end: int) -> str | None:
    """``code_kind`` of ``text[start:end]`` with its context read from ``text``."""
    return code_kind(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


# Whole codes whose parts the token scanner never sees but a removal must not cut into.
MAP_APPROVAL = re.compile(  # 审图号: GS(2024)0650号, GS京(2022)1061号, 粤S(2020)033号
    r"(?:[A-Z]{1,2}[\u4e00-\u9fff]?|[\u4e00-\u9fff][A-Z])\s*[（(〔\[]\s*\d{4}\s*[）)〕\]]\s*\d{1,6}\s*号"
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,5}\s*号")  # 文号
LABELLED = re.compile(LABEL_BEFORE.pattern.removesuffix("$") + r"[A-Za-z0-9][A-Za-z0-9\-（）()〔〕]{2,40}")
RUN = re.compile(r"[A-Za-z0-9]{4,}")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a government code: the cleaner removes nothing that overlaps these."""
    spans = [m.span() for pattern in (MAP_APPROVAL, DOC_NUMBER, LABELLED) for m in pattern.finditer(text)]
    spans += [m.span() for m in RUN.finditer(text) if code_at(text, m.start(), m.end())]
    return sorted(spans)
