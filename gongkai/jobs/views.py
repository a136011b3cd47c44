"""后台任务 in the workbench: each job's schedule, last run, duration, result and failures (ADR 0044).

Every 政务公开办管理员 may look; the 政务公开办 of a top-level government (and the superuser) may run
a job now, change its schedule or switch it off — each change audited.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.jobs import runner, schedules
from gongkai.jobs.models import Job, JobRun, RunStatus
from gongkai.workbench.views import _roles, staff_view

VIEW_ROLES = {Role.COMPETENT_ADMIN}
FAILURE_WINDOW_DAYS = 30


def _may_view(request) -> bool:
    return request.user.is_superuser or bool(_roles(request) & VIEW_ROLES)


def _may_manage(request) -> bool:
    return request.user.is_superuser or (Role.COMPETENT_ADMIN in _roles(request) and request.org.is_root())


def _job(name: str) -> Job:
    job = Job.objects.filter(name=name).first()
    if job is None:
        raise Http404("没有这个后台任务。")
    return job


@staff_view
def job_list(request):
    if not _may_view(request):
        raise PermissionDenied("只有政务公开办管理员可以查看后台任务。")
    since = timezone.now() - timedelta(days=FAILURE_WINDOW_DAYS)
    listed = Job.objects.annotate(
        failures=Count(
            "runs",
            filter=Q(runs__status__in=[RunStatus.FAILED, RunStatus.INTERRUPTED], runs__started_at__gte=since),
        )
    )
    jobs = list(listed)
    if not runner.in_step(jobs):  # a new install, or code whose job list changed: sync, read again
        runner.sync_registry()
        jobs = list(listed.all())
    for job in jobs:
        job.last_run = job.runs.first()
        job.schedule_text = schedules.describe(job.schedule)
    runs = JobRun.objects.select_related("job")[:50]
    return render(
        request,
        "jobs/job_list.html",
        {"jobs": jobs, "runs": runs, "may_manage": _may_manage(request), "window": FAILURE_WINDOW_DAYS},
    )


@staff_view
@require_POST
def job_run_now(request, name):
    if not _may_manage(request):
        raise PermissionDenied("只有本级政府的政务公开办管理员可以立即运行后台任务。")
    job = _job(name)
    with transaction.atomic():
        runner.run_now(job)
        record_event(actor=request.user, verb="job_run_requested", obj=job, organization=request.org)
    messages.success(request, f"已请求立即运行“{job.title}”，后台任务进程将在数秒内开始。")
    return redirect("workbench:job_list")


@staff_view
@require_POST
def job_settings(request, name):
    if not _may_manage(request):
        raise PermissionDenied("只有本级政府的政务公开办管理员可以修改后台任务的执行计划。")
    job = _job(name)
    schedule = request.POST.get("schedule", "")
    enabled = request.POST.get("enabled") == "on"
    try:
        schedule = schedules.validate(schedule)
    except schedules.ScheduleError as error:
        messages.error(request, str(error))
        return redirect("workbench:job_list")
    before = {"schedule": job.schedule, "enabled": job.enabled}
    after = {"schedule": schedule, "enabled": enabled}
    if before == after:
        return redirect("workbench:job_list")
    now = timezone.now()
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(
            schedule=schedule,
            enabled=enabled,
            next_run_at=schedules.next_after(schedule, now) if enabled else None,
        )
        record_event(
            actor=request.user,
            verb="job_settings_changed",
            obj=job,
            organization=request.org,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    messages.success(
        request,
        f"已保存“{job.title}”的执行计划：{schedules.describe(schedule)}{'' if enabled else '（已停用）'}。",
    )
    return redirect("workbench:job_list")
