"""What one migrated document says about the organ tree and about other documents (issue 19).

- **Whose record** (ADR 0030): a government's portal carried its departments' documents; the
  import files a document under the department of that government's own tree that issued it
  (its 发布机构, 《政府信息公开条例》第十条: the organ that made the information discloses it), in
  the department's column of the same statutory category. Never under another government's
  organ; a joint issue goes to its lead organ, a non-organ issuer stays with the importing organ,
  and the text read off the page is kept on the item either way.
- **立改废 by 文号**: a page that 废止s or 修订s documents by their 文号 changes those records'
  有效性 — also when the target arrives in a later batch: every run resolves the organ's pending
  relations, once each (a ValidityChange pointing at the source is the mark). Undo reverts them.
- **（已废止） in a title**: only 规章 and 规范性文件 carry 有效性 (Validity), so a page marked
  repealed or amended is suggested as a 规范性文件, for the official to confirm.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.disclosure.models import VALIDITY_GENRES, Genre, Record, Status, Validity, ValidityChange
from gongkai.disclosure.services import public_records_changed
from gongkai.orgs.models import Organization

from .extract_fields import same_doc_number
from .models import BatchStatus, ItemStatus, MigratedItem

NOTE_PREFIX = "网站迁移："


# Who may file a document in a department: the roles that may attach files to its records
# (disclosure.services.IMPORT_ROLES). The console's operator may everywhere in the tree.
DEPARTMENT_ROLES = {Role.EDITOR, Role.HEAD, Role.COMPETENT_ADMIN}


def writable_organs(org: Organization, actor=None) -> list[Organization]:
    """The importing organ and, when it is a government, the departments of its own tree (not a
    lower government's nor theirs: a township keeps its own disclosure) — for a person, only
    those where they hold a role: the import never writes where its actor could not."""
    if not org.is_government:
        return [org]
    organs = [org]
    lower: list[str] = []  # paths of lower governments under this one
    for organ in Organization.objects.get_tree(org).exclude(pk=org.pk).order_by("path"):
        if any(organ.path.startswith(path) for path in lower):
            continue
        if organ.is_government:
            lower.append(organ.path)
        elif actor is None or actor.is_superuser or actor.roles_in(organ) & DEPARTMENT_ROLES:
            organs.append(organ)
    return organs


def record_home(
    org: Organization, issuer_id: int | None, column: Column, homes: list[Organization]
) -> tuple[Organization, Column, str]:
    """(organ, column, problem) for a document the dry run mapped to the organ ``issuer_id``.

    A department of the importing government's tree gets the record in its own column of the same
    statutory category; without such a column (it does not apply to the department) the record
    stays with the importing organ, said in the item's problems.
    """
    issuer = next((o for o in homes if o.pk == issuer_id), None)
    if issuer is None and issuer_id is not None and issuer_id != org.pk:
        # An organ of the tree the import may not write in: a lower government's, or one where
        # the person importing holds no role. Kept here, for the official to hand over.
        name = Organization.objects.filter(pk=issuer_id).values_list("name", flat=True).first()
        return org, column, _("发布机构“%(organ)s”不在可导入的机关中，暂归入本机关") % {"organ": name}
    if issuer is None or issuer.pk == org.pk:
        return org, column, ""
    if column.organization_id == issuer.pk:
        return issuer, column, ""
    own = (
        Column.objects.filter(organization=issuer, category_code=column.category_code, applies=True)
        .order_by("position", "pk")
        .first()
        if column.category_code
        else None
    )
    if own is None:
        return (
            org,
            column,
            _("发布机构“%(organ)s”没有“%(column)s”栏目，暂归入本机关")
            % {
                "organ": issuer.name,
                "column": column.name,
            },
        )
    return issuer, own, ""


def suggested_genre_and_validity(genre: str, validity: str) -> tuple[str, str, str]:
    """(genre, validity, problem): a validity read off the page (（已废止） in the title, the
    table's 有效性) makes a 规范性文件 of a page whose title's 文种 said otherwise."""
    if validity not in Validity.values:
        validity = ""
    if genre in VALIDITY_GENRES:
        return genre, validity or Validity.VALID, ""
    if validity and validity != Validity.VALID:
        return (
            Genre.NORMATIVE,
            validity,
            _("页面标注“%(v)s”，体裁暂定为规范性文件，请核对") % {"v": Validity(validity).label},
        )
    return genre, "", ""


def _targets(organs: list[Organization]) -> dict[str, int]:
    return dict(
        Record.objects.filter(organization__in=organs, status=Status.PUBLISHED)
        .exclude(doc_number="")
        .values_list("doc_number", "pk")
    )


def _find(numbers: dict[str, int], wanted: str) -> int | None:
    if wanted in numbers:
        return numbers[wanted]
    return next((pk for number, pk in numbers.items() if same_doc_number(number, wanted)), None)


def apply_relations(org: Organization, batch=None, actor=None) -> int:
    """Apply every pending 废止/修订 of the organ's migrated documents whose target is on the
    platform now (also one a later batch brought); returns how many were applied. With ``batch``,
    its report says what was applied and which 文号 are still pending (not yet on the platform)."""
    items = (
        MigratedItem.objects.filter(batch__organization=org, status=ItemStatus.IMPORTED, record__isnull=False)
        .exclude(batch__status=BatchStatus.UNDONE)
        .values_list("pk", "record_id", "extracted__repeals", "extracted__amends")
    )
    pending = [(pk, rid, rep or [], am or []) for pk, rid, rep, am in items if rep or am]
    numbers = _targets(writable_organs(org, actor)) if pending else {}
    applied = 0
    waiting: list[dict] = []
    for item_pk, source_id, repeals, amends in pending:
        for validity, wanted_numbers in ((Validity.REPEALED, repeals), (Validity.AMENDED, amends)):
            for wanted in wanted_numbers:
                target_id = _find(numbers, wanted)
                if target_id is None:  # not (yet) on the platform: a later batch resolves it
                    waiting.append({"item": item_pk, "number": wanted, "validity": validity})
                elif target_id != source_id:
                    applied += _apply_one(item_pk, source_id, target_id, validity, wanted)
    if batch is not None:
        batch.refresh_from_db(fields=["report"])
        batch.report = {**batch.report, "relations": {"applied": applied, "pending": waiting[:500],
                                                      "pending_count": len(waiting)}}  # fmt: skip
        batch.save(update_fields=["report"])
    return applied


@transaction.atomic
def _apply_one(item_pk: int, source_id: int, target_id: int, validity: str, number: str) -> int:
    target = Record.objects.select_for_update().get(pk=target_id)
    source = Record.objects.get(pk=source_id)
    if ValidityChange.objects.filter(record=target, related_record=source).exists():
        # Applied by an earlier run; a re-import of the target may have reset what the page said.
        if target.validity != validity or target.genre not in VALIDITY_GENRES:
            target.validity = validity
            target.genre = target.genre if target.genre in VALIDITY_GENRES else Genre.NORMATIVE
            target.save(update_fields=["genre", "validity", "updated_at"])
            public_records_changed(target.organization_id)
        return 0
    item = MigratedItem.objects.select_for_update().get(pk=item_pk)
    before = {"record": target.pk, "validity": target.validity, "genre": target.genre,
              "replaced_by": target.replaced_by_id, "amended_by": target.amended_by_id}  # fmt: skip
    if target.genre not in VALIDITY_GENRES:
        target.genre = Genre.NORMATIVE  # only a 规范性文件 is repealed or amended by another
    target.validity = validity
    if validity == Validity.REPEALED:
        target.replaced_by = source
    else:
        target.amended_by = source
    target.save(update_fields=["genre", "validity", "replaced_by", "amended_by", "updated_at"])
    ValidityChange.objects.create(
        record=target,
        validity=validity,
        effective_on=source.written_on or (source.published_at or timezone.now()).date(),
        related_record=source,
        note=(NOTE_PREFIX + _("%(title)s（%(number)s）") % {"title": source.title, "number": number})[:300],
    )
    item.extracted = {
        **item.extracted,
        "applied_relations": [*item.extracted.get("applied_relations", []), before],
    }
    item.save(update_fields=["extracted"])
    public_records_changed(target.organization_id)  # its page shows 已废止/已修订 and by what
    return 1


def undo_relations(batch) -> None:
    """Put back what the batch's documents changed on other records (newest first)."""
    for item in batch.items.filter(record__isnull=False, extracted__has_key="applied_relations"):
        for before in reversed(item.extracted.get("applied_relations", [])):
            target = Record.objects.filter(pk=before["record"]).first()
            if target is None:
                continue
            ValidityChange.objects.filter(record=target, related_record_id=item.record_id).delete()
            target.validity, target.genre = before["validity"], before["genre"]
            target.replaced_by_id, target.amended_by_id = before["replaced_by"], before["amended_by"]
            target.save(update_fields=["validity", "genre", "replaced_by", "amended_by", "updated_at"])
            public_records_changed(target.organization_id)


def policy_by_title(organs: list[Organization], item: MigratedItem) -> int | None:
    """The policy a 解读 names by title only (a 相关文件：… line, or a link to an address the
    mirror does not hold): a published record of these organs with exactly that title."""
    titles = [*item.extracted.get("related_titles", [])]
    titles += [link[0] for link in item.extracted.get("related_links", []) if len(link) == 2]
    titles = [re.sub(r"\s", "", t).strip("《》") for t in titles if t]
    if not titles:
        return None
    return (
        Record.objects.filter(organization__in=organs, status=Status.PUBLISHED, title__in=titles)
        .exclude(genre=Genre.INTERPRETATION)
        .exclude(pk=item.record_id)
        .values_list("pk", flat=True)
        .first()
    )
