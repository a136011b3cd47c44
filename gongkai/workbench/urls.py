from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai.catalog.views import workbench as catalogue_views
from gongkai.inspection import selfcheck_views
from gongkai.inspection import views as inspection_views
from gongkai.jobs import views as job_views
from gongkai.migration import workbench as migration_workbench
from gongkai.participation.questions import views_workbench as questions_workbench
from gongkai.powers.views import workbench as powers_workbench
from gongkai.search import workbench as search_workbench
from gongkai.workbench import (
    calendar,
    columns,
    duties,
    reports,
    requests,
    second_factor,
    topics,
    views,
    workplans,
)

app_name = "workbench"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="workbench:login"), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/setup/", second_factor.setup, name="otp_setup"),
    path("otp/verify/", second_factor.verify, name="otp_verify"),
    path("otp/recovery-codes/", second_factor.recovery_codes, name="otp_recovery_codes"),
    path("switch/", views.switch_organization, name="switch_organization"),
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/step/<slug:step>/", views.record_transition, name="record_transition"),
    path("records/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "records/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "records/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("records/<int:pk>/validity/", views.record_validity, name="record_validity"),
    path("review/", views.review_queue, name="review_queue"),
    path("checks/words/", inspection_views.wordlist, name="wordlist"),
    path("checks/words/<int:pk>/", inspection_views.wordlist, name="wordlist_edit"),
    path("checks/self/", selfcheck_views.self_inspection, name="self_inspection"),
    path("jobs/", job_views.job_list, name="job_list"),
    path("jobs/<slug:name>/run/", job_views.job_run_now, name="job_run_now"),
    path("jobs/<slug:name>/settings/", job_views.job_settings, name="job_settings"),
    path("checks/self/run/", selfcheck_views.run_self_inspection, name="self_inspection_run"),
    path(
        "checks/self/export/<slug:fmt>/",
        selfcheck_views.export_self_inspection,
        name="self_inspection_export",
    ),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_register, name="request_register"),
    path("requests/suggestions/", requests.proactive_suggestions, name="request_suggestions"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/step/<slug:step>/", requests.request_step, name="request_step"),
    path("requests/<int:pk>/letters/<slug:kind>/<slug:fmt>/", requests.request_letter, name="request_letter"),
    path("requests/<int:pk>/files/<int:file_id>/", requests.released_file, name="request_released_file"),
    path(
        "requests/<int:pk>/supplements/<int:supplement_id>/",
        requests.supplement_file,
        name="request_supplement_file",
    ),
    path("requests/templates/", requests.letter_templates, name="letter_templates"),
    path("requests/letter-settings/", requests.letter_settings, name="letter_settings"),
    path(
        "requests/<int:pk>/issued/<int:letter_id>/correct/",
        requests.correct_issued_letter,
        name="request_correct_letter",
    ),
    path(
        "requests/<int:pk>/issued/<int:letter_id>/<slug:fmt>/",
        requests.issued_letter,
        name="request_issued_letter",
    ),
    path("catalog/", views.catalog_settings, name="catalog_settings"),
    path("catalog/columns/", columns.column_list, name="column_list"),
    path("catalogue/", catalogue_views.catalogue, name="catalogue"),
    path("catalogue/coverage/", catalogue_views.coverage, name="catalogue_coverage"),
    path("catalogue/items/<int:pk>/", catalogue_views.item_edit, name="catalogue_item"),
    path("catalogue/versions/<int:pk>/", catalogue_views.version_detail, name="catalogue_version"),
    path("catalog/columns/<int:pk>/", columns.column_status, name="column_status"),
    path("powers/", powers_workbench.version_list, name="powers_versions"),
    path("powers/versions/<int:pk>/", powers_workbench.version_detail, name="powers_version"),
    path(
        "powers/versions/<int:pk>/step/<slug:step>/",
        powers_workbench.version_step,
        name="powers_version_step",
    ),
    path("powers/versions/<int:pk>/items/new/", powers_workbench.item_add, name="powers_item_add"),
    path("powers/items/<int:power_item>/", powers_workbench.item_edit, name="powers_item_edit"),
    path("organ/", powers_workbench.organ_profile_edit, name="organ_profile"),
    path("calendar/", calendar.calendar_view, name="calendar"),
    path("duties/", duties.duty_settings, name="duty_settings"),
    path("workplans/", workplans.plan_list, name="plan_list"),
    path("workplans/import/", workplans.plan_import, name="plan_import"),
    path("workplans/<int:pk>/", workplans.plan_detail, name="plan_detail"),
    path("workplans/<int:pk>/do/<slug:action>/", workplans.plan_action, name="plan_action"),
    path("workplans/<int:pk>/export/", workplans.plan_export, name="plan_export"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/step/<slug:step>/", reports.report_step, name="report_step"),
    path("reports/<int:pk>/file/<slug:fmt>/", reports.report_file, name="report_file"),
    path("search-statistics/", views.search_statistics, name="search_statistics"),
    path("search/abbreviations/", search_workbench.abbreviation_list, name="abbreviations"),
    path("consultations/", include("gongkai.participation.urls_consultations_workbench")),
    path("migration/", migration_workbench.batch_list, name="migration_list"),
    path("migration/<int:pk>/", migration_workbench.batch_detail, name="migration_detail"),
    path("migration/<int:pk>/mapping/", migration_workbench.batch_mapping, name="migration_mapping"),
    path("migration/<int:pk>/run/", migration_workbench.batch_run, name="migration_run"),
    path("migration/<int:pk>/undo/", migration_workbench.batch_undo, name="migration_undo"),
    # 政策咨询 (ADR 0037)
    path("questions/", questions_workbench.question_list, name="question_list"),
    path("questions/statistics/", questions_workbench.question_statistics, name="question_statistics"),
    path("questions/limits/", questions_workbench.question_limits, name="question_limits"),
    path("questions/<int:pk>/", questions_workbench.question_detail, name="question_detail"),
    path("questions/<int:pk>/do/<slug:verb>/", questions_workbench.question_action, name="question_action"),
    # 专题专栏 (ADR 0037)
    path("topics/", topics.topic_list, name="topic_list"),
    path("topics/<int:pk>/", topics.topic_edit, name="topic_edit"),
]
