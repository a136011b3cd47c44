"""The demo's 基层政务公开标准目录 (issue 14): the county-level governments and one 乡镇/街道 adopt
baseline items of several domains through the real services, link them to columns, and pass review;
one government publishes a revised version. Records published here make the coverage page show all
three statuses: 社会救助 按时, 涉农补贴 超期 (a record published late), 义务教育/local items 无内容."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Max

from gongkai.accounts.models import Role
from gongkai.catalog import baseline, categories
from gongkai.catalog import standard_services as catalogue
from gongkai.catalog.models import StandardCatalogItem
from gongkai.catalog.services import create_column
from gongkai.disclosure import services as records
from gongkai.disclosure.models import Genre, Record, Topic

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_REASON = "补录：该批补贴结果公示此前仅在村务公开栏张贴，现补充在政府网站公开。"


def _publish(organ, *, column, title: str, written_on, at: datetime, release_reason: str = "") -> Record:
    staff = organ.staff
    record = records.create_record(
        org=organ.org,
        actor=staff[Role.EDITOR],
        column=column,
        title=title,
        written_on=written_on,
        topic=Topic.CIVIL,
        genre=Genre.PUBLICITY,
        summary=title,
        body=f"<p>{title}。</p>",
    )
    record = records.submit_record(record=record, actor=staff[Role.EDITOR])
    record = records.pass_confidentiality_review(
        record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER], note="不涉及国家秘密和个人隐私，同意公开。"
    )
    record = records.approve_record(record=record, actor=staff[Role.REVIEWER], note="同意发布。")
    return records.publish_record(
        record=record, actor=staff[Role.REVIEWER], at=at, release_reason=release_reason
    )


def _baseline(domain: str, count: int, *, tier_township: bool = False):
    items = StandardCatalogItem.objects.filter(domain_code=domain).order_by("position")
    if tier_township:
        items = items.filter(tier_township=True)
    return list(items[:count])


def _catalogue_for(organ, *, last_day) -> tuple[int, int]:
    org, staff = organ.org, organ.staff
    editor, reviewer, head = staff[Role.EDITOR], staff[Role.REVIEWER], staff[Role.HEAD]
    township = organ.kind == "township"
    place = org.short_name or org.name
    assistance = create_column(
        org=org, parent=organ.columns["social-assistance"], name="低保和特困供养", slug="dibao", actor=head
    )
    farm_parent = organ.columns["agricultural-policy" if township else "livelihood"]
    farm = create_column(org=org, parent=farm_parent, name="涉农补贴发放", slug="farm-subsidies", actor=head)
    version = catalogue.start_version(org=org, actor=editor, reason="按国办发〔2019〕54号首次编制")
    catalogue.adopt_items(
        version=version,
        actor=editor,
        items=_baseline("base-17", 4, tier_township=township),
        column=assistance,
    )
    catalogue.adopt_items(version=version, actor=editor, items=_baseline("base-20", 2), column=farm)
    if not township:
        catalogue.adopt_items(version=version, actor=editor, items=_baseline("base-21", 2))  # not yet linked
        catalogue.adopt_items(
            version=version,
            actor=editor,
            items=_baseline("base-01", 3),
            column=organ.columns["major-projects"],
        )
    catalogue.add_local_item(
        version=version, actor=editor, domain_code="base-17", level1="临时救助", level2="救助结果",
        content="临时救助对象所在村（社区）、救助金额", basis="《社会救助暂行办法》", time_limit="每季度",
        subject=org.name, channels="政府网站、社区/企事业单位/村公示栏（电子屏）", column=assistance,
        reason="本地事项：按季度公开临时救助结果",
    )  # fmt: skip
    if township:
        catalogue.add_local_item(
            version=version, actor=editor, domain_code="base-20",
            level1="村级公益事业", level2="一事一议筹补", time_limit="信息形成或者变更之日起20个工作日内",
            subject=org.name, reason="本地事项",
        )  # fmt: skip
    catalogue.submit_version(version=version, actor=editor)
    catalogue.approve_version(
        version=version, actor=reviewer, note="对照标准指引审核通过。",
        at=datetime.combine(last_day - timedelta(days=60), time(10), SHANGHAI),
    )  # fmt: skip
    # Records after every other record of the organ, so 索引号 serials keep following the dates.
    latest = Record.objects.filter(organization=org).aggregate(m=Max("published_at"))["m"]
    start = max(
        timezone_aware(last_day - timedelta(days=3), 9),
        (latest + timedelta(minutes=5)) if latest else timezone_aware(last_day - timedelta(days=3), 9),
    )
    _publish(
        organ, column=assistance, title=f"{place}最低生活保障和特困人员救助供养资金发放情况",
        written_on=start.date() - timedelta(days=1), at=start,
    )  # fmt: skip
    _publish(
        organ, column=farm, title=f"{place}耕地地力保护补贴发放结果公示",
        written_on=start.date() - timedelta(days=75), at=start + timedelta(minutes=5),
        release_reason=LATE_REASON,
    )  # fmt: skip
    return version.items.count(), 2


def timezone_aware(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


def _revise(organ, *, last_day) -> None:
    """A 动态调整: the second version changes a 时限 and drops an item, each with its reason."""
    editor, reviewer = organ.staff[Role.EDITOR], organ.staff[Role.REVIEWER]
    revision = catalogue.start_version(org=organ.org, actor=editor, reason="根据省级标准目录修订动态调整")
    item = (
        revision.items.filter(domain_code="base-17", standard_item__isnull=False).order_by("position").first()
    )
    catalogue.change_item(
        item=item, actor=editor, reason="省级标准目录将政策文件公开时限统一为20个工作日",
        time_limit="信息形成或者变更之日起20个工作日内",
    )  # fmt: skip
    dropped = revision.items.filter(domain_code="base-01").order_by("-position").first()
    if dropped is not None:
        catalogue.drop_item(item=dropped, actor=editor, reason="招标投标信息统一在公共资源交易平台公开")
    catalogue.submit_version(version=revision, actor=editor)
    catalogue.approve_version(
        version=revision, actor=reviewer, note="同意调整。",
        at=datetime.combine(last_day - timedelta(days=10), time(10), SHANGHAI),
    )  # fmt: skip


def seed_catalogues(organs, *, last_day, log=print) -> None:
    baseline.load(StandardCatalogItem)  # the shipped baseline as it is now (idempotent)
    base = [
        o for o in organs if o.org.level in categories.BASE_LEVELS and o.kind in ("government", "township")
    ]
    chosen = [o for o in base if o.kind == "government"] + [o for o in base if o.kind == "township"][:1]
    items = 0
    for organ in chosen:
        count, _records = _catalogue_for(organ, last_day=last_day)
        items += count
    if chosen:
        _revise(chosen[0], last_day=last_day)
    log(f"标准目录 {len(chosen)} 个机关，事项 {items} 项")
