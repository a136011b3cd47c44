from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from gongkai.catalog.models import Column, Guide
        from gongkai.core.pagecache import bump_generation_on_commit
        from gongkai.disclosure.models import Attachment, Record, ValidityChange
        from gongkai.orgs.models import InternalUnit, Leader, Organization, OrganizationAlias
        from gongkai.powers.models import ListVersion, PowerListItem
        from gongkai.reports.models import AnnualReport

        # Loose side effect (cache purge), the one use of signals the style guide allows.
        for model in (
            Record,
            Attachment,
            ValidityChange,
            Column,
            Guide,
            Organization,
            OrganizationAlias,
            AnnualReport,
            ListVersion,
            PowerListItem,
            InternalUnit,
            Leader,
        ):
            post_save.connect(
                bump_generation_on_commit, sender=model, dispatch_uid=f"portal-cache-{model.__name__}"
            )
            post_delete.connect(
                bump_generation_on_commit, sender=model, dispatch_uid=f"portal-cache-del-{model.__name__}"
            )
