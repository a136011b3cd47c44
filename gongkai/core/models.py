"""Abstract bases shared by the domain apps; no domain rules live here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class OrgScopedModel(TimeStampedModel):
    """A row owned by one organ (tenant). Fetch it in staff code with ``get_for_org``."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, verbose_name=_("机关"), related_name="+"
    )

    class Meta:
        abstract = True
