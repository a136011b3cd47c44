"""意见征集 in the workbench: open one, moderate and theme the comments, close / extend / reopen,
decide adoption, write and publish the 采纳情况反馈, export every comment as .xlsx.

Every object is fetched through the organ-scoped lookup: another organ's consultation is a 404.
A refused form comes back bound, so what was typed stays.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.participation import selectors_consultations as selectors
from gongkai.participation import services_consultations as services
from gongkai.participation.forms_consultations import (
    AdoptionForm,
    CommentThemeForm,
    ConsultationForm,
    FeedbackForm,
    ModerateForm,
    PeriodForm,
    ThemeForm,
)
from gongkai.participation.models import CommentStatus
from gongkai.workbench.views import staff_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _flash(request, exc) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


@staff_view
def consultation_list(request):
    return render(
        request,
        "participation/consultation_wb_list.html",
        {"consultations": selectors.consultations_in_workbench(org=request.org)},
    )


@staff_view
def consultation_create(request):
    form = ConsultationForm(request.POST or None, request.FILES or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("draft_file")
        try:
            consultation = services.open_consultation(
                org=request.org,
                actor=request.user,
                title=data["title"],
                description=data["description"],
                is_major_decision=data["is_major_decision"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                shortened_reason=data["shortened_reason"],
                contact=data["contact"],
                channels=data["channels"],
                channel_details=data["channel_details"],
                allow_anonymous=data["allow_anonymous"],
                source_record=data.get("source_record"),
                draft_text=data.get("draft_text", ""),
                file_name=upload.name if upload else "",
                file_data=upload.read() if upload else None,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "意见征集已发起。")
            return redirect("workbench:consultation_detail", pk=consultation.pk)
    return render(request, "participation/consultation_wb_form.html", {"form": form})


def _detail(request, consultation, **forms):
    status = request.GET.get("status", "")
    theme = request.GET.get("theme", "")
    groups = list(
        selectors.staff_groups(consultation, status=status, theme=theme).prefetch_related("duplicates")
    )
    for group in groups:
        group.theme_form = CommentThemeForm(consultation=consultation, initial={"theme": group.theme_id})
        group.adoption_form = AdoptionForm(
            initial={"adoption": group.adoption, "adoption_reason": group.adoption_reason}
        )
    context = {
        "consultation": consultation,
        "paragraph_count": consultation.paragraphs.count(),
        "groups": groups,
        "status": status,
        "theme": theme,
        "statuses": CommentStatus.choices,
        "themes": consultation.themes.all(),
        "figures": selectors.feedback_figures(consultation),
        "problems": services.feedback_problems(consultation),
        "period_form": forms.get("period_form") or PeriodForm(),
        "theme_form": forms.get("theme_form") or ThemeForm(),
        "moderate_form": ModerateForm(),
        "feedback_form": forms.get("feedback_form")
        or FeedbackForm(
            org=request.org,
            initial={"summary": consultation.feedback_summary, "final_record": consultation.final_record_id},
        ),
    }
    return render(request, "participation/consultation_wb_detail.html", context)


@staff_view
def consultation_detail(request, pk):
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    return _detail(request, consultation)


@require_POST
@staff_view
def consultation_period(request, pk):
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    form = PeriodForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_period(
                consultation=consultation,
                actor=request.user,
                action=data["action"],
                reason=data["reason"],
                new_end=data.get("new_end"),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已{services.PERIOD_ACTIONS[data['action']]}。")
            return redirect("workbench:consultation_detail", pk=consultation.pk)
    return _detail(request, consultation, period_form=form)


@require_POST
@staff_view
def consultation_theme_add(request, pk):
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            services.add_theme(consultation=consultation, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "主题已添加。")
            return redirect("workbench:consultation_detail", pk=consultation.pk)
    return _detail(request, consultation, theme_form=form)


@require_POST
@staff_view
def consultation_comment(request, pk, comment_id):
    """One group's moderation (op=moderate), a held comment's review (op=review), theme
    (op=theme) or adoption decision (op=adopt)."""
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    comment = selectors.comment_for_staff(consultation=consultation, pk=comment_id)
    op = request.POST.get("op", "")
    back = reverse("workbench:consultation_detail", kwargs={"pk": consultation.pk}) + f"#c{comment.pk}"
    try:
        if op == "moderate":
            form = ModerateForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择审核结果。")
            services.moderate_comment(
                comment=comment,
                actor=request.user,
                publish=form.cleaned_data["action"] == "publish",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "审核结果已保存。")
        elif op == "review":
            decision = request.POST.get("decision", "")
            if decision not in ("release", "hide"):
                raise ValidationError("请选择“放行”或“不予公开”。")
            services.review_held_comment(
                comment=comment,
                actor=request.user,
                release=decision == "release",
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "已放行，进入审核。" if decision == "release" else "已不予公开。")
        elif op == "theme":
            form = CommentThemeForm(request.POST, consultation=consultation)
            if not form.is_valid():
                raise ValidationError("所选主题不存在。")
            services.set_theme(comment=comment, actor=request.user, theme=form.cleaned_data["theme"])
            messages.success(request, "主题已保存。")
        elif op == "adopt":
            form = AdoptionForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请选择采纳情况。")
            services.decide_adoption(
                comment=comment,
                actor=request.user,
                adoption=form.cleaned_data["adoption"],
                reason=form.cleaned_data["adoption_reason"],
            )
            messages.success(request, "采纳情况已保存。")
        else:
            messages.error(request, "未知的操作。")
    except (ValidationError, PermissionDenied) as exc:
        _flash(request, exc)
    return redirect(back)


@require_POST
@staff_view
def consultation_feedback(request, pk):
    """Save the 采纳情况说明 and the final policy (action=save), or publish the feedback (action=publish)."""
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    form = FeedbackForm(request.POST, org=request.org)
    if form.is_valid():
        try:
            consultation = services.save_feedback(
                consultation=consultation,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                final_record=form.cleaned_data.get("final_record"),
            )
            if request.POST.get("action") == "publish":
                services.publish_feedback(consultation=consultation, actor=request.user)
                messages.success(request, "采纳情况反馈已发布。")
            else:
                messages.success(request, "采纳情况说明已保存。")
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(
                reverse("workbench:consultation_detail", kwargs={"pk": consultation.pk}) + "#feedback"
            )
    consultation.refresh_from_db()
    return _detail(request, consultation, feedback_form=form)


@staff_view
def consultation_export(request, pk):
    consultation = selectors.consultation_for_staff(org=request.org, pk=pk)
    try:
        services.export_logged(consultation=consultation, actor=request.user)
    except PermissionDenied as exc:
        _flash(request, exc)
        return redirect("workbench:consultation_detail", pk=consultation.pk)
    response = HttpResponse(selectors.comments_xlsx(consultation), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-comments.xlsx"'
    return response
