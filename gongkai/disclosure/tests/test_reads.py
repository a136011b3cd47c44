"""Counting reads of published records for the home page's 最多阅读 (ADR 0041)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure import reads, selectors, services
from gongkai.disclosure.models import RecordReadCount

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"


@pytest.fixture(autouse=True)
def _empty_counters():
    cache.clear()
    yield
    cache.clear()


def read(client, record, times: int = 1, user_agent: str = BROWSER, method: str = "get"):
    url = record.get_absolute_url()
    for _ in range(times):
        response = getattr(client, method)(url, HTTP_USER_AGENT=user_agent)
        assert response.status_code == 200
    return response


def total(record) -> int:
    return sum(RecordReadCount.objects.filter(record=record).values_list("count", flat=True))


def test_reads_are_counted_also_when_the_page_comes_from_the_cache(client, two_orgs, publish, settings):
    settings.GONGKAI_PORTAL_CACHE_SECONDS = 60
    record = publish(two_orgs.draft(two_orgs.gov_a, title="关于开展春季植树活动的通知"))
    read(client, record)
    assert read(client, record, 2)["X-Cache"] == "hit"
    assert reads.flush_reads() == 3
    assert total(record) == 3
    row = RecordReadCount.objects.get(record=record)
    assert (row.organization, row.day) == (two_orgs.gov_a, timezone.localdate())


def test_a_second_flush_the_same_day_adds_to_the_same_row(client, two_orgs, publish):
    record = publish(two_orgs.draft(two_orgs.gov_a))
    read(client, record, 2)
    reads.flush_reads()
    read(client, record, 3)
    reads.flush_reads()
    assert RecordReadCount.objects.filter(record=record).count() == 1
    assert total(record) == 5


def test_crawlers_head_requests_and_missing_pages_are_not_counted(client, two_orgs, publish):
    record = publish(two_orgs.draft(two_orgs.gov_a))
    read(client, record, user_agent="Mozilla/5.0 (compatible; Baiduspider/2.0)")
    read(client, record, user_agent="")
    read(client, record, method="head")
    client.get(f"/org/{two_orgs.gov_a.slug}/records/{record.index_year}-99999/", HTTP_USER_AGENT=BROWSER)
    assert reads.flush_reads() == 0
    assert total(record) == 0


def test_a_withdrawn_record_is_not_counted_and_leaves_the_most_read(client, two_orgs, publish):
    kept = publish(two_orgs.draft(two_orgs.gov_a, title="保留的信息"))
    gone = publish(two_orgs.draft(two_orgs.gov_a, title="撤回的信息"))
    read(client, gone, 5)
    read(client, kept, 1)
    reads.flush_reads()
    assert [r.title for r in selectors.most_read_public_records()] == ["撤回的信息", "保留的信息"]
    services.withdraw_record(record=gone, actor=two_orgs.staff(two_orgs.gov_a, Role.HEAD), reason="内容有误")
    read(client, gone, 2)  # its page stays, with the reason
    assert reads.flush_reads() == 0
    assert [r.title for r in selectors.most_read_public_records()] == ["保留的信息"]


def test_most_read_counts_the_last_thirty_days_most_read_first(client, two_orgs, publish):
    old = publish(two_orgs.draft(two_orgs.gov_a, title="去年常读的信息"))
    new = publish(two_orgs.draft(two_orgs.gov_b, title="近来常读的信息"))
    other = publish(two_orgs.draft(two_orgs.gov_b, title="偶尔读到的信息"))
    today = timezone.localdate()
    RecordReadCount.objects.create(
        organization=old.organization, record=old, day=today - timedelta(days=31), count=900
    )
    RecordReadCount.objects.create(
        organization=old.organization, record=old, day=today - timedelta(days=2), count=3
    )
    RecordReadCount.objects.create(
        organization=new.organization, record=new, day=today - timedelta(days=29), count=4
    )
    RecordReadCount.objects.create(organization=new.organization, record=new, day=today, count=4)
    RecordReadCount.objects.create(organization=other.organization, record=other, day=today, count=1)
    most = selectors.most_read_public_records(limit=2)
    assert [(r.title, r.reads) for r in most] == [("近来常读的信息", 8), ("去年常读的信息", 3)]


def test_a_page_view_never_writes_the_job_does_within_its_schedule(client, two_orgs, publish):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.jobs import runner
    from gongkai.jobs.models import Job

    record = publish(two_orgs.draft(two_orgs.gov_a))
    with CaptureQueriesContext(connection) as queries:
        read(client, record, 60)  # more than the old in-process buffer held before writing
    assert total(record) == 0
    assert not [q for q in queries.captured_queries if "disclosure_recordreadcount" in q["sql"]]
    # The runner's job 「阅读量统计」 runs every minute and writes them on the day they were read.
    now = datetime.now(ZoneInfo("Asia/Shanghai")).replace(second=0, microsecond=0)
    runner.sync_registry(now)
    Job.objects.exclude(name="read-counts").update(enabled=False, next_run_at=None)
    job = Job.objects.get(name="read-counts")
    assert job.schedule == "* * * * *"
    assert job.next_run_at <= now + timedelta(minutes=1)
    [run] = runner.tick("node-a", now=job.next_run_at)
    assert (run.job.name, run.status) == ("read-counts", "succeeded")
    assert "已写入60次阅读" in run.output
    assert total(record) == 60
    # What it wrote is taken off the counters: the next run adds only new reads.
    read(client, record, 2)
    assert reads.flush_reads() == 2
    assert total(record) == 62
    assert RecordReadCount.objects.filter(record=record).count() == 1
