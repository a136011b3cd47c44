"""Self-inspection (issue 13 item 3) over N published records in a real database.

Builds a fresh SQLite database (or uses DATABASE_URL for PostgreSQL), migrates it, creates 10
organs with their statutory columns and N published records spread over them (title + a
1,800-character body of official phrasing with two internal links; every 50th record carries an
injected token, a 错别字, an outdated institution name and a dead internal link; every 10th an
attachment text), seals every record as publication does (``disclosure.integrity.seal``: the
rendered region and the files hashed into the audit chain, ADR 0032), then times
``selfcheck.inspect`` over all organs — the 防篡改 indicator included, which re-renders every
record and compares it with its seal — and prints the counts.

Run: PYTHONPATH=. .venv/bin/python bench/self_inspection.py [N] [--keep] [--no-seal]
(``--keep`` reuses the database of a previous run with the same N instead of rebuilding it;
``--no-seal`` leaves the records unsealed, as the figure recorded before ADR 0032: the tamper
check then only reports each record as 未留存哈希 without rendering it.)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

DB = Path("/tmp/gongkai-bench-self-inspection.sqlite3")


def main() -> None:
    sys.path.insert(0, ".")
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000
    keep = "--keep" in sys.argv
    if not os.environ.get("DATABASE_URL"):
        if DB.exists() and not keep:
            DB.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    from gongkai.disclosure.models import Record

    call_command("migrate", verbosity=0)
    if not (keep and Record.objects.count() >= count):
        started = time.perf_counter()
        build(count)
        print(f"build seconds={time.perf_counter() - started:.1f}", flush=True)
        if "--no-seal" not in sys.argv:
            started = time.perf_counter()
            seal_all()
            print(f"seal seconds={time.perf_counter() - started:.1f}", flush=True)
    from gongkai.inspection import selfcheck

    orgs = selfcheck.organs_in_scope()
    started, cpu = time.perf_counter(), time.process_time()
    report = selfcheck.inspect(orgs)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    by = {}
    for f in report.findings:
        by[f.indicator] = by.get(f.indicator, 0) + 1
    print(f"organs={len(orgs)} records={report.counts['records_scanned']} "
          f"attachments={report.counts['attachments_scanned']} pages={report.counts['pages_checked']} "
          f"internal_links={report.counts['internal_links']}")  # fmt: skip
    print(f"findings={len(report.findings)} {dict(sorted(by.items()))}")
    # CPU seconds as well: on a machine shared with other jobs the wall clock mostly measures them.
    print(
        f"seconds={elapsed:.1f} cpu_seconds={cpu:.1f} "
        f"records/s={report.counts['records_scanned'] / elapsed:.0f}"
    )
    print(f"load average={os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    selfcheck.save_report(report, trigger="bench")
    print(f"save seconds={time.perf_counter() - started:.1f}")


def build(count: int) -> None:
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from gongkai.catalog.models import Column
    from gongkai.disclosure.models import Attachment, Record, Status
    from gongkai.orgs.tests.factories import OrganizationFactory

    shanghai = ZoneInfo("Asia/Shanghai")
    orgs = [OrganizationFactory(slug=f"bench{n}", name=f"第{n}测试市人民政府") for n in range(10)]
    columns = {o.pk: list(Column.objects.for_org(o).proactive().values_list("pk", flat=True)) for o in orgs}
    paragraph = (
        "为深入贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步做好政务公开工作，"
        "根据《中华人民共和国政府信息公开条例》，结合本地实际，现将有关事项通知如下。"
        "各乡镇人民政府、县政府各部门要高度重视，明确责任分工，截至2026年6月底前完成自查，"
        "对发现的问题及时整改。"
    )
    body = (
        "<p>"
        + paragraph * 12
        + '</p><p><a href="/org/bench0/">平台首页</a> <a href="/org/bench1/guide/">指南</a></p>'
    )
    dirty = (
        body
        + "<p>btbt365me按步就班，原国土资源局职责已划入。"
        + '<a href="/org/bench0/records/2001-99999/">旧文</a></p>'
    )
    start = datetime(2026, 1, 5, 9, tzinfo=shanghai)
    batch, attachments = [], []
    for i in range(count):
        org = orgs[i % len(orgs)]
        at = start + timedelta(minutes=3 * i)
        batch.append(
            Record(
                organization=org,
                column_id=columns[org.pk][i % len(columns[org.pk])],
                status=Status.PUBLISHED,
                title=f"关于做好第{i}批政务公开工作的通知",
                doc_number=f"某政办发〔2026〕{i}号",
                written_on=(at - timedelta(days=3)).date() if i % 7 else date(2025, 1, 2),
                published_at=at,
                index_year=2026,
                index_serial=i + 1,
                index_number=f"B-{i + 1}",
                body=dirty if i % 50 == 0 else body,
            )
        )
        if len(batch) == 5000:
            Record.objects.bulk_create(batch)
            batch = []
    Record.objects.bulk_create(batch)
    from django.core.files.base import ContentFile

    stored = Attachment._meta.get_field("file").storage.save(
        "bench/附件.txt", ContentFile(paragraph.encode())
    )
    for pk in list(Record.objects.values_list("pk", flat=True))[::10]:
        attachments.append(
            Attachment(
                record_id=pk,
                file=stored,
                original_name="附件.txt",
                extension="txt",
                content_type="text/plain",
                size=100,
                sha256="0" * 64,
                text=paragraph * 4,
                text_status="ok",
            )
        )
    Attachment.objects.bulk_create(attachments, batch_size=5000)


def seal_all() -> None:
    """Seal every record through the service publication calls, 500 to a transaction."""
    from django.db import transaction

    from gongkai.disclosure import integrity
    from gongkai.disclosure.models import Record

    last, done, started = 0, 0, time.perf_counter()
    while True:
        chunk = list(Record.objects.filter(pk__gt=last).order_by("pk").prefetch_related("attachments")[:500])
        if not chunk:
            return
        with transaction.atomic():
            for record in chunk:
                integrity.seal(record, cause="bench")
        last, done = chunk[-1].pk, done + len(chunk)
        if done % 10_000 == 0:
            print(f"sealed {done} in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
