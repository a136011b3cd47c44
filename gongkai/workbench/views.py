"""Staff shell: login, organ switcher, 待办 dashboard, and the record editor and review queue."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import strip_tags
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.audit.display import field_label, readable_value
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record_event
from gongkai.catalog.forms import ColumnForm, ContactForm, GuideForm
from gongkai.catalog.models import Column, Guide
from gongkai.catalog.services import create_column, update_guide
from gongkai.core import malware
from gongkai.core.ratelimit import allow, client_ip, exceeded
from gongkai.core.scoping import get_for_org
from gongkai.core.uploads import check_size
from gongkai.disclosure import selectors, services
from gongkai.disclosure.checks import prepublication_issues
from gongkai.disclosure.duties import actionable_by
from gongkai.disclosure.duties import conflict as record_step_conflict
from gongkai.disclosure.duties import participants as duty_participants
from gongkai.disclosure.forms import (
    AttachmentForm,
    CommentForm,
    PublishForm,
    ReasonForm,
    RecordForm,
    ValidityForm,
)
from gongkai.disclosure.models import EDITABLE_STATUSES, TRANSITIONS, Attachment, Record, Status
from gongkai.disclosure.texts import ensure_texts
from gongkai.inspection import selectors as inspection_selectors
from gongkai.inspection import services as inspection_services
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import subtree, visible_to
from gongkai.textproc.html import sanitize_html
from gongkai.workbench.forms import LoginForm
from gongkai.workbench.middleware import SESSION_KEY
from gongkai.workbench.paging import KeysFirstPaginator, bounded_count
from gongkai.workdays.selectors import year_to_load
from gongkai.workdays.services import may_edit as calendar_keeper

# What waits for whom: the queue a role works through.
SEARCH_STATISTICS_ROLES = {Role.COMPETENT_ADMIN, Role.HEAD}
QUEUE_FOR_ROLE = {
    Role.CONFIDENTIALITY_REVIEWER: Status.SUBMITTED,
    Role.REVIEWER: Status.CONFIDENTIALITY_PASSED,
    Role.HEAD: Status.APPROVED,
}


ADDRESS_THROTTLED = "本地址登录失败次数过多，请稍后再试。如需帮助，请联系本机关政务公开办管理员。"


class LoginView(auth_views.LoginView):
    """Besides django-axes' lock of (account, address): an address that keeps failing, whatever
    accounts it tries (password spraying), is throttled for GONGKAI_LOGIN_ADDRESS_WINDOW."""

    template_name = "workbench/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def _address_limit(self) -> dict:
        return {
            "limit": settings.GONGKAI_LOGIN_ADDRESS_FAILURE_LIMIT,
            "window": settings.GONGKAI_LOGIN_ADDRESS_WINDOW,
        }

    def post(self, request, *args, **kwargs):
        address = client_ip(request) or "unknown"
        if exceeded("login-failed", address, **self._address_limit()):
            # Unbound: a bound form would try the password (and count it) while validating.
            form = self.authentication_form(request, initial={"username": request.POST.get("username", "")})
            form.cleaned_data = {}
            form.add_error(None, ADDRESS_THROTTLED)
            record_event(
                actor=None,
                verb="login_failed",
                changes={"username": request.POST.get("username", "")[:150]},
                reason=ADDRESS_THROTTLED,
                ip_address=address,
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        allow("login-failed", client_ip(self.request) or "unknown", **self._address_limit())
        return super().form_invalid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "workbench/password_change.html"
    success_url = reverse_lazy("workbench:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.user.must_change_password = False
        self.request.user.save(update_fields=["must_change_password"])
        # 等保 2.0 8.1.4.3 a): password changes are security events; the password itself never is.
        record_event(
            actor=self.request.user,
            verb="password_changed",
            obj=self.request.user,
            ip_address=client_ip(self.request),
        )
        messages.success(self.request, "密码已修改。")
        return response


def staff_view(view):
    """Login required, and the user must be working in an organ."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.org:  # a SimpleLazyObject wrapping None is never "is None"
            raise PermissionDenied("您的账号尚未分配到任何机关，请联系政务公开办管理员。")
        return view(request, *args, **kwargs)

    return wrapper


# What workbench/_record_table.html shows of a record: the rows of the lists and the dashboard read
# only these columns (a record's body and summary are the bulk of its row), ADR 0057.
TABLE_FIELDS = ("id", "title", "status", "updated_at", "column__name")


def for_table(records):
    return records.select_related(None).select_related("column").only(*TABLE_FIELDS)


def _roles(request) -> set[str]:
    if request.user.is_superuser:
        return set(Role.values)
    return request.user.roles_in(request.org)


def _get_record(request, pk) -> Record:
    return get_for_org(
        Record.objects.select_related("organization", "column", "policy"), org=request.org, pk=pk
    )


@staff_view
def dashboard(request):
    org, roles = request.org, _roles(request)
    records = selectors.records_in_workbench(org=org)
    queues = []
    if Role.EDITOR in roles:
        queues.append(("我的草稿", records.filter(status=Status.DRAFT, created_by=request.user)))
        queues.append(("退回修改", records.filter(status=Status.RETURNED)))
    mine_to_take = actionable_by(records, request.user, org)
    for role, status in QUEUE_FOR_ROLE.items():
        if role in roles:
            queues.append((f"待我处理：{Status(status).label}", mine_to_take.filter(status=status)))
    if Role.REVIEWER in roles and Role.HEAD not in roles:
        queues.append((f"待发布：{Status.APPROVED.label}", mine_to_take.filter(status=Status.APPROVED)))
    if roles & {Role.EDITOR, Role.REVIEWER, Role.HEAD}:
        # 三同步 (issue 13): a policy whose 解读 is still missing is a task until one is drafted.
        queues.append(("待补政策解读（三同步）", inspection_selectors.missing_interpretations(records)))
    queues = [(title, list(for_table(qs)[:10]), *bounded_count(qs)) for title, qs in queues]
    role_labels = [Role(r).label for r in Role.values if r in roles]
    from gongkai.participation.questions.selectors import held_questions, questions_needing_attention

    questions = questions_needing_attention(org=org)
    return render(
        request,
        "workbench/dashboard.html",
        {
            "queues": queues,
            "role_labels": role_labels,
            "recent": for_table(records)[:10],
            # The calendar's keeper is reminded to load next year's State Council notice from November.
            "year_to_load": year_to_load() if calendar_keeper(request.user) else None,
            "office_links": Role.COMPETENT_ADMIN in roles and org.is_government,
            "questions": questions,
            "held_questions": list(held_questions(org=org)[:20]),
        },
    )


@require_POST
@staff_view
def switch_organization(request):
    try:
        org = visible_to(request.user).get(pk=int(request.POST.get("organization", "")))
    except (ValueError, Exception) as exc:
        raise Http404("机关不存在") from exc
    request.session[SESSION_KEY] = org.pk
    messages.info(request, f"已切换到：{org.name}")
    return redirect("workbench:dashboard")


@staff_view
def record_list(request):
    status = request.GET.get("status", "")
    if status and status not in Status.values:
        status = ""
    records = for_table(selectors.records_in_workbench(org=request.org, status=status))
    page = KeysFirstPaginator(records, 30).get_page(request.GET.get("page"))
    return render(
        request, "workbench/record_list.html", {"page": page, "status": status, "statuses": Status.choices}
    )


@staff_view
def review_queue(request):
    statuses = [status for role, status in QUEUE_FOR_ROLE.items() if role in _roles(request)]
    if Role.REVIEWER in _roles(request):
        statuses.append(Status.APPROVED)
    records = selectors.records_in_workbench(org=request.org).filter(status__in=statuses)
    records = actionable_by(records, request.user, request.org)
    # Pages of 30 like the record list: a busy organ's queue holds thousands (ADR 0046).
    page = KeysFirstPaginator(for_table(records), 30).get_page(request.GET.get("page"))
    return render(request, "workbench/review_queue.html", {"page": page})


def _apply_form(request, form, *, record=None):
    """Run the create/update service; map rule errors back onto the form so nothing typed is lost."""
    data = {k: v for k, v in form.cleaned_data.items()}
    try:
        if record is None:
            return services.create_record(org=request.org, actor=request.user, **data)
        return services.update_record(record=record, actor=request.user, **data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


@staff_view
def record_create(request):
    # ?title= pre-fills the draft (from a 第四十四条 suggestion in 依申请公开).
    initial = {"title": request.GET.get("title", "")[:200]}
    form = RecordForm(request.POST or None, org=request.org, initial=initial)
    if "preview" in request.POST:
        return _preview(request, form, record=None)
    if request.method == "POST" and form.is_valid():
        record = _apply_form(request, form)
        if record is not None:
            messages.success(request, "草稿已保存。")
            return redirect("workbench:record_detail", pk=record.pk)
    return render(request, "workbench/record_form.html", {"form": form, "record": None})


@staff_view
def record_edit(request, pk):
    record = _get_record(request, pk)
    # Bind POST data to a detached copy: the service re-reads and locks the row itself.
    form = RecordForm(request.POST or None, instance=Record.objects.get(pk=record.pk), org=request.org)
    if "preview" in request.POST:
        return _preview(request, form, record=record)
    if request.method == "POST" and form.is_valid():
        saved = _apply_form(request, form, record=record)
        if saved is not None:
            messages.success(request, "已保存。")
            return redirect("workbench:record_detail", pk=record.pk)
    return render(request, "workbench/record_form.html", {"form": form, "record": record})


def _preview(request, form, *, record):
    """The body as the public page will show it (same cleaning, same fragment); nothing is saved.
    The form comes back with what was typed, and its errors if any."""
    form.is_valid()
    body = form.cleaned_data.get("body") if hasattr(form, "cleaned_data") else None
    preview = sanitize_html(body) if body is not None else None
    return render(
        request,
        "workbench/record_form.html",
        {"form": form, "record": record, "preview": preview, "preview_title": form.data.get("title", "")},
    )


# The workbench's step names and the status each one moves a record to.
STEP_TARGETS = {
    "submit": Status.SUBMITTED,
    "pass": Status.CONFIDENTIALITY_PASSED,
    "approve": Status.APPROVED,
    "publish": Status.PUBLISHED,
    "withdraw": Status.WITHDRAWN,
    "return": Status.RETURNED,
}


def _offered_steps(record: Record, roles: set[str], user=None, notes: list[str] | None = None) -> set[str]:
    """The workflow forms to show this person: allowed from the record's status, held by one of
    their roles in this organ, and not barred by what they already did to this record (the drafter
    is not offered clearing, approving or publishing it; the 保密审查人 not approving what they
    cleared), unless the organ allows a single officer. An overseeing 政务公开办 sees a
    subordinate's records read-only. (The services check again; this only keeps buttons that
    would be refused off the page.)"""
    offered = set()
    people = duty_participants(record) if user is not None else None
    for step, target in STEP_TARGETS.items():
        if target not in TRANSITIONS.get(record.status, set()):
            continue
        needed = (
            services.RETURN_ROLES.get(record.status, set())
            if step == "return"
            else services.STEP_ROLES[target]
        )
        if not roles & needed:
            continue
        barred = people is not None and record_step_conflict(record, target, user, people)
        if not barred or barred.waived:
            offered.add(step)
        if barred and notes is not None:
            notes.append(
                f"{barred.message[:-1]}；本机关允许一人兼任，此操作将在审计日志中标注。"
                if barred.waived
                else barred.message
            )
    if record.status in EDITABLE_STATUSES and Role.EDITOR in roles:
        offered |= {"edit", "attach"}
    if record.status == Status.PUBLISHED and record.has_validity and roles & {Role.REVIEWER, Role.HEAD}:
        offered.add("validity")
    return offered


@staff_view
def record_detail(request, pk):
    return _render_detail(request, _get_record(request, pk))


def _render_detail(request, record: Record, *, validity_form: ValidityForm | None = None):
    """The record page; a refused form is passed back bound, so what was typed stays."""
    roles = _roles(request)
    duty_notes: list[str] = []
    steps = _offered_steps(record, roles, request.user, duty_notes)
    history = AuditEntry.objects.filter(object_type="disclosure.record", object_id=str(record.pk))
    last_return = history.filter(verb="record_returned").first()
    history = [(entry, _readable_changes(entry.changes, record.organization)) for entry in history]
    return render(
        request,
        "workbench/record_detail.html",
        {
            "record": record,
            "roles": roles,
            "steps": steps,
            "duty_notes": duty_notes,
            "history": history,
            "last_return": last_return,
            "attachment_form": AttachmentForm(),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "publish_form": PublishForm(),
            "validity_form": validity_form or ValidityForm(org=request.org),
            "statuses": Status,
            # Shown to the 保密审查人 before clearing; computed only at that step (it reads attachments).
            "issues": _issues_for_review(record) if "pass" in steps else [],
            # The pre-publication checks (issue 13), shown in place while the record can still change.
            "check_findings": inspection_services.check_record(record)
            if record.status not in (Status.PUBLISHED, Status.WITHDRAWN)
            else [],
            "scanner": malware.describe(malware.engine_version()) if "attach" in steps else "",
        },
    )


def _issues_for_review(record: Record):
    # Texts are extracted (bounded) before the checks read them; this view holds no transaction.
    ensure_texts(record)
    return prepublication_issues(record)


# Keys of record audit entries that are not Record fields.
CHANGE_LABELS = {
    "findings": "检查发现",
    "file": "文件",
    "sha256": "SHA-256",
    "scan": "病毒扫描",
    "text": "文本提取",
    # The tamper seal's entry (disclosure.integrity, ADR 0032).
    "cause": "留存原因",
    "algorithm": "哈希算法",
    "page_sha256": "页面哈希",
    "page_chars": "页面字符数",
    "attachments": "附件哈希",
}


def _shorten(text: str, limit: int = 60) -> str:
    text = strip_tags(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _readable_changes(changes: dict, organization=None) -> list[tuple[str, str]]:
    """An audit entry's changes as (字段, 旧值 → 新值) lines a reviewer can read: labels for codes,
    names for related objects, local time for timestamps."""

    def shown(name, value, limit=60):
        return _shorten(readable_value(Record, name, value, organization=organization), limit)

    lines = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            text = f"{shown(name, value[0])} → {shown(name, value[1])}"
        elif isinstance(value, list):
            text = "；".join(shown(name, v, 120) for v in value)
        else:
            text = shown(name, value)
        lines.append((field_label(Record, name, CHANGE_LABELS), text))
    return lines


@staff_view
def attachment_download(request, pk, attachment_id):
    """Staff of the organ read an attachment at any stage, e.g. before clearing it."""
    record = _get_record(request, pk)
    try:
        item = record.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist as exc:
        raise Http404("附件不存在") from exc
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _run_step(request, record, action):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "没有权限执行此操作。")
    else:
        return True
    return False


@require_POST
@staff_view
def record_transition(request, pk, step):
    record = _get_record(request, pk)
    user = request.user
    comment = request.POST.get("comment", "")
    steps = {
        "submit": (
            lambda: services.submit_record(
                record=record, actor=user, release_reason=request.POST.get("release_reason", "")
            ),
            "已提交保密审查。",
        ),
        "pass": (
            lambda: services.pass_confidentiality_review(
                record=record,
                actor=user,
                note=comment,
                override_reason=request.POST.get("override_reason", ""),
            ),
            "保密审查已通过。",
        ),
        "approve": (lambda: services.approve_record(record=record, actor=user, note=comment), "已审核通过。"),
        "return": (
            lambda: services.return_record(record=record, actor=user, comment=comment),
            "已退回修改。",
        ),
        "withdraw": (
            lambda: services.withdraw_record(
                record=record, actor=user, reason=request.POST.get("reason", "")
            ),
            "已撤回。",
        ),
    }
    if step == "publish":
        form = PublishForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(form.errors["publish_at"]))
            return redirect("workbench:record_detail", pk=record.pk)
        at = form.cleaned_data["publish_at"]
        steps["publish"] = (
            lambda: services.publish_record(
                record=record, actor=user, at=at, release_reason=request.POST.get("release_reason", "")
            ),
            f"已定时于{at:%Y-%m-%d %H:%M}发布。" if at else "已发布。",
        )
    if step not in steps:
        raise Http404("未知操作")
    action, done = steps[step]
    if _run_step(request, record, action):
        messages.success(request, done)
    return redirect("workbench:record_detail", pk=record.pk)


@require_POST
@staff_view
def attachment_upload(request, pk):
    record = _get_record(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        upload = form.cleaned_data["file"]

        def attach():
            check_size(upload.name, upload.size)
            return services.add_attachment(
                record=record, actor=request.user, name=upload.name, data=upload.read()
            )

        if _run_step(request, record, attach):
            messages.success(request, f"已上传附件“{upload.name}”。")
    return redirect("workbench:record_detail", pk=record.pk)


@require_POST
@staff_view
def attachment_delete(request, pk, attachment_id):
    record = _get_record(request, pk)
    try:
        attachment = record.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist as exc:
        raise Http404("附件不存在") from exc
    if _run_step(
        request, record, lambda: services.remove_attachment(attachment=attachment, actor=request.user)
    ):
        messages.success(request, "附件已删除。")
    return redirect("workbench:record_detail", pk=record.pk)


@require_POST
@staff_view
def record_validity(request, pk):
    record = _get_record(request, pk)
    form = ValidityForm(request.POST, org=request.org)
    if form.is_valid():
        try:
            services.change_validity(record=record, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("workbench:record_detail", pk=record.pk)
        else:
            messages.success(request, "有效性已更新。")
            return redirect("workbench:record_detail", pk=record.pk)
    return _render_detail(request, record, validity_form=form)


def public_url(record: Record) -> str:
    return reverse("portal:record", kwargs={"org": record.organization.slug, "key": record.public_key})


def _form_service(form, action) -> bool:
    """Run a service for a bound form; a refusal becomes a form error and the typed values stay."""
    try:
        action()
    except ValidationError as exc:
        form.add_error(None, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    else:
        return True
    return False


@staff_view
def catalog_settings(request):
    """The organ's columns (with the form to add a sub-column) and its 指南 with contact data."""
    org = request.org
    guide, _ = Guide.objects.get_or_create(organization=org)
    column_form = ColumnForm(org=org, prefix="column")
    guide_form = GuideForm(instance=guide, prefix="guide")
    contact_form = ContactForm(instance=org, prefix="contact")
    if request.method == "POST":
        if "add_column" in request.POST:
            column_form = ColumnForm(request.POST, org=org, prefix="column")
            data = column_form.cleaned_data if column_form.is_valid() else None
            if data and _form_service(
                column_form,
                lambda: create_column(
                    org=org, parent=data["parent"], name=data["name"], slug=data["slug"], actor=request.user
                ),
            ):
                messages.success(request, f"已新增栏目“{data['name']}”。")
                return redirect("workbench:catalog_settings")
        else:
            guide_form = GuideForm(request.POST, instance=Guide.objects.get(pk=guide.pk), prefix="guide")
            contact_form = ContactForm(
                request.POST, instance=Organization.objects.get(pk=org.pk), prefix="contact"
            )
            valid = guide_form.is_valid() and contact_form.is_valid()
            if valid and _form_service(
                guide_form,
                lambda: update_guide(
                    org=org,
                    actor=request.user,
                    guide_data=guide_form.cleaned_data,
                    contact_data=contact_form.cleaned_data,
                ),
            ):
                messages.success(request, "指南已更新。")
                return redirect("workbench:catalog_settings")
    return render(
        request,
        "workbench/catalog_settings.html",
        {
            "columns": Column.objects.for_org(org).select_related("parent"),
            "column_form": column_form,
            "guide_form": guide_form,
            "contact_form": contact_form,
        },
    )


@staff_view
def search_statistics(request):
    """What the public searched for, and what they did not find (政务公开办 and 负责人)."""
    from gongkai.search.selectors import query_statistics

    roles = _roles(request)
    if not roles & SEARCH_STATISTICS_ROLES:
        raise PermissionDenied("查看检索统计需要政务公开办管理员或负责人角色。")
    org_ids = list(subtree(request.org).values_list("pk", flat=True))
    days = 30 if request.GET.get("days") not in {"7", "90", "365"} else int(request.GET["days"])
    # Site-wide searches are counted unless asked to leave them out (?sitewide=0).
    sitewide = request.GET.get("sitewide") != "0"
    stats = query_statistics(org_ids=org_ids, days=days, sitewide=sitewide)
    return render(
        request, "workbench/search_statistics.html", {"stats": stats, "days": days, "sitewide": sitewide}
    )
