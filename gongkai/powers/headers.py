"""Which column of a real list holds which field, and which 类别 a cell names (pure, no ORM).

Real 权责清单 and 公共服务事项清单 name the same column many ways (权力名称, 职权名称, 事项名称…);
the synonyms below come from published lists (tests/fixtures/powers/real/SOURCES.md).
"""

from __future__ import annotations

import re

SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "code": ("事项编码", "权力编码", "职权编码", "项目编码", "基本编码", "实施编码", "编码", "事项代码"),
    "name": (
        "事项名称",
        "权力名称",
        "职权名称",
        "权力事项名称",
        "权责事项名称",
        "权责事项",
        "项目名称",
        "服务事项名称",
        "公共服务事项名称",
        "服务事项",
        "主项名称",
        "主项",
        "名称",
    ),
    "sub_name": ("子项名称", "子项", "子项目名称", "子项目"),
    "category": (
        "类别",
        "权力类型",
        "权力类别",
        "职权类型",
        "职权类别",
        "事项类型",
        "事项类别",
        "权责类型",
        "类型",
    ),
    "basis": ("设定依据", "实施依据", "法律依据", "法定依据", "依据", "设定和实施依据"),
    "implementer": ("实施主体", "行使主体", "法定主体", "实施机关", "实施部门", "责任主体", "责任单位"),
    "responsibilities": ("责任事项", "责任事项内容"),
    "accountability": ("追责情形", "问责情形", "追责情形及依据"),
    "time_limit": ("办理时限", "承诺时限", "法定时限", "办结时限", "承诺办结时限"),
    "fees": ("收费", "收费标准", "是否收费", "收费依据及标准", "收费情况"),
    "service_object": ("服务对象",),
    "location": ("办理地点",),
    "hours": ("办理时间",),
    "phone": ("咨询电话", "咨询方式", "联系电话"),
    "note": ("备注",),
}

LABELS = {
    "seq": "序号",
    "code": "事项编码",
    "name": "事项名称",
    "sub_name": "子项名称",
    "category": "类别",
    "basis": "设定依据",
    "implementer": "实施主体",
    "responsibilities": "责任事项",
    "accountability": "追责情形",
    "time_limit": "办理时限",
    "fees": "收费",
    "service_object": "服务对象",
    "location": "办理地点",
    "hours": "办理时间",
    "phone": "咨询电话",
    "note": "备注",
}

# Category value → the words a list writes it with; "其他行政权力" is the usual name of 其他.
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "licensing": ("行政许可", "许可"),
    "penalty": ("行政处罚", "处罚"),
    "coercion": ("行政强制", "强制", "行政强制措施", "行政强制执行"),
    "levy": ("行政征收", "征收"),
    "payment": ("行政给付", "给付"),
    "inspection": ("行政检查", "检查", "行政监督检查"),
    "confirmation": ("行政确认", "确认"),
    "reward": ("行政奖励", "奖励"),
    "adjudication": ("行政裁决", "裁决"),
    "other": ("其他", "其他行政权力", "其他权力", "其他职权", "其他行政职权"),
    "public_service": ("公共服务", "公共服务事项"),
}
_CATEGORY_LOOKUP = {word: value for value, words in CATEGORY_WORDS.items() for word in words}

_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(][^）)]*[）)]")


def normalize(text: object) -> str:
    """A header or category cell as compared: no spaces or line breaks, no bracketed remark."""
    value = _SPACE.sub("", str(text or ""))
    return _NOTE.sub("", value).strip("：:*＊")


def field_for_header(text: object) -> str | None:
    """The field a header cell names, or None. Exact synonyms first, then the longest synonym the
    cell contains (e.g. 行政职权名称 → name), so 子项名称 never reads as 事项名称."""
    label = normalize(text)
    if not label:
        return None
    for field, words in SYNONYMS.items():
        if label in words:
            return field
    best: tuple[int, str] | None = None
    for field, words in SYNONYMS.items():
        for word in words:
            if len(word) >= 2 and word in label and (best is None or len(word) > best[0]):
                best = (len(word), field)
    return best[1] if best else None


def category_for(text: object) -> str | None:
    """The category value a cell names (行政许可, 许可, 行政许可类…), or None if unknown."""
    label = normalize(text)
    for candidate in (
        label,
        label.removesuffix("类"),
        label.removesuffix("事项"),
        label.removesuffix("类事项"),
    ):
        if candidate in _CATEGORY_LOOKUP:
            return _CATEGORY_LOOKUP[candidate]
    return None


_SECTION = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?P<name>[^（(，,]+)")


def category_of_section_title(text: str) -> str | None:
    """A heading row such as “一、行政许可（共12项）” names the category of the rows below it."""
    match = _SECTION.match(str(text).strip())
    return category_for(match.group("name")) if match else category_for(text)
