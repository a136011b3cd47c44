from treebeard.mp_tree import MP_NodeManager, MP_NodeQuerySet


class OrganizationQuerySet(MP_NodeQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def governments(self):
        return self.filter(kind="government")


class OrganizationManager(MP_NodeManager):
    # treebeard's manager builds a plain MP_NodeQuerySet; ours adds the domain vocabulary.
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")

    def active(self):
        return self.get_queryset().active()

    def governments(self):
        return self.get_queryset().governments()
