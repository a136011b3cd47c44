"""后台任务 in the workbench: who sees it, who may run and reschedule, and that it is audited."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from gongkai.audit.models import AuditEntry
from gongkai.jobs import runner
from gongkai.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_the_competent_office_sees_each_jobs_last_run_and_failures(client, two_orgs):
    runner.sync_registry()
    call = runner.run_now(Job.objects.get(name="workplan-reminders"))
    assert call is None
    runner.tick("node-a")
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    page = client.get("/workbench/jobs/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "工作要点台账提醒" in body
    assert "成功" in body
    assert "每天2:00" in body
    assert "立即运行" in body  # a top-level government's 政务公开办


def test_other_roles_may_not_see_it_and_a_department_may_not_run(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.EDITOR))
    assert client.get("/workbench/jobs/").status_code == 403
    client.force_login(two_orgs.staff(two_orgs.dept_a1, Role.COMPETENT_ADMIN))
    page = client.get("/workbench/jobs/")
    assert page.status_code == 200
    assert "立即运行" not in page.content.decode()
    assert client.post("/workbench/jobs/backup/run/").status_code == 403


def test_run_now_and_a_new_schedule_are_audited_and_a_bad_schedule_is_refused(client, two_orgs):
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    client.get("/workbench/jobs/")
    assert client.post("/workbench/jobs/backup/run/").status_code == 302
    assert Job.objects.get(name="backup").manual_requested
    page = client.post(
        "/workbench/jobs/backup/settings/", {"schedule": "every night", "enabled": "on"}, follow=True
    )
    assert "无法识别的执行计划" in page.content.decode()
    assert Job.objects.get(name="backup").schedule == "0 3 * * *"
    client.post("/workbench/jobs/backup/settings/", {"schedule": "15 4 * * *"})
    backup = Job.objects.get(name="backup")
    assert (backup.schedule, backup.enabled, backup.next_run_at) == ("15 4 * * *", False, None)
    verbs = list(
        AuditEntry.objects.filter(object_type="jobs.job").order_by("pk").values_list("verb", flat=True)
    )
    assert verbs == ["job_run_requested", "job_settings_changed"]
    assert client.post("/workbench/jobs/nonesuch/run/").status_code == 404


def test_the_page_syncs_only_when_the_stored_jobs_differ_from_the_code(client, two_orgs, monkeypatch):
    import warnings

    from treebeard.deprecation import RemovedInTreebeard8Warning

    calls = []
    real_sync = runner.sync_registry
    monkeypatch.setattr(runner, "sync_registry", lambda now=None: calls.append(now) or real_sync(now))
    client.force_login(two_orgs.staff(two_orgs.gov_a, Role.COMPETENT_ADMIN))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RemovedInTreebeard8Warning)  # no deprecated tree call on the page
        first = client.get("/workbench/jobs/")
        assert "立即运行" in first.content.decode()  # gov_a is a top-level government
    assert len(calls) == 1  # a fresh table: synced, and the jobs are listed
    assert "数据备份" in first.content.decode()
    for _ in range(3):
        assert client.get("/workbench/jobs/").status_code == 200
    assert len(calls) == 1  # nothing changed: no sync per view
    Job.objects.filter(name="backup").delete()
    assert "数据备份" in client.get("/workbench/jobs/").content.decode()
    assert len(calls) == 2
