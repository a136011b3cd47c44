from django.db import models
from django.utils import timezone


class RecordQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def published(self, *, until=None):
        """What the public, the feeds and the API may see: published and due (scheduled ones wait).
        ``until`` (never later than now) bounds it further: a keyset page's cursor (ADR 0047)."""
        now = timezone.now()
        return self.filter(status="published", published_at__lte=min(until, now) if until else now)

    def publicly_visible(self):
        """Published, plus withdrawn records whose page stays up to say they were withdrawn."""
        return self.filter(status__in=["published", "withdrawn"], published_at__lte=timezone.now())

    def in_year(self, year: int):
        return self.filter(published_at__year=year)
