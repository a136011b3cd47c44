"""Forms of 意见征集: the public comment form (honeypot, no captcha) and the staff forms."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.models import Record, Status
from gongkai.participation import consultations_rules as rules
from gongkai.participation.models import Adoption, Channel, ConsultationTheme

HONEYPOT_MESSAGE = _("提交未被接受。如您使用了自动填表工具，请关闭后手工填写。")


class CommentForm(forms.Form):
    # The public form is read in Uyghur too (ADR 0040): labels through gettext.
    paragraph = forms.TypedChoiceField(label=_("针对"), coerce=int, empty_value=None, required=False)
    text = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=rules.COMMENT_MAX_CHARS + 1000,  # the rule's own message says the limit
    )
    author_name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    show_name = forms.BooleanField(label=_("公开显示我的姓名（不勾选则显示为“匿名”）"), required=False)
    contact = forms.CharField(
        label=_("联系方式（选填，不公开）"),
        max_length=200,
        required=False,
        help_text=_("电话或电子邮箱，仅供本机关就您的意见与您联系，不会在任何公开页面显示。"),
    )
    # Honeypot: hidden from people (and from assistive technology); bots fill every field.
    website = forms.CharField(label=_("网站（请勿填写）"), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        # Texts with a number are translated here, in the visitor's language of this request.
        self.fields["text"].help_text = gettext(
            "请勿填写身份证号码、手机号码等个人信息，不要附网址链接；不超过%(n)s字。"
        ) % {"n": rules.COMMENT_MAX_CHARS}
        choices = [("", gettext("全文"))] + [
            (
                str(p.number),
                gettext("第%(n)s段：%(text)s")
                % {"n": p.number, "text": p.text[:24] + ("…" if len(p.text) > 24 else "")},
            )
            for p in consultation.paragraphs.all()
        ]
        self.fields["paragraph"].choices = choices
        self.fields["author_name"].required = not consultation.allow_anonymous
        if consultation.allow_anonymous:
            self.fields["author_name"].label = gettext("姓名（选填）")
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsultationForm(forms.Form):
    title = forms.CharField(label="征集标题", max_length=200)
    description = forms.CharField(label="征集说明", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    is_major_decision = forms.BooleanField(
        label="重大行政决策事项（征求意见期限一般不少于30日，《重大行政决策程序暂行条例》第十四条）",
        required=False,
    )
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(
        label="截止日期", widget=DateInput(), required=False, help_text="不填则按默认期限（30日）计算。"
    )
    shortened_reason = forms.CharField(
        label="缩短期限的说明（重大行政决策事项期限少于30日时必填，将予公开）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    contact = forms.CharField(
        label="联系方式", max_length=300, help_text="联系人、电话、电子邮箱或通信地址。"
    )
    channels = forms.MultipleChoiceField(
        label="意见反馈渠道",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Channel.ONLINE],
    )
    channel_details = forms.CharField(
        label="渠道说明",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="邮箱地址、信函地址等。",
    )
    allow_anonymous = forms.BooleanField(label="允许匿名提交意见", required=False, initial=True)
    source_record = forms.ModelChoiceField(
        label="草案（本机关未发布的信息）", queryset=Record.objects.none(), required=False
    )
    draft_file = forms.FileField(label="或上传草案文件（.docx、PDF、.txt）", required=False)
    draft_text = forms.CharField(
        label="或粘贴草案全文",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="每段一行。",
    )

    def __init__(self, *args, org, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["source_record"].queryset = (
            Record.objects.for_org(org)
            .exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
            .order_by("-id")
        )

    def clean(self):
        data = super().clean()
        sources = [
            bool(data.get("source_record")),
            bool(data.get("draft_file")),
            bool((data.get("draft_text") or "").strip()),
        ]
        if sum(sources) == 0:
            raise forms.ValidationError("请选择草案信息、上传草案文件或粘贴草案全文（三选一）。")
        if sum(sources) > 1:
            raise forms.ValidationError("草案只能来自一处：请只选择草案信息、上传文件或粘贴全文中的一种。")
        return data


class PeriodForm(forms.Form):
    action = forms.ChoiceField(
        label="操作", choices=[("close", "提前结束"), ("extend", "延长"), ("reopen", "重新开放")]
    )
    new_end = forms.DateField(label="新的截止日期", widget=DateInput(), required=False)
    reason = forms.CharField(label="理由", max_length=300)


class ModerateForm(forms.Form):
    action = forms.ChoiceField(label="审核", choices=[("publish", "公开"), ("hide", "不予公开")])
    reason = forms.CharField(label="不予公开的理由", max_length=300, required=False)


class ThemeForm(forms.Form):
    name = forms.CharField(label="新主题", max_length=60)


class CommentThemeForm(forms.Form):
    theme = forms.ModelChoiceField(label="主题", queryset=ConsultationTheme.objects.none(), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = consultation.themes.all()


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=Adoption.choices)
    adoption_reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FeedbackForm(forms.Form):
    summary = forms.CharField(label="采纳情况说明", widget=forms.Textarea(attrs={"rows": 6}))
    final_record = forms.ModelChoiceField(
        label="最终发布的政策（本机关已发布的信息）", queryset=Record.objects.none(), required=False
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["final_record"].queryset = (
            Record.objects.for_org(org).published().order_by("-published_at")
        )
