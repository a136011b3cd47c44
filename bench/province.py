#!/usr/bin/env python
"""A province's size (issue 20 item 2, ADR 0047): generate the installation, then measure it.

    # SQLite in a scratch directory (never a real installation):
    GONGKAI_VAR_DIR=/tmp/bench-province .venv/bin/python bench/province.py generate --records 1000000
    GONGKAI_VAR_DIR=/tmp/bench-province .venv/bin/python bench/province.py measure
    # PostgreSQL: a scratch database (created if missing)
    .venv/bin/python bench/province.py --database-url postgres://postgres@127.0.0.1:5432/h20c_bench generate
    .venv/bin/python bench/province.py --database-url postgres://postgres@127.0.0.1:5432/h20c_bench measure

``generate`` migrates and bulk-inserts, from a fixed seed (``--seed``, default 2026):

* 2,000 organs in the real tree (treebeard paths, 省/市/县, 人民政府 and 政府部门, valid 统一社会信用代码):
  the province's government and 39 departments, 14 cities of 1 + 34, 98 counties of 1 + 14;
  each with its statutory columns (as ``catalog.services.seed_statutory_columns``) and 指南;
* ``--records`` published records (default 1,000,000), skewed: the busiest organ (the province's
  government) holds 10 % of them (100,000 at full size), the rest fall off as 1/rank^0.9; dates
  2015-01-01..2026-11-30 at a few fixed times of day, so many records share a publication time;
* ``--applications`` 政府信息公开申请 (default 200,000), skewed the same way, 85 % answered;
* 年度统计数据 for every organ and the years 2020-2025, and a published 2025 report (``data``
  computed by ``reports.selectors.compute``) for four organs in five.

The search index is not built (records are inserted without outbox entries: bench/search.py
measures the engine at this size). ``measure`` answers each page in-process through Django's
test client with the page cache off (GONGKAI_PORTAL_CACHE_SECONDS=0) — every answer a cache miss —
and prints p50/p95 and the process's peak RSS per page, one fresh process per page.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TZ = ZoneInfo("Asia/Shanghai")
PASSWORD = "Bench#2026pass"

CITY_NAMES = [
    "天山",
    "金川",
    "白河",
    "青原",
    "松林",
    "河谷",
    "东湖",
    "南屏",
    "北岭",
    "西泉",
    "玉门",
    "石城",
    "沙湾",
    "柳岸",
]
DEPARTMENTS = [
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化体育和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业和草原局",
    "乡村振兴局",
    "城市管理局",
    "政务服务和数据管理局",
    "地方金融监督管理局",
    "民族宗教事务委员会",
    "外事办公室",
    "人民防空办公室",
    "信访局",
    "机关事务管理局",
    "粮食和物资储备局",
    "国有资产监督管理委员会",
    "体育局",
    "档案局",
    "医疗保障局第二分局",
]
PHRASES = [
    "政务公开工作要点",
    "优化营商环境若干措施",
    "安全生产专项整治方案",
    "乡村振兴重点任务",
    "财政预算执行情况",
    "重大建设项目批准结果",
    "公共资源交易管理办法",
    "就业创业补贴政策",
    "低保对象名单公示",
    "食品安全抽检结果",
    "行政许可事项清单",
    "生态环境保护督察整改",
    "城乡居民医疗保险实施细则",
    "应急预案修订",
    "政府采购目录及标准",
]
GENRES = ["notice"] * 6 + [
    "announcement",
    "circular",
    "opinion",
    "bulletin",
    "report",
    "plan",
    "statistics",
    "publicity",
    "normative",
    "interpretation",
]
TIMES = [(9, 0), (10, 30), (15, 0), (16, 30)]
OUTCOMES = ["disclose"] * 5 + [
    "partial",
    "withhold_state_secret",
    "unavailable_not_held",
    "not_processed_repeat",
    "other_no_correction",
]


# --- the organ tree ----------------------------------------------------------------------------------


def organ_plan() -> list[dict]:
    """The 2,000 organs as dicts with their tree path, in tree order (treebeard MP_Node, steplen 4,
    siblings ordered by (kind, name) as ``Organization.node_order_by``)."""

    def node(name, short, slug, kind, level, region, children=()):
        return {
            "name": name,
            "short_name": short,
            "slug": slug,
            "kind": kind,
            "level": level,
            "region": region,
            "children": list(children),
        }

    def departments(prefix, short_prefix, slug_prefix, level, region, count):
        return [
            node(
                f"{prefix}{d}",
                f"{short_prefix}{d[:4]}",
                f"{slug_prefix}-d{i:02d}",
                "department",
                level,
                region,
            )
            for i, d in enumerate(DEPARTMENTS[:count])
        ]

    cities = []
    for c, city in enumerate(CITY_NAMES, start=1):
        counties = []
        for k in range(1, 8):  # 14 cities × 7 counties = 98
            county = f"{city}第{k}县"
            slug = f"c{c:02d}k{k}"
            region = f"65{c:02d}{k:02d}"
            counties.append(
                node(
                    f"{county}人民政府",
                    county,
                    slug,
                    "government",
                    "county",
                    region,
                    departments(county, county[:3], slug, "county", region, 14),
                )
            )
        slug = f"c{c:02d}"
        region = f"65{c:02d}00"
        cities.append(
            node(
                f"{city}市人民政府",
                f"{city}市",
                slug,
                "government",
                "city",
                region,
                departments(f"{city}市", city, slug, "city", region, 34) + counties,
            )
        )
    province = node(
        "新疆维吾尔自治区人民政府（基准）",
        "自治区政府",
        "sheng",
        "government",
        "province",
        "650000",
        departments("自治区", "区", "sheng", "province", "650000", 39) + cities,
    )

    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def step(n):
        out = ""
        for _ in range(4):
            n, r = divmod(n, 36)
            out = alphabet[r] + out
        return out

    organs: list[dict] = []

    def walk(n, path, depth):
        kids = sorted(n.pop("children"), key=lambda x: (x["kind"], x["name"]))
        n.update(path=path, depth=depth, numchild=len(kids))
        organs.append(n)
        for i, kid in enumerate(kids, start=1):
            walk(kid, path + step(i), depth + 1)

    walk(province, step(1), 1)
    return organs


def credit_code(index: int, region: str) -> str:
    from gongkai.orgs.codes import make_credit_code

    return make_credit_code(f"11{region}{index:09d}")


# --- raw bulk insert ---------------------------------------------------------------------------------


class BulkWriter:
    """Rows straight into a model's table: executemany on SQLite, COPY on PostgreSQL. Every column
    of the model is written: ``row`` gives attnames, the rest takes the field's default."""

    def __init__(self, model, connection, now):
        from django.db import models as m

        self.model = model
        self.connection = connection
        self.fields = model._meta.local_concrete_fields
        self.table = model._meta.db_table
        self.defaults = {}
        self.adapt = {}
        for f in self.fields:
            if isinstance(f, m.DateTimeField):
                self.adapt[f.attname] = self._dt
            elif isinstance(f, m.DateField):
                self.adapt[f.attname] = connection.ops.adapt_datefield_value
            elif isinstance(f, m.JSONField) or type(f).__name__ == "EncryptedTextField":
                self.adapt[f.attname] = lambda v, f=f: f.get_db_prep_save(v, connection)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = self.adapt[f.attname](now)
            elif f.has_default() or not f.null:
                value = f.get_default()
                self.defaults[f.attname] = self.adapt.get(f.attname, lambda v: v)(value)
            else:
                self.defaults[f.attname] = None
        self.pg = connection.vendor == "postgresql"

    def _dt(self, value):
        if value is None:
            return None
        if self.connection.vendor == "postgresql":
            return value
        return self.connection.ops.adapt_datetimefield_value(value)

    def write(self, rows) -> int:
        rows = list(rows)
        if not rows:
            return 0
        # Without explicit ids the database numbers the rows.
        fields = [f for f in self.fields if not f.primary_key or f.attname in rows[0]]
        names = [f.attname for f in fields]
        tuples = []
        for row in rows:
            values = []
            for name in names:
                if name in row:
                    value = row[name]
                    adapt = self.adapt.get(name)
                    values.append(adapt(value) if adapt and value is not None else value)
                else:
                    values.append(self.defaults[name])
            tuples.append(values)
        if not tuples:
            return 0
        columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
        with self.connection.cursor() as cursor:
            if self.pg:
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for values in tuples:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", tuples)
        return len(tuples)


def reset_sequences(models):
    from django.core.management.color import no_style
    from django.db import connection

    sql = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


# --- generate ----------------------------------------------------------------------------------------


def skewed_counts(total: int, organs: int, top_share: float, rng: random.Random) -> list[int]:
    """``total`` split over ``organs``: the first gets ``top_share``, the others ∝ 1/rank^0.9."""
    top = int(total * top_share)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(1, organs)]
    scale = (total - top) / sum(weights)
    counts = [top] + [int(w * scale) for w in weights]
    counts[1] += total - sum(counts)  # rounding
    return counts


def generate(args) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from gongkai.accounts.models import Membership, Role, User
    from gongkai.catalog import categories
    from gongkai.catalog.models import Column, Guide, Section
    from gongkai.catalog.services import DEFAULT_GUIDE
    from gongkai.disclosure.models import IndexCounter, Record
    from gongkai.info_requests.models import InfoRequest, InfoRequestCounter, Reply
    from gongkai.orgs.models import Organization
    from gongkai.reports.models import YearStatistics

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        if args.resume_reports:  # the records and applications are in; redo the last step
            finish_reports(args, now=datetime.now(UTC), started=started)
            return
        sys.exit("the database already holds organs: generate into an empty scratch database")
    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    timings = {}

    # Organs.
    t = time.perf_counter()
    plan = organ_plan()
    writer = BulkWriter(Organization, connection, now)
    with transaction.atomic():
        writer.write(
            {
                "id": i,
                "path": o["path"],
                "depth": o["depth"],
                "numchild": o["numchild"],
                "name": o["name"],
                "short_name": o["short_name"],
                "slug": o["slug"],
                "kind": o["kind"],
                "level": o["level"],
                "credit_code": credit_code(i, o["region"]),
                "office_name": f"{o['short_name']}政务公开办公室" if o["kind"] == "government" else "办公室",
                "phone": f"0991-{1000000 + i}",
                "address": f"{o['short_name']}人民路{i}号",
                "is_active": True,
                "review_government": "国务院"
                if o["level"] == "province" and o["kind"] == "government"
                else "",
            }
            for i, o in enumerate(plan, start=1)
        )
    organs = list(Organization.objects.order_by("path"))
    assert len(organs) == 2000, len(organs)

    # Columns and guides (as catalog.services.seed_statutory_columns, in bulk).
    rows, column_id = [], 0
    proactive: dict[int, list[tuple[int, str]]] = {}
    for org in organs:
        wanted = [(c, Section.PROACTIVE) for c in categories.categories_for_level(org.level)]
        wanted += [(categories.RULES, Section.RULES), (categories.ANNUAL_REPORTS, Section.ANNUAL_REPORTS)]
        for position, (category, section) in enumerate(wanted, start=1):
            column_id += 1
            applies = categories.applies_by_default(kind=org.kind, name=org.name, category=category)
            rows.append(
                {
                    "id": column_id,
                    "organization_id": org.pk,
                    "name": category.name,
                    "slug": category.slug,
                    "section": section,
                    "category_code": category.code,
                    "position": position * 10,
                    "is_statutory": True,
                    "applies": applies,
                }
            )
            if section == Section.PROACTIVE and applies:
                proactive.setdefault(org.pk, []).append((column_id, category.slug))
    with transaction.atomic():
        BulkWriter(Column, connection, now).write(rows)
        BulkWriter(Guide, connection, now).write(
            {"organization_id": org.pk, **DEFAULT_GUIDE, "revised_on": date(2026, 1, 1)} for org in organs
        )
    timings["organs, columns, guides"] = time.perf_counter() - t
    print(f"organs {len(organs)}, columns {column_id}", flush=True)

    # Staff of the province's 政务公开办 (for the workbench pages).
    province = organs[0]
    user = User.objects.create_user(username="bench-office", password=PASSWORD, full_name="基准测试")
    Membership.objects.create(user=user, organization=province, role=Role.COMPETENT_ADMIN)
    Membership.objects.create(user=user, organization=province, role=Role.HEAD)

    # Records.
    t = time.perf_counter()
    record_counts = skewed_counts(args.records, len(organs), 0.10, rng)
    first_day = date(2015, 1, 1)
    span = (date(2026, 11, 30) - first_day).days
    writer = BulkWriter(Record, connection, now)
    record_id, batch, counters = 0, [], []
    for org, n in zip(organs, record_counts, strict=True):
        columns = proactive[org.pk]
        interpretations = [cid for cid, slug in columns if slug == "interpretations"]
        others = [cid for cid, slug in columns if slug != "interpretations"]
        moments = sorted(
            datetime.combine(
                first_day + timedelta(days=rng.randint(0, span)), datetime.min.time(), TZ
            ).replace(hour=h, minute=m)
            for h, m in (rng.choice(TIMES) for _ in range(n))
        )
        serials: dict[int, int] = {}
        for moment in moments:
            record_id += 1
            year = moment.year
            serials[year] = serials.get(year, 0) + 1
            genre = rng.choice(GENRES)
            column = (
                interpretations[0] if genre == "interpretation" and interpretations else rng.choice(others)
            )
            phrase = rng.choice(PHRASES)
            batch.append(
                {
                    "id": record_id,
                    "organization_id": org.pk,
                    "column_id": column,
                    "status": "published",
                    "index_number": f"{org.credit_code}/{year}-{serials[year]:05d}",
                    "index_year": year,
                    "index_serial": serials[year],
                    "title": f"{org.short_name}关于{year}年{phrase}的通知（{serials[year]}）",
                    "doc_number": f"{org.short_name[:3]}发〔{year}〕{serials[year]}号",
                    "written_on": moment.date() - timedelta(days=rng.randint(0, 10)),
                    "published_at": moment,
                    "genre": genre,
                    "topic": "general",
                    "keywords": phrase,
                    "summary": f"{org.short_name}{phrase}。",
                    "body": f"<p>为做好{phrase}，现将有关事项通知如下。</p><p>{org.name}</p>",
                    "validity": ("valid" if rng.random() < 0.8 else "repealed")
                    if genre == "normative"
                    else "",
                }
            )
            if len(batch) >= 20000:
                with transaction.atomic():
                    writer.write(batch)
                batch = []
                print(f"\r  records {record_id:,}/{args.records:,}", end="", flush=True)
        counters += [{"organization_id": org.pk, "year": y, "last_serial": s} for y, s in serials.items()]
    with transaction.atomic():
        writer.write(batch)
        BulkWriter(IndexCounter, connection, now).write(counters)
    print()
    timings["records"] = time.perf_counter() - t

    # Applications, 85 % answered.
    t = time.perf_counter()
    apps_writer = BulkWriter(InfoRequest, connection, now)
    reply_writer = BulkWriter(Reply, connection, now)
    # One ciphertext per field, reused: encrypting 200,000 names is not what is measured here.
    sealed = {
        name: apps_writer.adapt[name](value)
        for name, value in {
            "applicant_name": "张三",
            "id_number": "650102199001011234",
            "phone": "13800000000",
            "email": "",
            "address": "",
            "legal_representative": "",
            "contact_person": "",
        }.items()
    }
    for name in sealed:
        apps_writer.adapt.pop(name)
    app_counts = skewed_counts(args.applications, len(organs), 0.10, rng)
    app_id, apps, replies, counters = 0, [], [], []
    app_first = date(2020, 1, 1)
    app_span = (date(2026, 11, 30) - app_first).days
    for org, n in zip(organs, app_counts, strict=True):
        days = sorted(app_first + timedelta(days=rng.randint(0, app_span)) for _ in range(n))
        serials = {}
        for day in days:
            app_id += 1
            serials[day.year] = serials.get(day.year, 0) + 1
            answered = rng.random() < 0.85
            token = hashlib.sha256(f"bench-{args.seed}-{app_id}".encode()).hexdigest()
            apps.append(
                {
                    "id": app_id,
                    "organization_id": org.pk,
                    "year": day.year,
                    "serial": serials[day.year],
                    "query_code_index": token,
                    "submission_token": token[::-1],
                    "channel": "online",
                    "submitted_at": datetime.combine(day, datetime.min.time(), TZ).replace(hour=10),
                    "received_on": day,
                    "status": "replied" if answered else "in_progress",
                    "applicant_kind": "natural_person" if rng.random() < 0.8 else "commercial",
                    "id_type": "resident_id",
                    "id_number_index": token[:32],
                    "description": "申请公开本机关相关政府信息",
                    "provision_form": "electronic",
                    "obtain_method": "online",
                    **sealed,
                }
            )
            if answered:
                replies.append(
                    {
                        "request_id": app_id,
                        "outcome": rng.choice(OUTCOMES),
                        "reasons": "依据《政府信息公开条例》答复。",
                        "replied_on": day + timedelta(days=rng.randint(1, 19)),
                    }
                )
            if len(apps) >= 20000:
                with transaction.atomic():
                    apps_writer.write(apps)
                    reply_writer.write(replies)
                apps, replies = [], []
                print(f"\r  applications {app_id:,}/{args.applications:,}", end="", flush=True)
        counters += [{"organization_id": org.pk, "year": y, "last_serial": s} for y, s in serials.items()]
    with transaction.atomic():
        apps_writer.write(apps)
        reply_writer.write(replies)
        BulkWriter(InfoRequestCounter, connection, now).write(counters)
    print()
    timings["applications"] = time.perf_counter() - t

    # Annual-report data: the year statistics of every organ, a published 2025 report for 4 in 5.
    t = time.perf_counter()
    BulkWriter(YearStatistics, connection, now).write(
        {
            "organization_id": org.pk,
            "year": year,
            "licensing": rng.randint(0, 500),
            "penalties": rng.randint(0, 200),
            "coercion": rng.randint(0, 20),
            "fees_wan": rng.randint(0, 10000) / 100,
        }
        for org in organs
        for year in range(2020, 2026)
    )
    reset_sequences([Organization, Column, Guide, Record, InfoRequest, Reply, YearStatistics])
    timings["year statistics"] = time.perf_counter() - t
    print(json.dumps({k: round(v, 1) for k, v in timings.items()}, ensure_ascii=False))
    finish_reports(args, now=now, started=started)


def finish_reports(args, *, now, started):
    from django.db import connection

    from gongkai.orgs.models import Organization
    from gongkai.reports.models import AnnualReport

    t = time.perf_counter()
    if not args.skip_reports and not AnnualReport.objects.exists():
        publish_reports(list(Organization.objects.order_by("path")), random.Random(args.seed + 1), now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed, total = time.perf_counter() - t, time.perf_counter() - started
    print(f"annual reports and ANALYZE: {elapsed:.1f} s; total {total:.1f} s")


def publish_reports(organs, rng, now):
    from django.db import connection

    from gongkai.reports.models import AnnualReport
    from gongkai.reports.selectors import compute
    from gongkai.reports.services import _jsonable

    writer = BulkWriter(AnnualReport, connection, now)
    rows = []
    for i, org in enumerate(organs):
        if rng.random() < 0.8:
            rows.append(
                {
                    "organization_id": org.pk,
                    "year": 2025,
                    "status": "published",
                    "overview": f"{org.name}2025年政府信息公开工作总体情况。",
                    "data": _jsonable(compute(org, 2025)),
                    "locked_at": now,
                    "published_at": now,
                }
            )
        if i % 100 == 0:
            print(f"\r  reports {i}/{len(organs)}", end="", flush=True)
    print()
    writer.write(rows)
    reset_sequences([AnnualReport])


# --- measure ------------------------------------------------------------------------------------------


def pages() -> dict[str, tuple[str, int]]:
    """name → (url, rounds). The busiest organ is the province's government (slug ``sheng``)."""
    records = "/org/sheng/records/"
    return {
        "records list, busiest organ, page 1": (records, 20),
        "records list, busiest organ, page 1, totals counted every time": (records, 10),
        "records list, busiest organ, filtered (year+genre), page 1": (
            f"{records}?year=2024&genre=notice",
            20,
        ),
        "records list, busiest organ, page 5,000 (?page=)": (f"{records}?page=5000", 10),
        "records list, busiest organ, page 5,000 (cursor link)": ("@cursor5000", 20),
        "sitemap index": ("/sitemap.xml", 10),
        "sitemap section (records, part 1)": ("/sitemap-records.xml?p=1", 5),
        "sitemap section (records, last part)": ("@lastsitemap", 5),
        "feed, busiest organ": ("/org/sheng/feed.atom", 20),
        "feed, a column of the busiest organ": ("/org/sheng/feed/plans.atom", 20),
        "home page (organ tree)": ("/", 10),
        "platform of the busiest organ": ("/org/sheng/", 10),
        "workbench: 政务公开办 overview of all subordinates": ("/workbench/reports/", 10),
        "annual-report roll-up, whole province": ("@rollup-province", 3),
        "annual-report roll-up, one government (本级)": ("@rollup-government", 5),
        "annual report, one organ": ("@report-organ", 10),
    }


def measure_one(name: str, rounds: int) -> dict:
    """Run in a fresh process: time ``rounds`` answers of one page; peak RSS of this process."""
    import django

    django.setup()
    from django.test import Client

    from gongkai.orgs.models import Organization

    url, _ = pages()[name]
    client = Client()
    if "counted every time" in name:  # the kept totals off: COUNT(*) and the category counts each time
        from django.conf import settings

        settings.GONGKAI_LIST_COUNT_CACHE_SECONDS = 0
    if url.startswith("/workbench/"):
        from gongkai.accounts.models import User

        client.force_login(User.objects.get(username="bench-office"))
    action = None
    if url == "@cursor5000":
        # Follow the 下一页 links from page 1 is what a crawler does; a link to page 5,000 carries
        # its cursor, which ?page=5000 redirects to.
        response = client.get("/org/sheng/records/?page=5000")
        url = response["Location"] if response.status_code in (301, 302) else "/org/sheng/records/?page=5000"
    elif url == "@lastsitemap":
        index = client.get("/sitemap.xml").content.decode()
        locs = [part.split("</loc>")[0] for part in index.split("<loc>")[1:] if "records" in part]
        url = locs[-1].split("testserver", 1)[-1]
    elif url.startswith("@rollup") or url == "@report-organ":
        from gongkai.reports.selectors import compute

        province = Organization.objects.get(slug="sheng")
        city = Organization.objects.get(slug="c01")
        if url == "@rollup-province":
            action = lambda: compute(province, 2025, rollup=True, townships=True)  # noqa: E731
        elif url == "@rollup-government":
            action = lambda: compute(city, 2025, rollup=True)  # noqa: E731
        else:
            action = lambda: compute(province, 2025)  # noqa: E731
    times, size, status = [], 0, None
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(rounds + 1):  # the first answer warms the process and is not counted
        t = time.perf_counter()
        if action:
            action()
            status = 200
        else:
            response = client.get(url)
            status, size = response.status_code, len(response.content)
        times.append(time.perf_counter() - t)
    times = times[1:]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "name": name,
        "url": url,
        "status": status,
        "bytes": size,
        "rounds": rounds,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "peak_rss_mb": peak / 1024,
        "baseline_rss_mb": baseline / 1024,
    }


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * (len(values) - 1) + 0.4999)))]


def data_size() -> str:
    from django.conf import settings
    from django.db import connection

    from gongkai.disclosure.models import Record
    from gongkai.info_requests.models import InfoRequest
    from gongkai.orgs.models import Organization

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        size = Path(settings.DATABASES["default"]["NAME"]).stat().st_size
    return (
        f"{Organization.objects.count():,} organs, {Record.objects.count():,} records "
        f"(busiest organ {Record.objects.filter(organization__slug='sheng').count():,}), "
        f"{InfoRequest.objects.count():,} applications; database {size / 1e9:.2f} GB"
    )


def measure(args) -> None:
    import django

    django.setup()
    from django.db import connection

    print(f"# province benchmark on {connection.vendor}: {data_size()}")
    print(f"# load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| page | p50 ms | p95 ms | peak RSS MB | rounds | status |")
    print("|---|---:|---:|---:|---:|---|")
    for name, (_, rounds) in pages().items():
        if args.only and args.only not in name:
            continue
        out = subprocess.run(
            [sys.executable, __file__, *args.passthrough, "_one", name, str(rounds)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode:
            print(f"| {name} | failed | | | | {out.stderr.strip().splitlines()[-1][:120]} |", flush=True)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {name} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | {r['peak_rss_mb']:.0f} | {r['rounds']} "
            f"| {r['status']} |",
            flush=True,
        )
    print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--records", type=int, default=1_000_000)
    gen.add_argument("--applications", type=int, default=200_000)
    gen.add_argument("--seed", type=int, default=2026)
    gen.add_argument("--skip-reports", action="store_true")
    gen.add_argument("--resume-reports", action="store_true", help="only the last step (generated database)")
    mea = sub.add_parser("measure")
    mea.add_argument("--only", default="")
    one = sub.add_parser("_one")
    one.add_argument("name")
    one.add_argument("rounds", type=int)
    args = parser.parse_args()
    args.passthrough = ["--database-url", args.database_url] if args.database_url else []

    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
        ensure_pg_database(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["GONGKAI_PORTAL_CACHE_SECONDS"] = "0"  # every answer is a cache miss
    os.environ.setdefault("GONGKAI_REQUIRE_SECOND_FACTOR", "0")
    if args.command == "generate":
        import django

        django.setup()
        generate(args)
    elif args.command == "measure":
        measure(args)
    else:
        print(json.dumps(measure_one(args.name, args.rounds)))


def ensure_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
