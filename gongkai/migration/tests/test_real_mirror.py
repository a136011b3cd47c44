"""End to end on the real development set (issue 19): ``gongkai import-site`` on each site of
``tests/fixtures/migration/real`` (wget layout), then every stored field of every record checked
against the hand-made ``*.expected.json`` — not the reader's output, the platform's records.

Each site is imported into an organ tree named after its issuers: a government with the
departments whose documents its portal carried, so a document lands in its issuing department
(ADR 0030); a utility or a joint issue's partner stays text on the item.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.disclosure.models import VALIDITY_GENRES, Genre, Record, Status, Validity, ValidityChange
from gongkai.migration import relations, services
from gongkai.migration.evaluation import EXPECTATION_SUFFIX, page_files
from gongkai.migration.models import ItemKind, ItemStatus, MigratedItem, Redirect
from gongkai.migration.sites import ARTICLE, HOST
from gongkai.orgs.models import Kind, Organization
from gongkai.orgs.tests.factories import DepartmentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "migration" / "real"

# host → (the importing organ, its departments): the organs the pages name as issuers.
TREES = {
    "www.gov.cn": ("国务院", ["国务院办公厅"]),
    "www.pingtan.gov.cn": (
        "平潭综合实验区管委会",
        ["平潭综合实验区财政金融局", "平潭综合实验区社会事业局", "平潭综合实验区行政审批局"],
    ),
    "www.mee.gov.cn": ("生态环境部", []),
}


def _tree(host: str):
    government, departments = TREES[host]
    root = OrganizationFactory(name=government, slug=re.sub(r"\W", "-", host), kind=Kind.GOVERNMENT)
    for name in departments:
        root.refresh_from_db()
        DepartmentFactory(parent=root, name=name)
    root.refresh_from_db()
    return root


def _mirror(tmp_path: Path, host: str) -> Path:
    """The host's pages as wget left them: no expectation files, no notes."""
    root = tmp_path / "mirror"
    for page in page_files(REAL / host):
        target = root / page.relative_to(REAL)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    return root


def _expected(host: str) -> dict[str, dict]:
    return {
        page.relative_to(REAL).as_posix(): json.loads(
            Path(str(page) + EXPECTATION_SUFFIX).read_text(encoding="utf-8")
        )
        for page in page_files(REAL / host)
    }


def _key(item: MigratedItem) -> str:
    return item.old_url.split("://", 1)[1]


def _import(tmp_path: Path, host: str):
    org = _tree(host)
    out = io.StringIO()
    call_command(
        "import_site", str(_mirror(tmp_path, host)), "--org", org.slug, stdout=out, stderr=io.StringIO()
    )
    return org, services.batches_for(org).get(), out.getvalue()


def _check_record(item: MigratedItem, want: dict, org) -> list[str]:
    """Every stored field against the expectation; a list of what differs."""
    record = item.record
    wrong = []

    def differs(name, got, expected):
        if got != expected:
            wrong.append(f"{item.old_url} {name}: {got!r} ≠ {expected!r}")

    differs("status", record.status, Status.PUBLISHED)
    differs("title", record.title, want["title"])
    if "doc_number" in want:
        differs("doc_number", record.doc_number, want["doc_number"] or "")
    if "written_on" in want:
        differs("written_on", record.written_on and record.written_on.isoformat(), want["written_on"])
    differs("published_on", timezone.localtime(record.published_at).date().isoformat(), want["published_on"])
    if want.get("index_number"):
        differs("index_number", record.index_number, want["index_number"])
    else:
        differs("index_number allocated", bool(record.index_number and record.index_serial), True)
    # The issuer: the text as read, and the organ of the tree it names (a joint issue: its lead).
    differs("issuer_text", item.issuer_text, want["issuer"] or "")
    lead = (want["issuer"] or "").split("、")[0]
    names = {o.name: o for o in [org, *Organization.objects.get_children(org)]}
    differs("organization", record.organization.name, names.get(lead, org).name)
    differs("column's organ", record.column.organization_id, record.organization_id)
    mapping = item.batch.column_mappings.get(source_column=item.source_column)
    differs("column category", record.column.category_code, mapping.column.category_code)
    # 有效性: only 规章 and 规范性文件 carry one; a page marked repealed is suggested as one.
    marked = want.get("validity") if want.get("validity") not in (None, Validity.VALID) else ""
    if marked:
        differs("validity", record.validity, marked)
        differs("genre", record.genre in VALIDITY_GENRES, True)
    else:
        differs("validity", record.validity, Validity.VALID if record.genre in VALIDITY_GENRES else "")
    if want.get("genre"):
        differs("genre", record.genre, want["genre"])
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(record.body)))
    for line in want.get("body_contains", []):
        differs(f"body contains {line[:20]}", line in text, True)
    for line in want.get("body_excludes", []):
        differs(f"body excludes {line[:20]}", line in record.body, False)
    # Files the page links: imported when the mirror holds them, else named in the item's problems
    # (the development set keeps pages only).
    want_files = sorted(url.split("://", 1)[1] for url in want.get("attachments", []))
    linked = [m.old_url.split("://", 1)[1] for m in item.attachment_links.all()]
    missing = [p.split("://", 1)[1] for p in item.problems if p.startswith("附件不在来源中")]
    differs("attachments", sorted(linked + missing), want_files)
    differs("attachment records", record.attachments.count(), len(linked))
    differs("redirect", Redirect.objects.filter(old_path=item.old_path, record=record).exists(), True)
    # The relations it read are kept for later batches (cited, repealed, amended).
    for name in ("related_doc_numbers", "repeals", "amends"):
        if name in want:
            differs(name, sorted(item.extracted.get(name, [])), sorted(want[name]))
    return wrong


@pytest.mark.parametrize("host", sorted(TREES))
def test_import_site_on_the_real_mirror_stores_every_field(tmp_path, host):
    org, batch, out = _import(tmp_path, host)
    expected = _expected(host)
    items = batch.items.filter(kind=ItemKind.ARTICLE).select_related("record__column", "batch")
    assert {_key(i) for i in items} == set(expected), out
    assert {i.status for i in items} == {ItemStatus.IMPORTED}, [(i.old_url, i.status, i.note) for i in items]
    wrong = [line for item in items for line in _check_record(item, expected[_key(item)], org)]
    assert wrong == []
    assert batch.report["duplicate_count"] == 0


def test_running_the_real_import_again_changes_nothing(tmp_path):
    org, batch, _out = _import(tmp_path, "www.pingtan.gov.cn")
    before = dict(
        Record.objects.filter(organization__in=Organization.objects.get_tree(org)).values_list("pk", "title")
    )
    out = io.StringIO()
    call_command("import_site", str(tmp_path / "mirror"), "--org", org.slug, stdout=out, stderr=io.StringIO())
    second = services.batches_for(org).exclude(pk=batch.pk).get()
    assert set(second.items.filter(kind=ItemKind.ARTICLE).values_list("status", flat=True)) == {
        ItemStatus.UNCHANGED
    }
    after = dict(
        Record.objects.filter(organization__in=Organization.objects.get_tree(org)).values_list("pk", "title")
    )
    assert after == before


def test_a_repeal_read_on_a_real_page_is_applied_when_its_target_comes_later_and_undone(tmp_path):
    """2484 (2015) 同时废止 闽岚综实管综〔2013〕30号, which the first mirror does not hold."""
    org, first, _out = _import(tmp_path, "www.pingtan.gov.cn")
    source = Record.objects.get(title__startswith="关于修订《平潭综合实验区留用地货币补偿管理办法")
    assert not ValidityChange.objects.filter(related_record=source).exists()  # pending
    first.refresh_from_db()
    pending = {row["number"] for row in first.report["relations"]["pending"]}
    assert pending == {"闽岚综实管综〔2013〕30号"}
    assert "待后续批次 1" in _out

    later = tmp_path / "later"
    page = ARTICLE.format(
        charset="utf-8", column="区管委会文件", title="平潭综合实验区留用地货币补偿管理办法（试行）",
        day="2013-04-15", issuer="平潭综合实验区管委会", number="闽岚综实管综〔2013〕30号", index_number="",
        body="<p>第一条 为规范留用地货币补偿……</p><p>平潭综合实验区管委会</p><p>2013年4月15日</p>", links="",
    )  # fmt: skip
    (later / HOST / "zwgk").mkdir(parents=True)
    (later / HOST / "zwgk" / "t20130415_1.html").write_text(page, encoding="utf-8")
    batch = services.plan_batch(source_path=str(later), org=org, actor=services.CONSOLE)
    column = org.columns.get(category_code="art20-01")
    for mapping in batch.column_mappings.all():
        services.set_column_mapping(
            batch=batch, actor=services.CONSOLE, source_column=mapping.source_column, column=column
        )
    services.run_batch(batch=batch, actor=services.CONSOLE)

    target = Record.objects.get(doc_number="闽岚综实管综〔2013〕30号")
    assert target.validity == Validity.REPEALED
    assert target.genre == Genre.NORMATIVE
    assert target.replaced_by == source
    change = ValidityChange.objects.get(record=target)
    assert change.related_record == source
    assert change.effective_on.isoformat() == "2015-08-06"

    assert relations.apply_relations(org) == 0  # a further run applies nothing twice
    assert ValidityChange.objects.filter(record=target).count() == 1

    services.undo_batch(batch=first, actor=services.CONSOLE)  # the repealing page goes away
    target.refresh_from_db()
    assert target.validity == Validity.VALID
    assert target.replaced_by is None
    assert not ValidityChange.objects.filter(record=target).exists()


def test_a_department_gets_its_documents_but_never_another_governments_organ(two_orgs, tmp_path):
    """ADR 0030: within the importing government's own tree only."""
    from gongkai.migration.sites import write_article

    def import_into(org, issuer, index):
        root = tmp_path / f"m{index}"
        write_article(root / HOST, index, issuer=issuer)
        batch = services.plan_batch(source_path=str(root), org=org, actor=services.CONSOLE)
        column = org.columns.get(category_code="art20-15")
        for mapping in batch.column_mappings.all():
            services.set_column_mapping(
                batch=batch, actor=services.CONSOLE, source_column=mapping.source_column, column=column
            )
        services.run_batch(batch=batch, actor=services.CONSOLE)
        return Record.objects.get(title=f"关于第{index}号事项的通知")

    record = import_into(two_orgs.gov_a, "甲市发展和改革委员会", 1)
    assert record.organization == two_orgs.dept_a1
    assert record.column.organization == two_orgs.dept_a1
    assert record.column.category_code == "art20-15"
    # Another government's site naming gov A's department: the name is not in gov B's tree.
    assert import_into(two_orgs.gov_b, "甲市发展和改革委员会", 2).organization == two_orgs.gov_b
    # A department importing its own site keeps everything, whoever signed.
    assert import_into(two_orgs.dept_a1, "甲市人民政府", 3).organization == two_orgs.dept_a1


def test_an_interpretation_finds_its_policy_by_a_related_file_line_when_the_policy_comes_later(
    two_orgs, tmp_path
):
    """解读 that names its policy only by title on a 相关文件 line (no link, no 文号)."""
    from gongkai.migration.sites import write_article

    def import_(root):
        batch = services.plan_batch(source_path=str(root), org=two_orgs.gov_a, actor=services.CONSOLE)
        column = two_orgs.gov_a.columns.get(category_code="art20-01")
        for mapping in batch.column_mappings.all():
            services.set_column_mapping(
                batch=batch, actor=services.CONSOLE, source_column=mapping.source_column, column=column
            )
        services.run_batch(batch=batch, actor=services.CONSOLE)

    body = (
        "<p>一、出台背景</p><p>为做好供水工作，制定本通知。</p>"
        "<p>二、主要内容</p><p>明确了管理职责和保障措施。</p>"
        "<p>相关文件：关于第5号事项的通知</p>"
    )
    write_article(tmp_path / "a" / HOST, 2, title="《关于第5号事项的通知》政策解读", body=body)
    import_(tmp_path / "a")
    interpretation = Record.objects.get(title="《关于第5号事项的通知》政策解读")
    assert interpretation.genre == Genre.INTERPRETATION
    assert interpretation.policy is None  # not on the platform yet
    write_article(tmp_path / "b" / HOST, 5)  # the policy, in a later batch
    import_(tmp_path / "b")
    interpretation.refresh_from_db()
    assert interpretation.policy == Record.objects.get(title="关于第5号事项的通知")


def test_a_repost_in_another_column_on_another_day_is_reported_in_the_dry_run(tmp_path):
    """The real 2484 page saved again under another column and time line: other bytes, same
    document — a duplicate in the report, not a second record."""
    org = _tree("www.pingtan.gov.cn")
    root = _mirror(tmp_path, "www.pingtan.gov.cn")
    page = root / "www.pingtan.gov.cn/zwgk/zxwj/qgwhwj/201511/t20151112_2484.htm"
    repost = page.read_text(encoding="utf-8").replace("时间：2015-08-10 09:21", "时间：2015-11-12 10:02")
    crumb = 'title="{0}" class="active">{0}'
    repost = repost.replace(crumb.format("区管委会文件"), crumb.format("政策文件"))
    target = root / "www.pingtan.gov.cn/zwgk/zcwjk/201511/t20151112_9001.htm"
    target.parent.mkdir(parents=True)
    target.write_text(repost, encoding="utf-8")
    batch = services.plan_batch(source_path=str(root), org=org, actor=services.CONSOLE)
    assert batch.report["duplicate_count"] == 1
    pair = batch.report["duplicates"][0]
    assert {pair["url"].rsplit("/", 1)[1], pair["first"].rsplit("/", 1)[1]} == {
        "t20151112_9001.htm",
        "t20151112_2484.htm",
    }
    assert batch.items.filter(status=ItemStatus.DUPLICATE).count() == 1


def test_at_the_workbench_a_department_gets_records_only_where_the_importer_holds_a_role(two_orgs, tmp_path):
    from gongkai.accounts.models import Membership, Role
    from gongkai.migration.sites import write_article

    admin = two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN)
    Membership.objects.create(user=admin, organization=two_orgs.gov_a, role=Role.EDITOR)

    def import_(index):
        root = tmp_path / f"w{index}"
        write_article(root / HOST, index, issuer="甲市发展和改革委员会")
        batch = services.plan_batch(source_path=str(root), org=two_orgs.gov_a, actor=admin)
        column = two_orgs.gov_a.columns.get(category_code="art20-15")
        for mapping in batch.column_mappings.all():
            services.set_column_mapping(
                batch=batch, actor=admin, source_column=mapping.source_column, column=column
            )
        services.run_batch(batch=batch, actor=admin)
        return MigratedItem.objects.get(batch=batch, kind=ItemKind.ARTICLE)

    item = import_(1)
    assert item.record.organization == two_orgs.gov_a  # no role in the department: stays, said so
    assert any("不在可导入的机关中" in p for p in item.problems)
    Membership.objects.create(user=admin, organization=two_orgs.dept_a1, role=Role.EDITOR)
    item = import_(2)
    assert item.record.organization == two_orgs.dept_a1
