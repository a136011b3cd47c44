#!/usr/bin/env python
"""Search at scale: generate N public records, build the index, measure queries and the page.

    GONGKAI_VAR_DIR=/tmp/bench-search .venv/bin/python bench/search.py --n 1000000

Uses the database the environment configures (SQLite under GONGKAI_VAR_DIR by default, or
DATABASE_URL): run it against a scratch database, never a real one. Steps:

1. migrate, load the demo organs (``seed_demo --records 0``), bulk-insert N published records built
   from the seed notices' sentences (titles, 文号, categories, dates 2015–2026, validity);
2. ``indexer.rebuild(processes=2)`` — segmentation included — timed, and the index size;
3. a fixed set of 2–4-word queries, without and with filters (organ subtree, year range,
   category), and a set typed the way residents ask (a year, question words), through
   ``gongkai.search.query.search`` (the page's code path, highlighting included) and the same
   queries straight against tantivy: p50/p95/p99;
4. gunicorn (2 workers) with ``wrk`` on the search page and on a bare view (/healthz).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

QUERIES = [
    "政务公开 工作要点",
    "财政 预算 公开",
    "营商环境 放管服",
    "依申请公开 答复",
    "规范性文件 清理",
    "低保 名单 公示",
    "政策解读 发布",
    "公共资源 交易",
    "重大建设项目 批准",
    "安全生产 检查",
    "食品 抽检 结果",
    "公务员 招考 公告",
    "应急预案 发布",
    "乡村振兴 政策",
    "就业 创业 补贴",
    "教育 医疗 社保",
    "行政许可 办理 结果",
    "行政处罚 决定",
    "收费 项目 标准",
    "政府 采购 目录",
    "统计 信息 发布",
    "权责清单 调整",
    "政务服务 事项",
    "信用 信息 公示",
    "环境保护 监督",
    "人大代表 建议 办理",
    "政协 提案 办理",
    "互联网 政务服务",
    "基层 政务公开 标准",
    "年度报告 公开",
    "六稳 六保",
    "疫情 防控 措施",
    "扶贫 项目 资金",
    "土地 征收 补偿",
    "房屋 征收 公告",
    "市场 监管 公开",
    "新闻 发布会 解读",
    "意见 征集 反馈",
    "政府 网站 建设",
    "考核 评估 结果",
]
# Queries as residents type them (issue 18, ADR 0020): a year (the year factor reads the best 50
# documents), question words, colloquial words and a place without its level.
QUERIES_AS_TYPED = [
    "政务公开 工作要点 2024",
    "预算 公开 2023",
    "低保 怎么 申请",
    "营商环境 有哪些 措施",
    "安全生产 检查 2022",
    "去年 政府信息公开 年度报告",
    "就业 补贴 在哪里 申请",
    "土地 征收 补偿 多少钱",
    "昌吉 政务公开",
    "放鞭炮 通告",
]
PHRASES = [
    "政务公开工作要点",
    "优化营商环境工作方案",
    "财政预算执行情况",
    "部门预算公开说明",
    "城乡低保对象名单公示",
    "公务员招考公告",
    "突发事件应急预案",
    "食品安全监督抽检信息",
    "重大建设项目批准情况",
    "政府集中采购目录",
    "行政事业性收费项目清单",
    "权责清单动态调整",
    "政务服务事项清单",
    "乡村振兴重点工作",
    "就业创业补贴政策",
    "安全生产专项整治",
    "生态环境保护督察整改",
    "行政执法公示",
    "双随机一公开抽查结果",
    "信用信息公示",
    "人大代表建议办理结果",
    "政协提案办理结果",
    "国民经济和社会发展统计公报",
    "土地征收补偿安置方案",
    "房屋征收决定公告",
    "基层政务公开标准目录",
    "政府信息公开工作年度报告",
    "政策解读工作制度",
]
GENRES = [
    "notice",
    "notice",
    "announcement",
    "opinion",
    "normative",
    "report",
    "plan",
    "publicity",
    "interpretation",
]
CATEGORIES = [
    "regulations",
    "plans",
    "statistics",
    "licensing",
    "penalties",
    "budgets",
    "fees",
    "procurement",
    "major-projects",
    "livelihood",
    "emergencies",
    "supervision",
    "civil-service",
    "other",
]


def sentences() -> list[str]:
    from gongkai.textproc.cleanup import clean_scraped_text

    seeds = Path(os.environ.get("GONGKAI_SEEDS_DIR", ROOT / "gongkai" / "demo" / "data" / "seeds"))
    pool = []
    for path in sorted(seeds.glob("*.txt")):
        text = clean_scraped_text(path.read_text(encoding="utf-8")).text
        pool += [s.strip() + "。" for s in re.split(r"[。\n]", text) if 12 <= len(s.strip()) <= 160]
    return pool or ["深入推进政务公开工作，提升政务公开质量和实效。"]


def generate(n: int) -> float:
    from django.core.management import call_command
    from django.db import transaction

    from gongkai.catalog.models import Column
    from gongkai.disclosure.models import Record, Status
    from gongkai.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        call_command("seed_demo", "--records", "0", "--password", "Bench#2026pass", verbosity=0)
    existing = Record.objects.count()
    if existing >= n:
        return 0.0
    rng = random.Random(2026)
    pool = sentences()
    orgs = list(Organization.objects.all())
    columns = {(c.organization_id, c.slug): c.pk for c in Column.objects.all()}
    serial: dict[tuple[int, int], int] = {}
    tz = ZoneInfo("Asia/Shanghai")
    started = time.perf_counter()
    batch = []
    for i in range(existing, n):
        org = orgs[i % len(orgs)]
        year = rng.randint(2015, 2026)
        day = datetime(year, 1, 1, 9, tzinfo=tz) + timedelta(
            days=rng.randint(0, 320), minutes=rng.randint(0, 600)
        )
        key = (org.pk, year)
        serial[key] = serial.get(key, 0) + 1
        genre = rng.choice(GENRES)
        slug = "interpretations" if genre == "interpretation" else rng.choice(CATEGORIES)
        title = f"{org.name}关于印发{year}年{rng.choice(PHRASES)}的通知"
        body = "".join(f"<p>{rng.choice(pool)}</p>" for _ in range(rng.randint(3, 7)))
        batch.append(
            Record(
                organization_id=org.pk,
                column_id=columns[(org.pk, slug)],
                status=Status.PUBLISHED,
                index_number=f"{org.credit_code}/{year}-{serial[key]:06d}",
                index_year=year,
                index_serial=serial[key] + 100000,
                title=title,
                doc_number=f"{(org.short_name or org.name)[:3]}发〔{year}〕{serial[key]}号",
                written_on=day.date(),
                published_at=day,
                genre=genre,
                keywords=rng.choice(PHRASES),
                summary=rng.choice(pool),
                body=body,
                validity=("valid" if rng.random() < 0.8 else "repealed") if genre == "normative" else "",
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Record.objects.bulk_create(batch)
            batch = []
            print(f"\r  inserted {i + 1}/{n}", end="", flush=True)
    if batch:
        with transaction.atomic():
            Record.objects.bulk_create(batch)
    print()
    return time.perf_counter() - started


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)

    def q(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return f"{statistics.median(ordered):.1f} | {q(0.95):.1f} | {q(0.99):.1f}"


def measure_queries(rounds: int) -> list[str]:
    import tantivy

    from gongkai.orgs.models import Organization
    from gongkai.search import engine
    from gongkai.search.analysis import tokens_for_query
    from gongkai.search.query import SearchRequest, _abbreviations, _filters, _query, search

    government = Organization.objects.governments().filter(depth=1).first()
    variants = {
        "no filter": ({}, QUERIES),
        "organ subtree + years 2020–2026": (
            {"org_id": government.pk, "year_from": 2020, "year_to": 2026},
            QUERIES,
        ),
        "category + year range": ({"category": "art20-07", "year_from": 2018, "year_to": 2024}, QUERIES),
        "as residents type (year, question, colloquial), no filter": ({}, QUERIES_AS_TYPED),
    }
    lines = [
        "| queries | through search() p50 / p95 / p99 ms | direct tantivy p50 / p95 / p99 ms |",
        "|---|---|---|",
    ]
    for label, (extra, queries) in variants.items():
        page, direct = [], []
        for _ in range(rounds):
            for q in queries:
                request = SearchRequest(q=q, **extra)
                t = time.perf_counter()
                search(request)
                page.append((time.perf_counter() - t) * 1000)
                # Direct: the same query object straight to tantivy, top 20 with the count and
                # their stored fields, without highlighting, snippets or the exact-match probe.
                searcher = engine.searcher()
                query = tantivy.Query.boolean_query(
                    [*_query(tokens_for_query(q), _abbreviations(), searcher), *_filters(request)]
                )
                t = time.perf_counter()
                result = searcher.search(query, 20, count=True, weight_by_field="boost")
                [searcher.doc(address) for _, address in result.hits]
                direct.append((time.perf_counter() - t) * 1000)
        lines.append(f"| {label} ({len(page)}) | {percentiles(page)} | {percentiles(direct)} |")
    return lines


def measure_freshness(rounds: int = 5) -> list[str]:
    """Seconds from the commit of an edit to the moment search finds it (inline indexer)."""
    from django.db import transaction

    from gongkai.disclosure.models import Record
    from gongkai.search.query import SearchRequest, search

    timings = []
    for _i in range(rounds):
        record = Record.objects.published().order_by("?").first()
        # Rare Chinese words (a letters-and-digits token would be dropped as injected spam).
        marker = " ".join(random.sample(["鹦鹉螺", "琥珀", "麒麟", "珊瑚礁", "玳瑁", "翡翠", "蜂鸟"], 3))
        started = time.perf_counter()
        with transaction.atomic():
            record.keywords = marker
            record.save(update_fields=["keywords"])  # post_save writes the outbox row
        key = f"record:{record.pk}"
        while key not in {hit.key for hit in search(SearchRequest(q=marker, page_size=50)).hits}:
            if time.perf_counter() - started > 30:
                break
            time.sleep(0.01)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    return [f"edit → searchable ({rounds} edits): max {max(timings):.2f} s, median {median:.2f} s"]


def wrk(url: str, seconds: int = 10, script: str | None = None) -> float:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", url]
    if script:
        command[1:1] = ["-s", script]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def _serve(cache_seconds: int | None):
    env = dict(os.environ)
    if cache_seconds is not None:
        env["GONGKAI_PORTAL_CACHE_SECONDS"] = str(cache_seconds)
    command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "-b", "127.0.0.1:8766"]
    return subprocess.Popen(
        [*command, "-w", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )


def measure_page() -> list[str]:
    """wrk against gunicorn: the bare view and the search page, with the anonymous result-page
    cache as deployed (default) and with it switched off (every request runs the search)."""
    if not shutil.which("wrk"):
        return ["(wrk not installed: `make bench` installs it, or `apt-get install wrk`)"]
    base = "http://127.0.0.1:8766"
    # Every request a different query (and page): 120 URLs in turn.
    script = Path("/tmp/gongkai-bench-queries.lua")
    paths = [f"/search/?q={quote(q)}&page={p}" for p in range(1, 4) for q in QUERIES]
    script.write_text(
        "local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n"
        "local i = 0\nrequest = function()\n  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\nend\n"
    )
    pages = {
        "search page `/search/?q=政务公开 工作要点`": "/search/?q=" + quote("政务公开 工作要点"),
        "search page, filtered `/search/?q=财政 预算&year_from=2020&org=jilin`": "/search/?q="
        + quote("财政 预算")
        + "&year_from=2020&org=jilin",
    }
    rows = {}
    for mode, seconds in (("cached", None), ("uncached", 0)):
        server = _serve(seconds)
        try:
            time.sleep(3)
            rows.setdefault("bare Django view `/healthz`", {})[mode] = wrk(base + "/healthz")
            for label, path in pages.items():
                rows.setdefault(label, {})[mode] = wrk(base + path)
            label = f"search page, {len(paths)} different queries and pages in turn"
            rows.setdefault(label, {})[mode] = wrk(base + "/", script=str(script))
        finally:
            server.terminate()
            server.wait(timeout=10)
    bare = rows["bare Django view `/healthz`"]
    lines = [
        "| wrk -t2 -c8 -d10s, gunicorn 2 workers | req/s, result cache on (default) | req/s, cache off |",
        "|---|---|---|",
    ]
    for label, values in rows.items():
        cells = [
            f"{values[m]:.0f}"
            + (f" ({values[m] / bare[m]:.0%} of bare)" if bare[m] and values is not bare else "")
            for m in ("cached", "uncached")
        ]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from gongkai.search import engine, indexer

    engine_name = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"# search benchmark, n={args.n:,}, database {engine_name}")
    insert_s = generate(args.n)
    print(f"records inserted in {insert_s:.0f} s")
    if not args.skip_build:
        started = time.perf_counter()
        count = indexer.rebuild(processes=args.processes)
        build_s = time.perf_counter() - started
        size = sum(p.stat().st_size for p in engine.index_dir().rglob("*") if p.is_file())
        gigabytes = size / 1e9
        print(
            f"index build: {count:,} documents in {build_s:.0f} s (segmentation included), {gigabytes:.2f} GB"
        )
    print("\n".join(measure_queries(args.rounds)))
    print("\n".join(measure_freshness()))
    print("\n".join(line for line in measure_page() if line))


if __name__ == "__main__":
    main()
