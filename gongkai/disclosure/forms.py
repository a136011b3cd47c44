from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Column
from gongkai.core.formlimits import limit_length
from gongkai.disclosure.models import Genre, Record, Validity
from gongkai.textproc.cleanup import normalize_brackets
from gongkai.textproc.paste import body_html

BODY_MAX_CHARS = 500_000
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# How many candidates the record picker lists under its input (ADR 0046).
RECORD_SUGGESTIONS = 50


class RecordNumberInput(forms.TextInput):
    """A text input for a record's 编号 or 索引号 with a <datalist> of the most recently changed
    candidates (and the current choice). An organ holds 100,000 records: a <select> of all of them
    is megabytes of HTML and a query reading every row on each page (ADR 0046)."""

    def suggestions(self, value):
        queryset = self.choices.queryset
        rows = list(
            queryset.order_by("-updated_at", "-id").values_list("pk", "index_number", "title")[
                :RECORD_SUGGESTIONS
            ]
        )
        if str(value or "").isdigit() and int(value) not in {pk for pk, _, _ in rows}:
            rows = list(queryset.filter(pk=int(value)).values_list("pk", "index_number", "title")) + rows
        return [(pk, f"{title}（{number}）" if number else title) for pk, number, title in rows]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        list_id = f"{attrs.get('id') or 'id_' + name}-choices"
        attrs["list"] = list_id
        attrs.setdefault("inputmode", "text")
        html = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">{}</option>', self.suggestions(value))
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, options)


class RecordNumberField(forms.ModelChoiceField):
    """One record of ``queryset`` by its 编号 (the number in its workbench address, which the list
    beside the input offers) or its 索引号; looked up with one indexed query."""

    widget = RecordNumberInput
    default_error_messages = {
        "invalid_choice": _("找不到该文件：请填写可选文件的编号或索引号（输入时可从列表中选择）。"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        lookup = {"pk": int(text)} if text.isdigit() else {"index_number": text}
        try:
            return self.queryset.get(**lookup)
        except (self.queryset.model.DoesNotExist, self.queryset.model.MultipleObjectsReturned) as exc:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from exc


class RecordForm(forms.ModelForm):
    class Meta:
        model = Record
        field_classes = {"policy": RecordNumberField}
        fields = [
            "title",
            "column",
            "doc_number",
            "written_on",
            "topic",
            "genre",
            "disclosure_mode",
            "keywords",
            "summary",
            "body",
            "valid_until",
            "policy",
            "major_policy",
            # 维吾尔文版本 (ADR 0040): rendered in a fold of its own by workbench/record_form.html.
            "title_ug",
            "summary_ug",
            "body_ug",
        ]
        widgets = {
            "written_on": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "title_ug": forms.TextInput(attrs={"lang": "ug", "dir": "rtl"}),
            "policy": RecordNumberInput,
            "summary_ug": forms.Textarea(attrs={"rows": 3, "lang": "ug", "dir": "rtl"}),
            "body_ug": forms.Textarea(attrs={"rows": 12, "lang": "ug", "dir": "rtl"}),
        }
        help_texts = {
            "body": _(
                "可粘贴 Word、WPS 或网页中带格式的正文（表格保留），也可输入纯文本：空行分段，"
                "段内换行保留。脚本和不安全的代码会被清除；点击“预览”查看公开页面的显示效果。"
            ),
            "policy": _("仅政策解读需要：填写本解读所解读的政策文件的编号或索引号，或从列表中选择。"),
            "valid_until": _("仅规章、规范性文件需要。"),
            "title_ug": _("可选。填写后，以维吾尔文浏览网站的访问者看到维吾尔文版本。"),
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        # A column the organ set as not applying to it is not offered (the record's own stays).
        self.fields["column"].queryset = Column.objects.for_org(org).filter(
            Q(applies=True) | Q(pk=self.instance.column_id)
        )
        self.fields["policy"].queryset = (
            Record.objects.for_org(org).exclude(genre=Genre.INTERPRETATION).exclude(pk=self.instance.pk)
        )
        self.fields["policy"].required = False
        # A whole policy document with its markup; longer than the default for text areas.
        limit_length(self.fields["body"], BODY_MAX_CHARS)
        limit_length(self.fields["body_ug"], BODY_MAX_CHARS)

    UYGHUR_FIELDS = ("title_ug", "summary_ug", "body_ug")

    def chinese_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.UYGHUR_FIELDS]

    def uyghur_fields(self):
        return [self[name] for name in self.UYGHUR_FIELDS]

    def clean_body_ug(self):
        return body_html(self.cleaned_data.get("body_ug", ""))

    def clean_doc_number(self):
        # GB/T 9704-2012 7.2.4: the year of a 文号 is in 六角括号 〔〕; [2026]/(2026)/【2026】 typed from a
        # keyboard are the same number, written right here. The engine still flags other paths (ADR 0052).
        return normalize_brackets(self.cleaned_data.get("doc_number", "").strip())

    def clean_body(self):
        # Pasted Word/WPS or web HTML is cleaned; plain text becomes paragraphs (textproc.paste).
        return body_html(self.cleaned_data.get("body", ""))

    def clean(self):
        data = super().clean()
        if data.get("genre") == Genre.INTERPRETATION and not data.get("policy"):
            self.add_error("policy", _("政策解读须选择所解读的政策文件。"))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、DOCX、XLSX、OFD、图片；按文件内容校验类型。"))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("定时发布"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("留空则立即发布。"),
        error_messages={"invalid": _("定时发布时间格式不正确。")},
    )

    def clean_publish_at(self):
        # The 发布日期 the public reads must be true: a time already past would backdate it.
        at = self.cleaned_data["publish_at"]
        if at is not None and at <= timezone.now():
            raise forms.ValidationError(_("定时发布时间须晚于当前时间；立即发布请留空。"))
        return at


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("有效性"), choices=Validity.choices)
    effective_on = forms.DateField(label=_("生效日期"), widget=DATE_INPUT)
    related_record = RecordNumberField(
        label=_("相关文件（修订或替代它的文件）"),
        queryset=Record.objects.none(),
        required=False,
        help_text=_("填写已发布文件的编号或索引号，或从列表中选择。"),
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=300)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_record"].queryset = Record.objects.for_org(org).published()
