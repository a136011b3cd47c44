from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from gongkai.core.formlimits import limit_length
from gongkai.info_requests import outcomes, services
from gongkai.info_requests.models import (
    Channel,
    InfoRequest,
    LetterSettings,
    ObtainMethod,
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

    # Shown and asked only of 法人或其他组织; the template hides them for 自然人 (CSS, no JS needed).
    ORGANISATION_ONLY = ("legal_representative", "contact_person")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in APPLICATION_LIMITS.items():
            if name in self.fields:
                limit_length(self.fields[name], limit)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                # A required choice has no "---------" option: it would be a pre-checked non-answer.
                field.choices = [c for c in field.choices if c[0] != ""]

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交失败，请刷新页面后重试。"))
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        # The model's checks run even where the form already refused the value (an empty 联系电话
        # is both 必填 and 不正确): say the first thing to fix, once per field.
        for name, errors in self._errors.items():
            if name != NON_FIELD_ERRORS:
                del errors[1:]

    def wrong_fields(self):
        """(field, first message) for the error banner, in the order of the form."""
        return [(self[name], self.errors[name][0]) for name in self.fields if name in self.errors]


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by content later."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class SupplementAnswerForm(forms.Form):
    """The applicant's answer to a 补正告知 on the tracking page (第三十条)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    text = forms.CharField(
        label=_("补正内容"),
        required=False,
        max_length=services.SUPPLEMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请针对补正告知书所列事项逐项说明，如所需信息的名称、文号、时间、事项等。"),
    )
    files = MultipleFileField(
        label=_("补正材料（可选）"),
        required=False,
        help_text=_("如身份证明、申请表等，最多5个文件。"),
    )
    # Never shown: scripts that fill every input give themselves away.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交失败，请刷新页面后重试。"))
        return super().clean()


BREACH_HELP = _(
    "仅在补登已经发生但逾期的事项（如纸质档案）时填写：写明实际情况。系统将如实登记并标记为违反法定期限，不会改变期限计算。"
)


def _breach_field():
    return forms.CharField(
        label=_("逾期登记说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=BREACH_HELP,
    )


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


class ReasonsAnswerForm(forms.Form):
    """The applicant's reasons asked under 第三十五条, on the tracking page."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    text = forms.CharField(
        label=_("申请理由"),
        max_length=services.SUPPLEMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请说明申请公开这些政府信息的理由，如用途、需要的原因等。"),
    )
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("提交失败，请刷新页面后重试。"))
        return super().clean()


class DateForm(forms.Form):
    on = _date(_("日期"))


class CorrectionForm(forms.Form):
    items = forms.CharField(
        label=_("需补正的事项（一次性逐项列明）"), widget=forms.Textarea(attrs={"rows": 4})
    )
    sent_on = _date(_("告知日期"))
    due_on = _date(_("补正期限"))
    acknowledge_breach = _breach_field()


class SupplementForm(forms.Form):
    supplied_on = _date(_("收到补正日期"))
    channel = forms.ChoiceField(
        label=_("补正方式"),
        required=False,
        choices=[("", "——"), *(c for c in Channel.choices if c[0] != Channel.ONLINE)],
        help_text=_("在线补正由申请人在办理进度查询页面提交，无需登记。"),
    )
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
    acknowledge_breach = _breach_field()


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", "——请选择——"), *outcomes.CHOICES])
    already_public = forms.BooleanField(
        label=_("所申请信息已主动公开（第三十六条第（一）项）"), required=False
    )
    ground = forms.ChoiceField(
        label=_("答复依据的具体情形"),
        choices=outcomes.GROUND_CHOICES,
        required=False,
        help_text=_(
            "部分公开：不予公开部分的依据；本机关不掌握：信息不存在或非本机关负责；要求确认或重新出具。"
        ),
    )
    reasons = forms.CharField(label=_("理由及说明"), widget=forms.Textarea(attrs={"rows": 5}))
    responsible_organ = forms.CharField(label=_("负责公开的机关（非本机关负责时）"), required=False)
    responsible_contact = forms.CharField(label=_("负责公开的机关的联系方式"), required=False, max_length=200)
    letter_number = forms.CharField(
        label=_("答复书文号"), required=False, max_length=60, help_text=_("不填时按本机关文号格式自动编号。")
    )
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
    delivered_on = forms.DateField(
        label=_("送达日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "申请人收到收费通知之日；缴费期限自次日起20个工作日（国办函〔2020〕109号）。未送达的可稍后登记。"
        ),
    )
    delivery_method = forms.ChoiceField(
        label=_("送达方式"), required=False, choices=[("", "——"), *ObtainMethod.choices]
    )

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0

    def clean(self):
        data = super().clean()
        if data.get("delivered_on") and not data.get("delivery_method"):
            self.add_error("delivery_method", _("请选择收费通知的送达方式。"))
        return data


class FeeDeliveryForm(forms.Form):
    delivered_on = _date(_("收费通知送达日期"))
    delivery_method = forms.ChoiceField(label=_("送达方式"), choices=ObtainMethod.choices)


class PaymentForm(forms.Form):
    paid_on = _date(_("缴费日期"))


class ReasonsForm(forms.Form):
    grounds = forms.CharField(
        label=_("数量、频次明显超过合理范围的情况"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：本月已提出的申请件数、内容相同或相近的申请等。"),
    )
    sent_on = _date(_("告知日期"))
    due_on = _date(_("说明理由期限"))


class ReasonsGivenForm(forms.Form):
    given_on = _date(_("收到理由日期"))
    reasons = forms.CharField(label=_("申请人说明的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DelayForm(forms.Form):
    new_due_on = _date(_("延迟答复期限"))
    reason = forms.CharField(label=_("理由（第三十五条）"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = _date(_("决定日期"))
    acknowledge_breach = _breach_field()


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回方式和时间"), widget=forms.Textarea(attrs={"rows": 2}))


class LetterSettingsForm(forms.ModelForm):
    seal_upload = forms.FileField(
        label=_("上传电子印章（PNG，透明背景）"), required=False, help_text=_("不上传则保留现有印章。")
    )

    class Meta:
        model = LetterSettings
        fields = ["organ_code", "number_pattern", "sealed", "payment_channel"]
        widgets = {"payment_channel": forms.Textarea(attrs={"rows": 3})}
