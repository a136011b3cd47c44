"""The public's question form and the staff's answer / transfer / publish forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.models import Topic
from gongkai.orgs.models import Organization
from gongkai.participation.questions.services import ANSWER_MAX, TEXT_MAX, TITLE_MAX


class AskForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("咨询机关"),
        queryset=Organization.objects.active().order_by("path"),
        required=False,
        empty_label=_("不知道问谁（由平台按主题分派）"),
    )
    government = forms.ModelChoiceField(
        label=_("所在地区（不知道问谁时填写）"),
        queryset=Organization.objects.active().governments().order_by("path"),
        required=False,
        empty_label=_("请选择"),
    )
    topic = forms.ChoiceField(
        label=_("主题分类"), choices=[("", _("请选择")), *Topic.choices], required=False
    )
    title = forms.CharField(label=_("咨询标题"), max_length=TITLE_MAX)
    text = forms.CharField(
        label=_("咨询内容"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
    )
    asker_name = forms.CharField(label=_("您的称呼"), max_length=50, required=False)
    asker_contact = forms.CharField(
        label=_("联系方式（手机或电子邮箱，仅答复机关可见）"), max_length=100, required=False
    )
    consent_to_publish = forms.BooleanField(
        label=_("同意在去除个人信息后公开本咨询及答复，供其他群众参考"), required=False
    )
    # A field people never see: scripts that fill every input give themselves away.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(gettext("提交失败，请刷新页面后重试。"))
        if not data.get("organization") and not data.get("government"):
            self.add_error(
                "government", gettext("请选择咨询机关；不知道问谁时，请选择所在地区，由平台按主题分派。")
            )
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(label="答复内容", max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    related_records = forms.CharField(
        label="相关政策（已公开信息的编号，逗号分隔）", required=False, max_length=500
    )

    def related_ids(self) -> list[str]:
        raw = self.cleaned_data.get("related_records", "").replace("，", ",")
        return [p.strip() for p in raw.split(",") if p.strip()]


class TransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        label="转办给", queryset=Organization.objects.active().order_by("path"), empty_label="请选择机关"
    )
    reason = forms.CharField(label="转办理由", max_length=300)


class PublishForm(forms.Form):
    public_title = forms.CharField(label="公开标题", max_length=TITLE_MAX, required=False)
    public_text = forms.CharField(
        label="公开咨询内容", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    public_answer = forms.CharField(
        label="公开答复内容", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class FrequentForm(forms.Form):
    record = forms.IntegerField(label="列入哪条政策的常见问题（信息编号）", min_value=1)
    position = forms.IntegerField(label="排序", min_value=0, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label="不予答复的理由", max_length=300)


class ReviewForm(forms.Form):
    """A held question: released into the queue or rejected (the button pressed), with the reason
    either way."""

    reason = forms.CharField(label="审核理由", max_length=300)

    def __init__(self, *args, decision: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision

    def clean(self):
        data = super().clean()
        if self.is_bound and self.decision not in ("release", "reject"):
            raise forms.ValidationError("请选择“放行办理”或“不予受理”。")
        return data


class AnswerLimitForm(forms.Form):
    answer_days = forms.IntegerField(
        label="答复时限（工作日，留空则沿用上级或默认时限）", required=False, min_value=1, max_value=60
    )
