"""Builds the demo installation through the real services: organs, staff, columns, guides and records
that go through the whole publication workflow (draft → 保密审查 → 审核 → 发布)."""

from __future__ import annotations

import hashlib
import random
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import AdminRole, Membership, Role, User
from gongkai.catalog.models import Column, Guide
from gongkai.catalog.services import create_column, seed_statutory_columns
from gongkai.demo import data, files, texts
from gongkai.demo.bilingual import seed_bilingual
from gongkai.demo.catalogue import seed_catalogues
from gongkai.demo.consultations import seed_consultations
from gongkai.demo.data import GovernmentSpec
from gongkai.demo.powers import seed_powers
from gongkai.demo.questions import seed_questions
from gongkai.demo.reports import seed_reports
from gongkai.demo.requests import seed_requests
from gongkai.demo.workplans import seed_workplans
from gongkai.disclosure import services
from gongkai.disclosure.models import Genre, Record, Status, Validity
from gongkai.orgs.codes import CREDIT_CODE_ALPHABET, make_credit_code
from gongkai.orgs.models import Kind, Level, Organization, OrganizationAlias, ReviewSystem
from gongkai.textproc.cleanup import clean_scraped_text, remove_injected
from gongkai.textproc.html import text_to_html

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2022, 1, 4)
LAST_DAY = date(2026, 11, 20)  # the demo's "yesterday"; earlier if the clock says so
SEED = 2026
SUPERUSER = "ops_admin"
GOVERNMENT_ROLES = tuple(Role.values)
DEPARTMENT_ROLES = (Role.EDITOR, Role.CONFIDENTIALITY_REVIEWER, Role.REVIEWER, Role.HEAD)
# The records left in the workflow, so the workbench dashboards have 待办: (status, organ).
UNPUBLISHED = (
    (Status.DRAFT, "changji"), (Status.SUBMITTED, "changji"), (Status.RETURNED, "changji-fgw"),
    (Status.CONFIDENTIALITY_PASSED, "jilin"), (Status.APPROVED, "chaoyang"), (Status.DRAFT, "kuitun"),
    (Status.SUBMITTED, "luntai"), (Status.RETURNED, "changji-czj"), (Status.APPROVED, "jilin-wjw"),
    (Status.CONFIDENTIALITY_PASSED, "luntai-fgw"),
)  # fmt: skip
NOTICE_GENRES = {Genre.NOTICE, Genre.PLAN, Genre.OPINION, Genre.DECISION, Genre.CIRCULAR, Genre.REPLY}
TABLE_FOR_COLUMN = {
    "budgets": "budget",
    "statistics": "statistics",
    "civil-service": "roster",
    "procurement": "procurement",
}


def credit_code(region_code: str, slug: str) -> str:
    """A valid 统一社会信用代码 for a 机关 ('11'), the same for the same organ on every run."""
    digest = hashlib.sha256(slug.encode()).digest()
    serial = "".join(CREDIT_CODE_ALPHABET[b % len(CREDIT_CODE_ALPHABET)] for b in digest[:9])
    return make_credit_code(f"11{region_code}{serial}")


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def generate_password(length: int = 16) -> str:
    """A random password that satisfies every configured validator."""
    pools = [
        string.ascii_uppercase.replace("O", "").replace("I", ""),
        string.ascii_lowercase.replace("l", ""),
        "23456789",
        "#%+-=@_",
    ]
    alphabet = "".join(pools)
    shuffler = secrets.SystemRandom()
    while True:
        chars = [secrets.choice(pool) for pool in pools] + [
            secrets.choice(alphabet) for _ in range(length - 4)
        ]
        shuffler.shuffle(chars)
        password = "".join(chars)
        try:
            validate_password(password)
        except ValidationError:
            continue
        return password


class NameSource:
    """Chinese full names: Faker('zh_CN') seeded, or a small built-in list if Faker is not installed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        try:
            from faker import Faker
        except ImportError:  # Faker is a development dependency
            self.faker = None
        else:
            self.faker = Faker("zh_CN")
            self.faker.seed_instance(SEED)  # not Faker.seed(): that would reseed every factory in the process

    def __call__(self) -> str:
        if self.faker is not None:
            return self.faker.name()
        given = "".join(self.rng.choice(data.FALLBACK_GIVEN) for _ in range(self.rng.randint(1, 2)))
        return self.rng.choice(data.FALLBACK_SURNAMES) + given


@dataclass
class Organ:
    org: Organization
    kind: str  # government / department / township
    profile: str
    place: str
    doc_prefixes: dict[str, str]
    columns: dict[str, Column] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)


@dataclass
class AttachmentPlan:
    name: str
    kind: str  # pdf / docx / xlsx / txt
    table: str = ""
    raw: bytes = b""


@dataclass
class Plan:
    seq: int
    organ: Organ
    column: str
    title: str
    genre: str
    topic: str
    written_on: date
    published_at: datetime | None
    body_kind: str
    target: str = Status.PUBLISHED
    doc_kind: str = ""
    doc_number: str = ""
    keywords: str = ""
    summary: str = ""
    body: str = ""
    valid_until: date | None = None
    normative_name: str = ""
    policy: Plan | None = None
    replaces: tuple[str, Plan] | None = None  # (repealed/amended, the older document)
    expires: bool = False
    attachments: list[AttachmentPlan] = field(default_factory=list)
    withdraw_reason: str = ""
    record: Record | None = None


@dataclass
class Login:
    username: str
    role: str
    organ: str


class DemoBuilder:
    """``DemoBuilder(records=200, password=...).build()`` fills an empty database with the demo."""

    def __init__(
        self, *, records: int, password: str, seeds_dir: Path | None, log: Callable[[str], None] = print
    ):
        self.rng = random.Random(SEED)
        self.records = records
        self.password_hash = make_password(password)  # hashed once: ~220 accounts share it
        self.seeds_dir = seeds_dir
        self.log = log
        self.last_day = min(LAST_DAY, timezone.localdate() - timedelta(days=1))
        self.names = NameSource(self.rng)
        self.organs: list[Organ] = []
        self.by_slug: dict[str, Organ] = {}
        self.logins: list[Login] = []
        self.warnings: list[str] = []
        self.titles_used: set[tuple[int, str]] = set()
        self.seq = 0
        self.returns = 0  # returned records alternate: by the 保密审查人, then by the 审核人

    # ----------------------------------------------------------------- entry point

    def build(self) -> None:
        with transaction.atomic():
            self._superuser()
            self._operators()
            for spec in data.GOVERNMENTS:
                self._government(spec)
            # Treebeard re-sorts siblings as governments are added: the copies held here would
            # keep stale tree paths, so every later step works on fresh ones.
            for organ in self.organs:
                organ.org.refresh_from_db()
            self.log(f"机关 {len(self.organs)} 个，用户 {len(self.logins)} 个")
            for organ in self.organs:
                self._columns_and_guide(organ)
            plans = self._plan()
            self._run(plans)
            seed_requests(self.organs, self.names, log=self.log)
            seed_reports(self.organs, log=self.log)
            seed_workplans(self.by_slug, self.seeds_dir, log=self.log)
            # Records published by the seeders below keep 索引号 serials in publication order:
            # the bilingual ones before the 标准目录's (which follow each organ's latest), the
            # recent items of the real days before today last.
            seed_bilingual(self.by_slug, last_day=self.last_day, log=self.log)
            seed_catalogues(self.organs, last_day=self.last_day, log=self.log)
            seed_powers(self.organs, self.names, log=self.log)
            seed_consultations(self.organs, log=self.log)
            seed_questions(self.organs, last_day=self.last_day, log=self.log)
            self._recent()
            self._settle_columns()

    # ----------------------------------------------------------------- organs and staff

    def _superuser(self) -> None:
        if User.objects.filter(username__iexact=SUPERUSER).exists():
            self.warnings.append(f"用户 {SUPERUSER} 已存在，未修改其密码。")
            return
        User.objects.create(
            username=SUPERUSER,
            full_name="运维管理员",
            is_staff=True,
            is_superuser=True,
            password=self.password_hash,
            password_changed_at=timezone.now(),
        )
        self.logins.append(Login(SUPERUSER, "超级用户（仅供初始安装，日常请用三员账号）", "（不限机关）"))

    def _operators(self) -> None:
        """The three operators (三员) the demo logs in with instead of the superuser."""
        from gongkai.accounts.operators_setup import DEFAULT_USERNAMES, create_operators

        if User.objects.filter(username__in=DEFAULT_USERNAMES.values()).exists():
            self.warnings.append("三员账号已存在，未修改。")
            return
        for role, (user, _) in create_operators(password_hash=self.password_hash).items():
            label = f"{AdminRole(role).label}（/ops-admin/）"
            self.logins.append(Login(user.username, label, "（不限机关）"))

    def _contact(self, org: Organization, spec: GovernmentSpec) -> None:
        digits = 8 if spec.area_code == "0431" else 7

        def number() -> str:
            first, rest = self.rng.randint(2, 8), self.rng.randint(0, 10 ** (digits - 1) - 1)
            return f"{spec.area_code}-{first}{rest:0{digits - 1}d}"

        org.phone, org.fax = number(), number()
        org.email = f"{org.slug}@gongkai.example"
        org.web_channel = settings.SITE_URL.rstrip("/") + reverse("portal:platform", kwargs={"org": org.slug})
        org.office_hours = spec.hours
        org.postcode = spec.postcode
        org.postal_address = f"{org.address} {org.office_name}"

    def _add(self, parent: Organization | None, instance: Organization, aliases) -> Organization:
        instance.full_clean(exclude=["path", "depth", "numchild"])
        if parent is None:
            org = Organization.objects.add_root(instance=instance)
        else:
            parent = Organization.objects.get(pk=parent.pk)  # the tree changed since it was loaded
            org = Organization.objects.add_child(parent, instance=instance)
        OrganizationAlias.objects.bulk_create(
            [OrganizationAlias(organization=org, alias=alias) for alias in dict.fromkeys(aliases)]
        )
        seed_statutory_columns(org=org)
        return org

    def _register(self, organ: Organ, roles) -> None:
        self.organs.append(organ)
        self.by_slug[organ.org.slug] = organ
        now = timezone.now()
        for role in roles:
            username = f"{organ.org.slug}_{role}"
            if User.objects.filter(username__iexact=username).exists():
                raise CommandError(f"用户名 {username} 已存在，但演示机关不存在：请先清理数据库。")
            user = User.objects.create(
                username=username,
                full_name=self.names(),
                password=self.password_hash,
                password_changed_at=now,
            )
            Membership.objects.create(user=user, organization=organ.org, role=role)
            organ.staff[role] = user
            self.logins.append(Login(username, str(Role(role).label), organ.org.name))

    def _government(self, spec: GovernmentSpec) -> None:
        gov = Organization(
            name=spec.name,
            short_name=spec.short_name,
            slug=spec.slug,
            kind=Kind.GOVERNMENT,
            level=spec.level,
            credit_code=credit_code(spec.region_code, spec.slug),
            site_code=f"{spec.region_code}0001",
            office_name=spec.office_name,
            address=spec.address,
            review_government=data.REVIEWING.get(spec.slug, ("", ""))[0],
        )
        self._contact(gov, spec)
        gov = self._add(None, gov, spec.aliases)
        d = spec.doc_code
        prefixes = {"fa": f"{d}政发", "ban": f"{d}政办发", "han": f"{d}政办函", "gui": f"{d}政规"}
        self._register(Organ(gov, "government", "government", spec.place, prefixes), GOVERNMENT_ROLES)

        for dept in spec.departments:
            slug = f"{spec.slug}-{dept.code}"
            org = Organization(
                name=dept.name,
                short_name=dept.short_name,
                slug=slug,
                kind=Kind.DEPARTMENT,
                level=spec.level,
                credit_code=credit_code(spec.region_code, slug),
                office_name=dept.name
                + ("政务公开科" if dept.name.endswith(("办公室", "办公厅")) else "办公室"),
                address=f"{spec.postal_prefix}{spec.street}{self.rng.randint(2, 260)}号",
            )
            if dept.profile == "justice":  # 第二十八条: 本级人民政府 or the 上一级司法行政部门
                org.review_system = ReviewSystem.JUSTICE
                org.superior_authority = data.REVIEWING.get(spec.slug, ("", "上一级司法行政部门"))[1]
            self._contact(org, spec)
            # 市市场监督管理局 for 昌吉市市场监督管理局: how the seed notices name departments.
            org = self._add(gov, org, [*dept.aliases, dept.name.replace(spec.place[:-1], "", 1)])
            base = f"{d}{dept.doc_code}"
            prefixes = {"fa": f"{base}发", "ban": f"{base}发", "han": f"{base}函", "gui": f"{base}规"}
            self._register(Organ(org, "department", dept.profile, spec.place, prefixes), DEPARTMENT_ROLES)

        for number, township in enumerate(spec.townships, start=1):
            slug = f"{spec.slug}-{township.code}"
            org = Organization(
                name=township.name,
                short_name=township.short_name,
                slug=slug,
                kind=Kind.GOVERNMENT,
                level=Level.TOWNSHIP,
                # A 街道办事处 is its government's 派出机关 (行政复议法 第二十四条第一款第（三）项).
                dispatched=township.name.endswith("街道办事处"),
                credit_code=credit_code(spec.region_code, slug),
                site_code=f"{spec.region_code}{100 + number:04d}",
                office_name=f"{township.name}党政综合办公室",
                address=f"{spec.postal_prefix}{township.street}{self.rng.randint(1, 99)}号",
            )
            self._contact(org, spec)
            org = self._add(gov, org, [township.short_name])
            p = township.doc_prefix
            prefixes = {"fa": p, "ban": p, "han": p[:-1] + "函", "gui": p}
            self._register(
                Organ(org, "township", "township", township.short_name, prefixes), GOVERNMENT_ROLES
            )

    def _columns_and_guide(self, organ: Organ) -> None:
        org, actor, year = organ.org, organ.staff[Role.HEAD], self.last_day.year
        organ.columns = {c.slug: c for c in Column.objects.filter(organization=org)}
        extra = [(organ.columns["budgets"], f"{year}年部门预算", f"budgets-{year}")]
        if organ.kind == "government":
            extra.append((organ.columns["other"], "政务公开工作要点", "work-plans"))
        for parent, name, slug in extra:
            organ.columns[slug] = create_column(org=org, parent=parent, name=name, slug=slug, actor=actor)
        Guide.objects.filter(organization=org).update(
            overview=(
                f"为了保障公民、法人和其他组织依法获取{org.name}的政府信息，提高政府工作的透明度，"
                f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》），编制《{org.name}政府信息公开指南》。"
                f"{org.name}的政府信息公开工作机构为{org.office_name}，负责本机关政府信息公开的日常工作。"
                "申请人在获取政府信息前，请仔细阅读本指南。本指南根据工作情况适时更新。"
            )
        )

    def _settle_columns(self) -> None:
        """Leave no empty column (a 单项否决 item of 国办秘函〔2019〕19号): each applicable column the
        demo gave no record says 「本机关无此项信息」 with a reason, as a real organ would."""
        from gongkai.catalog.services import set_column_status
        from gongkai.disclosure.selectors import empty_columns

        marked = 0
        for organ in self.organs:
            suits = set(data.PROFILE_COLUMNS[organ.profile].split()) | set(data.COMMON_COLUMNS)
            for column in empty_columns(org=organ.org):
                if column.parent_id or column.slug in suits:
                    reason = "本年度暂未产生此类政府信息；产生后将自形成或者变更之日起20个工作日内公开。"
                else:
                    reason = "本机关职能不涉及此项内容，暂无此类政府信息。"
                set_column_status(
                    column=column, actor=organ.staff[Role.HEAD], applies=True, no_info_reason=reason
                )
                marked += 1
        self.log(f"标记「本机关无此项信息」栏目 {marked} 个")

    # ----------------------------------------------------------------- planning

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def _day(self, lo: date, hi: date) -> date:
        day = lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))
        while day.weekday() >= 5 and day > lo:  # documents are signed on working days
            day -= timedelta(days=1)
        return day

    def _moment(self, day: date) -> datetime:
        minutes = self.rng.randint(9 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=SHANGHAI)

    def _published(self, written: date, lag: tuple[int, int] = (1, 10)) -> datetime:
        day = min(written + timedelta(days=self.rng.randint(*lag)), self.last_day)
        while day.weekday() >= 5 and day > written:
            day -= timedelta(days=1)
        return self._moment(day)

    def _fill(self, text: str, organ: Organ, day: date) -> str:
        month_day = day.replace(day=1) - timedelta(days=1)
        quarter_end = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1) - timedelta(days=1)
        title = text.format(
            org=organ.org.name,
            place=organ.place,
            year=day.year,
            prev=day.year - 1,
            next=day.year + 1,
            myear=month_day.year,
            m=month_day.month,
            month=day.month,
            qyear=quarter_end.year,
            q=(quarter_end.month - 1) // 3 + 1,
            n=self.rng.randint(1, 12),
            project=self.rng.choice(data.PROJECTS).format(place=organ.place),
            area=self.rng.choice(data.AREAS),
            plan_topic=data.PLAN_TOPIC_BY_PROFILE.get(organ.profile) or self.rng.choice(data.PLAN_TOPICS),
        )
        return title.replace("1—1月", "1月")

    def _claim_title(self, organ: Organ, title: str) -> bool:
        key = (organ.org.pk, title)
        if key in self.titles_used:
            return False
        self.titles_used.add(key)
        return True

    def _fits(self, template: data.TitleTemplate, organ: Organ) -> bool:
        if template.only and organ.profile not in template.only.split():
            return False
        return (
            template.who == "any"
            or (template.who == "gov" and organ.kind == "government")
            or (template.who == "dept" and organ.kind == "department")
        )

    def _pick_column(self, organ: Organ) -> str:
        options = [(c, 3) for c in data.PROFILE_COLUMNS[organ.profile].split() if c in organ.columns]
        options += [(c, 1) for c in data.COMMON_COLUMNS if c in organ.columns]
        return self.rng.choices([c for c, _ in options], [w for _, w in options])[0]

    def _attachment(self, plan: Plan, kind: str) -> AttachmentPlan:
        year = plan.written_on.year
        if kind == "xlsx":
            table = TABLE_FOR_COLUMN.get(
                "budgets" if plan.column.startswith("budgets") else plan.column, "generic"
            )
            name = {
                "budget": f"附件1：{year}年部门预算公开表.xlsx",
                "statistics": "附件：主要经济指标表.xlsx",
                "roster": "附件：拟录用人员名单.xlsx",
                "procurement": f"附件：{year}年政府采购意向公开表.xlsx",
            }.get(table, f"附件：{plan.title}明细表.xlsx")
            return AttachmentPlan(name, "xlsx", table=table)
        if kind == "docx":
            return AttachmentPlan(f"附件：{plan.normative_name or plan.title}.docx", "docx")
        return AttachmentPlan(f"{plan.title}.pdf", "pdf")

    def _regular(self, organ: Organ, *, lo: date, hi: date, target: str = Status.PUBLISHED) -> Plan | None:
        for _ in range(40):
            column = self._pick_column(organ)
            templates = [t for t in data.TITLES[column] if self._fits(t, organ)]
            if not templates:
                continue
            template = self.rng.choice(templates)
            written = self._day(lo, hi)
            title = self._fill(template.text, organ, written)
            if not self._claim_title(organ, title):
                continue
            if column == "budgets" and "部门预算" in title and f"budgets-{written.year}" in organ.columns:
                column = f"budgets-{written.year}"
            elif "政务公开工作要点" in title and "work-plans" in organ.columns:
                column = "work-plans"
            topic_column = "budgets" if column.startswith("budgets") else column
            plan = Plan(
                seq=self._next_seq(),
                organ=organ,
                column=column,
                title=title,
                genre=template.genre,
                topic=data.COLUMN_TOPIC.get(topic_column, data.PROFILE_TOPIC[organ.profile]),
                written_on=written,
                published_at=self._published(written) if target == Status.PUBLISHED else None,
                body_kind="notice" if template.genre in NOTICE_GENRES else "report",
                target=target,
                doc_kind=template.doc,
            )
            if self.rng.random() < (0.45 if template.attach else 0.2):
                plan.attachments.append(
                    self._attachment(plan, template.attach or self.rng.choice(["pdf", "docx"]))
                )
                if template.attach == "xlsx" and topic_column == "budgets" and self.rng.random() < 0.3:
                    plan.attachments.append(
                        AttachmentPlan(f"附件2：{written.year}年部门预算编制说明.pdf", "pdf")
                    )
            return plan
        return None

    def _seed_plans(self) -> list[Plan]:
        if self.seeds_dir is None or not self.seeds_dir.is_dir():
            self.warnings.append(f"未找到种子公文目录 {self.seeds_dir}，跳过五份工作要点原文。")
            return []
        plans = []
        for notice in data.SEED_NOTICES:
            matches = sorted(self.seeds_dir.glob(f"{notice.prefix}_*.txt"))
            if not matches:
                self.warnings.append(f"种子公文 {notice.prefix}_*.txt 不存在，已跳过。")
                continue
            raw = matches[0].read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.warnings.append(f"{matches[0].name} 不是 UTF-8 文本，已跳过。")
                continue
            organ = self.by_slug[notice.government]
            self._claim_title(organ, notice.title)
            plans.append(
                Plan(
                    seq=self._next_seq(),
                    organ=organ,
                    column="other",
                    title=notice.title,
                    genre=Genre.NOTICE,
                    topic="general",
                    written_on=notice.written_on,
                    published_at=self._published(notice.written_on, (2, 5)),
                    body_kind="seed",
                    doc_number=notice.doc_number,
                    keywords=notice.keywords,
                    summary=notice.issuer + notice.summary,
                    body=text_to_html(clean_scraped_text(text).text),
                    # The capture is kept as it came, less what was injected into it (seed 002's
                    # btbt365me): a public file carrying a gambling string is a 单项否决 item of
                    # 国办秘函〔2019〕19号, whatever the reviewer wrote (issue 13, ADR 0031).
                    attachments=[
                        AttachmentPlan("原文（采集稿）.txt", "txt", raw=remove_injected(text).encode("utf-8"))
                    ],
                )
            )
        return plans

    def _normatives(self, count: int, successors: int) -> list[Plan]:
        issuers = [
            o
            for o in self.organs
            if o.kind == "government" or (o.kind == "department" and o.profile in data.NORMATIVE_NAMES)
        ]
        weights = [3 if o.kind == "government" else 1 for o in issuers]
        used: set[tuple[int, str]] = set()
        bases: list[Plan] = []
        for i in range(count - successors):
            # The first ones are old enough to have been repealed, amended or to have expired since.
            early = i <= successors
            for _ in range(50):
                organ = self.rng.choices(issuers, weights)[0]
                names = [n.format(place=organ.place) for n in data.NORMATIVE_NAMES[organ.profile]]
                free = [n for n in names if (organ.org.pk, n) not in used]
                if free:
                    break
            else:
                break
            name = self.rng.choice(free)
            used.add((organ.org.pk, name))
            hi = date(2023, 6, 30) if early else self.last_day - timedelta(days=20)
            written = self._day(FIRST_DAY, hi)
            plan = Plan(
                seq=self._next_seq(),
                organ=organ,
                column="regulations",
                title=f"{organ.org.name}关于印发《{name}》的通知",
                genre=Genre.NORMATIVE,
                topic=data.PROFILE_TOPIC[organ.profile],
                written_on=written,
                published_at=self._published(written),
                body_kind="normative",
                doc_kind="gui",
                normative_name=name,
            )
            if early and i == successors:
                plan.valid_until, plan.expires = add_years(written, 2), True
            elif not early and self.rng.random() < 0.5:
                plan.valid_until = add_years(written, 5)
            if self.rng.random() < 0.5:
                plan.attachments.append(self._attachment(plan, "docx"))
            self._claim_title(organ, plan.title)
            bases.append(plan)
        plans = list(bases)
        for j, old in enumerate(bases[:successors]):
            organ, name = old.organ, old.normative_name
            validity = Validity.AMENDED if j % 2 else Validity.REPEALED
            written = self._day(date(2025, 1, 6), max(date(2025, 1, 6), self.last_day - timedelta(days=10)))
            if validity == Validity.AMENDED:
                title, kind = f"{organ.org.name}关于修改《{name}》的决定", "amending"
            else:
                title, kind = f"{organ.org.name}关于印发修订后的《{name}》的通知", "normative"
            self._claim_title(organ, title)
            plans.append(
                Plan(
                    seq=self._next_seq(),
                    organ=organ,
                    column="regulations",
                    title=title,
                    genre=Genre.NORMATIVE,
                    topic=old.topic,
                    written_on=written,
                    published_at=self._published(written),
                    body_kind=kind,
                    doc_kind="gui",
                    normative_name=name,
                    replaces=(validity, old),
                )
            )
        return plans

    def _interpretations(self, policies: list[Plan]) -> list[Plan]:
        plans = []
        for policy in policies:
            organ, name = policy.organ, policy.normative_name
            # 解读 goes out with the policy or a working day or two after it.
            at = self._published(policy.published_at.date(), (0, 2))
            if at <= policy.published_at:
                at = policy.published_at + timedelta(minutes=self.rng.randint(10, 90))
            for title in (
                f"《{name}》政策解读",
                f"一图读懂《{name}》",
                f"{organ.org.name}关于《{name}》的政策解读",
            ):
                if self._claim_title(organ, title):
                    break
            plan = Plan(
                seq=self._next_seq(),
                organ=organ,
                column="interpretations",
                title=title,
                genre=Genre.INTERPRETATION,
                topic=policy.topic,
                written_on=at.date(),
                published_at=at,
                body_kind="interpretation",
                policy=policy,
            )
            if self.rng.random() < 0.3:
                plan.attachments.append(AttachmentPlan(f"图解：{name}.pdf", "pdf"))
            plans.append(plan)
        return plans

    def _annual_reports(self, count: int) -> list[Plan]:
        governments = [o for o in self.organs if o.kind == "government"]
        plans = []
        for k in range(count):
            organ, year = governments[k % len(governments)], self.last_day.year - 1 - k // len(governments)
            written = self._day(date(year + 1, 1, 12), date(year + 1, 1, 20))
            title = f"{organ.org.name}{year}年政府信息公开工作年度报告"
            self._claim_title(organ, title)
            plan = Plan(
                seq=self._next_seq(),
                organ=organ,
                column="annual-reports",
                title=title,
                genre=Genre.REPORT,
                topic="general",
                written_on=written,
                published_at=self._published(written, (2, 8)),
                body_kind="annual",
            )
            plan.attachments.append(AttachmentPlan(f"{title}.pdf", "pdf"))
            plans.append(plan)
        return plans

    def _rules(self, count: int) -> list[Plan]:
        governments = [o for o in self.organs if o.kind == "government"]
        plans = []
        for organ in governments[:count]:
            title = self.rng.choice(data.RULES_TITLES).format(org=organ.org.name)
            self._claim_title(organ, title)
            written = self._day(FIRST_DAY, date(2023, 12, 29))
            plan = Plan(
                seq=self._next_seq(),
                organ=organ,
                column="rules",
                title=title,
                genre=Genre.OTHER,
                topic="general",
                written_on=written,
                published_at=self._published(written),
                body_kind="rules",
                doc_kind="ban",
            )
            if self.rng.random() < 0.3:
                plan.attachments.append(self._attachment(plan, "docx"))
            plans.append(plan)
        return plans

    def _plan(self) -> list[Plan]:
        n = self.records
        n_normative = max(round(n * 0.10), 5 if n >= 30 else 0)
        n_successors = 0 if n_normative < 4 else (3 if n_normative >= 15 else 2)
        n_interpretations = min(round(n * 0.075), n_normative)
        n_annual = min(2 * len(data.GOVERNMENTS), n // 20)
        n_rules = min(len(data.GOVERNMENTS), n // 40)
        n_unpublished = min(len(UNPUBLISHED), max(round(n * 0.05), 5 if n >= 30 else n // 10))
        n_regular = max(0, n - n_normative - n_interpretations - n_annual - n_rules - n_unpublished)

        plans = self._seed_plans()
        normatives = self._normatives(n_normative, n_successors)
        plans += normatives
        policies = self.rng.sample(normatives, min(n_interpretations, len(normatives)))
        plans += self._interpretations(sorted(policies, key=lambda p: p.seq))
        plans += self._annual_reports(n_annual)
        plans += self._rules(n_rules)

        # Every government first, then every other organ, then more where more is published.
        governments = [o for o in self.organs if o.kind == "government"]
        others = [o for o in self.organs if o not in governments]
        self.rng.shuffle(others)
        targets = (governments + others)[:n_regular]
        weights = [4 if o in governments else (1 if o.kind == "township" else 2) for o in self.organs]
        targets += self.rng.choices(self.organs, weights, k=max(0, n_regular - len(targets)))
        regular = [
            p for o in targets if (p := self._regular(o, lo=FIRST_DAY, hi=self.last_day - timedelta(days=3)))
        ]
        plans += regular

        for status, slug in UNPUBLISHED[:n_unpublished]:
            recent = self.last_day - timedelta(days=20)
            plan = self._regular(self.by_slug[slug], lo=recent, hi=self.last_day, target=status)
            if plan is not None:
                plans.append(plan)

        if len(regular) >= 10:
            withdrawn = self.rng.sample(regular, 2)
            for plan, reason in zip(withdrawn, data.WITHDRAW_REASONS, strict=True):
                plan.withdraw_reason = reason

        self._cover_attachment_kinds(plans, regular)
        self._number_documents(plans)
        return plans

    def _cover_attachment_kinds(self, plans: list[Plan], regular: list[Plan]) -> None:
        """Make sure the demo has at least one PDF, DOCX and XLSX attachment, whatever --records is."""
        present = {a.kind for p in plans for a in p.attachments}
        bare = [p for p in regular if not p.attachments]
        for kind in ("pdf", "docx", "xlsx"):
            if kind not in present and bare:
                plan = bare.pop(self.rng.randrange(len(bare)))
                plan.attachments.append(self._attachment(plan, kind))

    def _number_documents(self, plans: list[Plan]) -> None:
        """文号 in the order documents were signed: 昌市政办发〔2024〕12号."""
        counters: dict[tuple[str, int], int] = {}
        for plan in sorted(
            (p for p in plans if p.doc_kind and not p.doc_number), key=lambda p: (p.written_on, p.seq)
        ):
            prefix, year = plan.organ.doc_prefixes[plan.doc_kind], plan.written_on.year
            counters[(prefix, year)] = counters.get((prefix, year), 0) + self.rng.randint(1, 4)
            plan.doc_number = f"{prefix}〔{year}〕{counters[(prefix, year)]}号"

    # ----------------------------------------------------------------- running the workflow

    def _compose(self, plan: Plan) -> texts.Lines:
        organ, rng = plan.organ, self.rng
        org_name, place = organ.org.name, organ.place
        column = "budgets" if plan.column.startswith("budgets") else plan.column
        column = "other" if column == "work-plans" else column
        if plan.body_kind == "seed":
            return []
        if plan.body_kind == "normative":
            effective = plan.written_on + timedelta(days=rng.choice([0, 0, 15, 30]))
            repeals = (
                (plan.replaces[1].normative_name, plan.replaces[1].doc_number) if plan.replaces else None
            )
            lines = texts.normative(
                rng,
                org_name=org_name,
                place=place,
                name=plan.normative_name,
                day=plan.written_on,
                effective_on=effective,
                valid_until=plan.valid_until,
                repeals=repeals,
            )
            summary = (
                f"{org_name}印发《{plan.normative_name}》，明确适用范围、职责分工、办理程序和监督管理等内容，"
                f"自{texts.cn_date(effective)}起施行。"
            )
        elif plan.body_kind == "amending":
            old = plan.replaces[1]
            lines = texts.amending_decision(
                rng, org_name=org_name, name=plan.normative_name, old_doc=old.doc_number, day=plan.written_on
            )
            summary = f"{org_name}决定对《{plan.normative_name}》部分条款作出修改，自公布之日起施行。"
        elif plan.body_kind == "interpretation":
            lines = texts.interpretation(
                rng, org_name=org_name, place=place, name=plan.policy.normative_name, phone=organ.org.phone
            )
            summary = f"对《{plan.policy.normative_name}》的出台背景、主要内容和创新举措进行解读。"
        elif plan.body_kind == "annual":
            lines = texts.annual_report(
                rng, org_name=org_name, year=plan.written_on.year - 1, day=plan.written_on
            )
            summary = (
                f"{org_name}{plan.written_on.year - 1}年政府信息公开工作情况，包括主动公开、依申请公开、"
                "行政复议和行政诉讼、存在的主要问题及改进情况等内容。"
            )
        elif plan.body_kind == "rules":
            lines = texts.rules(rng, org_name=org_name, title=plan.title, day=plan.written_on)
            summary = f"规定{org_name}政府信息公开相关工作的职责分工、工作程序和责任追究。"
        elif plan.body_kind == "notice":
            lines = texts.notice(
                rng,
                org_name=org_name,
                kind=organ.kind,
                level=organ.org.level,
                place=place,
                title=plan.title,
                day=plan.written_on,
            )
            summary = texts.summary_for(rng, org_name=org_name, title=plan.title, column=column)
        else:
            lines = texts.report(
                rng,
                org_name=org_name,
                place=place,
                column=column,
                title=plan.title,
                day=plan.written_on,
                phone=organ.org.phone,
            )
            summary = texts.summary_for(rng, org_name=org_name, title=plan.title, column=column)
        plan.body = texts.to_html(lines)
        plan.summary = summary
        plan.keywords = texts.keywords_for(rng, column=column, place=place)
        return lines

    def _file(self, plan: Plan, attachment: AttachmentPlan, lines: texts.Lines) -> bytes:
        org = plan.organ.org
        if attachment.kind == "txt":
            return attachment.raw
        if attachment.kind == "xlsx":
            names = (
                [self.names() for _ in range(self.rng.randint(4, 9))] if attachment.table == "roster" else []
            )
            sheet, headers, rows, note = files.table_for(
                attachment.table, rng=self.rng, year=plan.written_on.year, org_name=org.name, names=names
            )
            return files.make_xlsx(title=plan.title, sheet=sheet, headers=headers, rows=rows, note=note)
        paragraphs = [text for style, text in lines if style != "sign"]
        if attachment.kind == "docx":
            return files.make_docx(
                title=plan.normative_name or plan.title,
                paragraphs=paragraphs,
                doc_number=plan.doc_number,
                signature=org.name,
                signed_on=texts.cn_date(plan.written_on),
            )
        head = [org.name, plan.doc_number, texts.cn_date(plan.written_on)]
        return files.make_pdf(
            title=plan.title,
            lines=[line for line in head if line] + paragraphs,
            footer=f"Gongkai demo | {org.slug} | written {plan.written_on.isoformat()}",
            written_on=plan.written_on,
        )

    def _execute(self, plan: Plan) -> None:
        organ = plan.organ
        staff = organ.staff
        lines = self._compose(plan)
        editor = staff[Role.EDITOR]
        record = services.create_record(
            org=organ.org,
            actor=editor,
            column=organ.columns[plan.column],
            title=plan.title,
            doc_number=plan.doc_number,
            written_on=plan.written_on,
            topic=plan.topic,
            genre=plan.genre,
            keywords=plan.keywords,
            summary=plan.summary,
            body=plan.body,
            valid_until=plan.valid_until,
            policy=plan.policy.record if plan.policy else None,
        )
        for attachment in plan.attachments:
            services.add_attachment(
                record=record, actor=editor, name=attachment.name, data=self._file(plan, attachment, lines)
            )
        plan.record = record
        if plan.target == Status.DRAFT:
            return
        record = services.submit_record(record=record, actor=editor)
        if plan.target == Status.SUBMITTED:
            return
        self.returns += plan.target == Status.RETURNED
        comment = data.RETURN_COMMENTS[self.returns % len(data.RETURN_COMMENTS)]
        if plan.target == Status.RETURNED and self.returns % 2:
            services.return_record(record=record, actor=staff[Role.CONFIDENTIALITY_REVIEWER], comment=comment)
            return
        record = services.pass_confidentiality_review(
            record=record,
            actor=staff[Role.CONFIDENTIALITY_REVIEWER],
            note="经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。",
            # The raw scrape kept beside a seed notice still carries what the cleaner removed from
            # the body (e.g. the injected btbt365me); the reviewer clears it as an archive copy.
            override_reason=(
                "原文采集稿仅作存档附件保留，正文已清除注入内容。"
                if any(a.raw for a in plan.attachments)
                else ""
            ),
        )
        if plan.target == Status.RETURNED:
            services.return_record(record=record, actor=staff[Role.REVIEWER], comment=comment)
            return
        if plan.target == Status.CONFIDENTIALITY_PASSED:
            return
        record = services.approve_record(record=record, actor=staff[Role.REVIEWER], note="同意发布。")
        if plan.target == Status.APPROVED:
            return
        plan.record = services.publish_record(record=record, actor=staff[Role.REVIEWER], at=plan.published_at)

    def _recent(self) -> None:
        """Two items per government published in the days before the real today, so the demo's home
        page is never stale (国办秘函〔2019〕19号 单项否决「首页不更新」: nothing new for 2 weeks) however
        long after ``LAST_DAY`` it is loaded. Their own random stream leaves everything else as
        pinned; the self-inspection's pinned check point (the day after ``last_day``) sees them as
        fresh."""
        today = timezone.localdate()
        main_stream, self.rng = self.rng, random.Random(SEED + 1)
        try:
            plans = []
            for organ in (o for o in self.organs if o.kind == "government"):
                for days_ago in (1, 4):
                    day = today - timedelta(days=days_ago)
                    plan = self._regular(organ, lo=day - timedelta(days=3), hi=day - timedelta(days=2))
                    if plan is None:
                        continue
                    plan.published_at = self._moment(day)
                    plan.doc_kind = ""  # unnumbered: a 文号 here could repeat one issued earlier
                    plans.append(plan)
            for plan in sorted(plans, key=lambda p: (p.published_at, p.seq)):
                self._execute(plan)
        finally:
            self.rng = main_stream

    def _run(self, plans: list[Plan]) -> None:
        published = sorted(
            (p for p in plans if p.target == Status.PUBLISHED), key=lambda p: (p.published_at, p.seq)
        )
        # 索引号 serials follow publication order within each organ and year.
        for count, plan in enumerate(published, start=1):
            self._execute(plan)
            if count % 50 == 0:
                self.log(f"已发布 {count}/{len(published)} 条")
        for plan in published:
            if plan.replaces:
                validity, old = plan.replaces
                name, number = old.normative_name, f"（{plan.doc_number}）" if plan.doc_number else ""
                if validity == Validity.AMENDED:
                    note = f"根据《{plan.organ.org.name}关于修改〈{name}〉的决定》{number}修改。"
                else:
                    note = f"被修订后的《{name}》{number}废止。"
                services.change_validity(
                    record=Record.objects.get(pk=old.record.pk),
                    actor=old.organ.staff[Role.REVIEWER],
                    validity=validity,
                    effective_on=plan.written_on,
                    related_record=plan.record,
                    note=note,
                )
            if plan.expires:
                services.change_validity(
                    record=Record.objects.get(pk=plan.record.pk),
                    actor=plan.organ.staff[Role.REVIEWER],
                    validity=Validity.EXPIRED,
                    effective_on=plan.valid_until,
                    note="有效期届满，自动失效。",
                )
        for plan in published:
            if plan.withdraw_reason:
                services.withdraw_record(
                    record=plan.record, actor=plan.organ.staff[Role.REVIEWER], reason=plan.withdraw_reason
                )
        for plan in sorted((p for p in plans if p.target != Status.PUBLISHED), key=lambda p: p.seq):
            self._execute(plan)
