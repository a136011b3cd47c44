"""民汉双语 (issue 16 item 3, ADR 0040): every text the public pages and forms show has a Uyghur
translation in gongkai/locale/ug, and the compiled catalogue is the one the .po describes.

The public set is read from the sources themselves: the msgids of the public templates (as
makemessages reads them), the gettext calls of the portal's and search's Python, and, at run time,
the labels, help texts, choices and messages of the forms a visitor fills in and of the record
metadata a visitor reads. A new string without a translation fails here."""

from __future__ import annotations

import ast
import gettext as python_gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR) / "gongkai"
PO = ROOT / "locale" / "ug" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

PUBLIC_TEMPLATES = [
    "templates/base.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/components/*.html",
    "portal/templates/portal/*.html",
    "search/templates/search/*.html",
    "reports/templates/reports/trends.html",
    # 专题专栏, 事项查询 (标准目录), 意见征集, 政策咨询 / 问答库, 权责清单 and its 调整记录.
    "catalog/templates/catalog/portal_catalogue.html",
    "catalog/templates/catalog/topic_*.html",
    "participation/templates/participation/consultation_list.html",
    "participation/templates/participation/consultation_detail.html",
    "participation/templates/participation/_consultation_feedback.html",
    "participation/templates/participation/question_ask.html",
    "participation/templates/participation/question_detail.html",
    "participation/templates/participation/question_done.html",
    "participation/templates/participation/question_list.html",
    "participation/templates/participation/question_suggestions.html",
    "powers/templates/powers/_diff.html",
    "powers/templates/powers/portal/*.html",
]
PUBLIC_PYTHON = [
    "portal/*.py",
    "portal/templatetags/*.py",
    "search/query.py",
    "search/views.py",
    "participation/views/consultations_portal.py",
    "participation/questions/views_portal.py",
    "participation/forms_consultations.py",
    "participation/questions/forms.py",
    "participation/consultations_rules.py",
    "participation/questions/rules.py",
    "participation/questions/services.py",
    "participation/services_consultations.py",
    "powers/diff.py",
]
# Han text a public template may show untranslated, each for a reason: a language's own name in
# the switch, the Chinese page's link read by a Chinese reader, a test on the document's own text.
UNTRANSLATED_ALLOWED = {
    "templates/base.html": ["中文"],
    "portal/templates/portal/record.html": ["查看中文", "查看中文页面"],
    "portal/templates/portal/annual_report.html": ["一、二、三、四、五、六、"],
}

GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "ngettext"}
TEMPLATIZED_CALL = re.compile(r"(?:gettext|\b_)\(u?('(?:[^'\\]|\\.)*')\s*\)")


def _files(patterns):
    for pattern in patterns:
        yield from sorted(ROOT.glob(pattern))


def template_msgids() -> set[str]:
    found: set[str] = set()
    for path in _files(PUBLIC_TEMPLATES):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        found.update(ast.literal_eval(literal) for literal in TEMPLATIZED_CALL.findall(code))
    return found


def python_msgids() -> set[str]:
    found: set[str] = set()
    for path in _files(PUBLIC_PYTHON):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node, "func", None)
            name = getattr(name, "id", None) or getattr(name, "attr", None)
            if isinstance(node, ast.Call) and name in GETTEXT_NAMES and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
    return found


def runtime_msgids() -> set[str]:
    """What the apply/track forms and the record page show that lives in models and forms."""
    from django.utils.translation import gettext_lazy

    from gongkai.disclosure.models import DisclosureMode, Genre, Topic, Validity
    from gongkai.info_requests import forms
    from gongkai.info_requests.models import InfoRequest, Status

    lazy_type = type(gettext_lazy("x"))
    found: set[str] = set()

    def add(value):
        if isinstance(value, lazy_type):
            found.add(value._args[0])

    from gongkai.catalog.standard_models import ChangeKind
    from gongkai.participation.forms_consultations import CommentForm
    from gongkai.participation.models import Adoption, Channel
    from gongkai.participation.questions.forms import AskForm
    from gongkai.powers.headers import LABELS
    from gongkai.powers.models import Category, ListKind, VersionStatus

    public_forms = [forms.ApplicationForm, forms.TrackForm]
    public_forms += [forms.SupplementAnswerForm, forms.ReasonsAnswerForm, CommentForm, AskForm]
    for form_class in public_forms:
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            add(getattr(field, "empty_label", None))
            add(field.label)
            if model is not None and name in form_class._meta.fields:
                add(model._meta.get_field(name).verbose_name)  # the label a ModelForm shows
            add(field.help_text)
            if not hasattr(field, "queryset"):  # a list of organs is data, read from the database
                for _value, label in getattr(field, "choices", ()) or ():
                    add(label)
    for choices in (Topic, Genre, DisclosureMode, Validity, Status):
        for label in choices.labels:
            add(label)
    # 意见征集's channels and adoption, the lists' kinds, categories and version states, the
    # 标准目录's change kinds; the 调整记录 names a changed field by its header (translated in
    # the template).
    for choices in (Channel, Adoption, ListKind, Category, VersionStatus, ChangeKind):
        for label in choices.labels:
            add(label)
    found.update(LABELS.values())
    # The model's own checks of the application (身份证, 统一社会信用代码, 联系电话 …).
    source = Path(__import__("inspect").getfile(InfoRequest)).read_text(encoding="utf-8")
    clean = source[source.index("    def clean(self)") :]
    for literal in re.findall(r'_\(\s*"([^"]+)"\s*\)', clean.split("\n    def ", 2)[0]):
        found.add(literal)
    return found


def public_msgids() -> set[str]:
    return template_msgids() | python_msgids() | runtime_msgids()


def catalogue() -> dict[str, str]:
    with MO.open("rb") as handle:
        compiled = python_gettext.GNUTranslations(handle)._catalog
    return {k: v for k, v in compiled.items() if isinstance(k, str)}


def po_entries() -> dict[str, str]:
    """msgid → msgstr of the .po (non-fuzzy, non-empty), read with a small parser."""
    entries: dict[str, str] = {}
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            continue
        current, parts = None, {"msgid": [], "msgstr": []}
        for line in block.splitlines():
            if line.startswith("msgid "):
                current = "msgid"
                line = line[6:]
            elif line.startswith("msgstr "):
                current = "msgstr"
                line = line[7:]
            elif not line.startswith('"'):
                continue
            if current:
                parts[current].append(ast.literal_eval(line))
        msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
        if msgid and msgstr:
            entries[msgid] = msgstr
    return entries


def test_the_public_set_is_read_from_the_sources():
    ids = public_msgids()
    # A few known ones from each source, so an extraction that silently finds nothing fails.
    assert {"索引号", "跳到主要内容", "检索"} <= ids
    assert "请输入检索词。" in ids
    assert "居民身份证" in ids  # a choice of the apply form
    assert "综合政务" in ids  # the record's 主题分类
    assert "证件类型" in ids  # a model field's verbose name, the apply form's label
    assert "联系电话不正确。" in ids  # the application model's own check
    assert "This field is required." in ids  # Django's message, translated by the project
    assert len(ids) > 200


def _untranslated_han(text: str) -> list[str]:
    """Han text of a template outside translate tags, gettext calls and comments."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", text, flags=re.S)
    text = re.sub(r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}", "", text, flags=re.S)
    text = re.sub(r"\{%\s*translate\s+(\"[^\"]*\"|'[^']*').*?%\}", "", text)
    text = re.sub(r"_\((\"[^\"]*\"|'[^']*')\)", "", text)
    return re.findall(r"[\u4e00-\u9fff、，。：；（）]*[\u4e00-\u9fff][\u4e00-\u9fff、，。：；（）]*", text)


def test_no_public_template_shows_chinese_outside_gettext():
    """A Chinese word typed straight into a public template stays Chinese on the Uyghur page,
    and no msgid would tell: every public template is read for Han text outside translate tags."""
    found = {}
    for path in _files(PUBLIC_TEMPLATES):
        name = str(path.relative_to(ROOT))
        words = [
            w
            for w in _untranslated_han(path.read_text(encoding="utf-8"))
            if w not in UNTRANSLATED_ALLOWED.get(name, [])
        ]
        if words:
            found[name] = words
    assert found == {}


def test_the_han_check_finds_a_word_typed_into_a_template():
    assert _untranslated_han('<h1>{% translate "机构职能" %}</h1><p>尚未填写。</p>') == ["尚未填写。"]
    assert _untranslated_han("{% blocktranslate %}第{{ n }}版{% endblocktranslate %}{# 注释 #}") == []


def test_every_public_text_has_a_uyghur_translation():
    translated = catalogue()
    missing = sorted(m for m in public_msgids() if not translated.get(m))
    assert not missing, f"{len(missing)} msgids without a Uyghur translation: {missing[:20]}"


def test_the_compiled_catalogue_matches_the_po():
    compiled = catalogue()
    entries = po_entries()
    assert entries
    assert {k: compiled.get(k) for k in entries} == entries


@pytest.mark.parametrize("msgid", ["政府信息公开指南", "依申请公开", "索引号"])
def test_translations_are_in_arabic_script(msgid):
    value = catalogue()[msgid]
    assert re.search(r"[\u0600-\u06ff]", value)


def test_placeholders_survive_translation():
    for msgid, msgstr in po_entries().items():
        placeholders = re.compile(r"%\(\w+\)[sd]")
        assert sorted(placeholders.findall(msgid)) == sorted(placeholders.findall(msgstr)), msgid
