from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Column, Guide
from gongkai.orgs.models import Organization


class ColumnForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("上级栏目"), queryset=Column.objects.none())
    name = forms.CharField(label=_("栏目名称"), max_length=120)
    slug = forms.SlugField(
        label=_("网址标识"), max_length=60, help_text=_("小写字母、数字和连字符，如 budget-2026。")
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["parent"].queryset = Column.objects.for_org(org).filter(parent=None)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Column.objects.for_org(self.org).filter(slug=slug).exists():
            raise forms.ValidationError(_("本机关已有使用该网址标识的栏目。"))
        return slug


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = [
            "overview",
            "classification",
            "proactive_channels",
            "request_procedure",
            "fees",
            "remedies",
            "revised_on",
        ]
        widgets = {"revised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ContactForm(forms.ModelForm):
    """第十二条: the disclosure office's name, address, hours, phone, fax and internet contact."""

    web_channel = forms.URLField(label=_("互联网联系方式（网址）"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = [
            "office_name",
            "address",
            "office_hours",
            "phone",
            "fax",
            "email",
            "postal_address",
            "postcode",
            "web_channel",
        ]
