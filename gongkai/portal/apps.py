from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from gongkai.core.pagecache import bump_generation_on_commit
        from gongkai.disclosure.models import Attachment, Record, ValidityChange
        from gongkai.powers.models import ListVersion, PowerListItem
        from gongkai.reports.models import AnnualReport

        # Loose side effect (cache purge) for the disclosure, report and list models. Organs, their
        # aliases, 内设机构 and 负责人, columns and 指南 are not here: every write of those calls
        # gongkai.orgs.services.public_structure_changed explicitly, the operators' admin included
        # (ADR 0057).
        for model in (Record, Attachment, ValidityChange, AnnualReport, ListVersion, PowerListItem):
            post_save.connect(
                bump_generation_on_commit, sender=model, dispatch_uid=f"portal-cache-{model.__name__}"
            )
            post_delete.connect(
                bump_generation_on_commit, sender=model, dispatch_uid=f"portal-cache-del-{model.__name__}"
            )
