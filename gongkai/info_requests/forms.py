from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.formlimits import limit_length
from gongkai.info_requests import outcomes, services
from gongkai.info_requests.models import (
    Channel,
    InfoRequest,
    ProcessingFee,
    ReviewResult,
    ThirdPartyConsultation,
)

APPLICATION_FIELDS = [*services.APPLICANT_FIELDS, *services.REQUEST_FIELDS]
APPLICATION_LIMITS = services.APPLICATION_LIMITS


class ApplicationForm(forms.ModelForm):
    """第二十九条's contents; the model's clean() checks ID numbers and contacts."""

    # A field people never see: scripts that fill every input give themselves away.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    class Meta:
        model = InfoRequest
        fields = APPLICATION_FIELDS
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "legal_representative": forms.TextInput,
            "contact_person": forms.TextInput,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "6"}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "provision_form": forms.RadioSelect,
            "obtain_method": forms.RadioSelect,
        }
        help_texts = {
            "applicant_name": _("自然人填写姓名；法人或其他组织填写全称。"),
            "description": _(
                "请写明所需政府信息的名称、文号，或者便于查询的其他特征（如时间、事项、地点）。"
            ),
            "legal_representative": _("法人或其他组织填写。"),
            "contact_person": _("法人或其他组织填写。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in APPLICATION_LIMITS.items():
            if name in self.fields:
                limit_length(self.fields[name], limit)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交失败，请刷新页面后重试。"))
        return super().clean()


class RegisterForm(ApplicationForm):
    """Staff register an application that came by letter, fax or in person (第三十一条)."""

    channel = forms.ChoiceField(
        label=_("申请方式"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label=_("收到申请日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("当面提交为提交之日；邮寄为签收之日；平常信函、传真为双方确认之日。"),
    )

    class Meta(ApplicationForm.Meta):
        fields = ["channel", "received_on", *APPLICATION_FIELDS]


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX"}),
    )


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class DateForm(forms.Form):
    on = _date(_("日期"))


class CorrectionForm(forms.Form):
    items = forms.CharField(
        label=_("需补正的事项（一次性逐项列明）"), widget=forms.Textarea(attrs={"rows": 4})
    )
    sent_on = _date(_("告知日期"))
    due_on = _date(_("补正期限"))


class SupplementForm(forms.Form):
    supplied_on = _date(_("收到补正日期"))
    supplement = forms.CharField(
        label=_("补正内容摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label=_("征求对象类型"), choices=ThirdPartyConsultation.Kind.choices)
    party = forms.CharField(label=_("征求对象"), max_length=200)
    sent_on = _date(_("发出日期"))


class ConsultationEndForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    answered_on = _date(_("答复或期满日期"))
    answer = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(forms.Form):
    working_days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))
    approved_on = _date(_("批准日期"))


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", "——请选择——"), *outcomes.CHOICES])
    already_public = forms.BooleanField(
        label=_("所申请信息已主动公开（第三十六条第（一）项）"), required=False
    )
    reasons = forms.CharField(label=_("理由及说明"), widget=forms.Textarea(attrs={"rows": 5}))
    responsible_organ = forms.CharField(label=_("负责公开的机关及联系方式（非本机关负责时）"), required=False)
    letter_number = forms.CharField(label=_("答复书文号"), required=False, max_length=60)
    replied_on = _date(_("答复日期"))


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label=_("送达方式"), choices=InfoRequest._meta.get_field("obtain_method").choices
    )
    delivered_on = _date(_("送达日期"))
    receipt = forms.CharField(label=_("送达回证或凭据"), required=False, max_length=200)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("内部备注"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    body = forms.CharField(label=_("复议机关"), max_length=200)
    filed_on = _date(_("申请复议日期"))


class LitigationForm(forms.Form):
    court = forms.CharField(label=_("人民法院"), max_length=200)
    filed_on = _date(_("起诉日期"))
    after_review = forms.BooleanField(label=_("复议后起诉"), required=False)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("review", "review"), ("litigation", "litigation")], widget=forms.HiddenInput
    )
    case = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("结果"), choices=[c for c in ReviewResult.choices if c[0] != ReviewResult.PENDING]
    )
    decided_on = _date(_("决定日期"))
    note = forms.CharField(label=_("说明"), required=False)


class FeeForm(forms.Form):
    method = forms.ChoiceField(label=_("计收方式"), choices=ProcessingFee.Method.choices)
    pages = forms.IntegerField(
        label=_("页数（按量计收时）"),
        min_value=0,
        required=False,
        help_text=_("按件计收时按申请人当月申请件数自动计算。"),
    )
    sent_on = _date(_("通知日期"))

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0


class PaymentForm(forms.Form):
    paid_on = _date(_("缴费日期"))


class DelayForm(forms.Form):
    new_due_on = _date(_("延迟答复期限"))
    reason = forms.CharField(label=_("理由（第三十五条）"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = _date(_("决定日期"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回方式和时间"), widget=forms.Textarea(attrs={"rows": 2}))
