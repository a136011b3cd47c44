"""The audit log in /ops-admin/: the 审计管理员's alone (read, search, export), never anyone's to change.

Reading it is itself audited (8.1.5.4: the audit administrator's own actions are recorded):
each search or filter and each export leaves an entry.
"""

import csv
import json

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from gongkai.accounts.operators import AUDIT, OperatorAdminMixin, audit_admin
from gongkai.audit.models import AuditEntry

EXPORT_COLUMNS = [
    ("created_at", "时间"),
    ("actor_name", "操作人"),
    ("organization", "机关"),
    ("verb", "操作"),
    ("object_type", "对象类型"),
    ("object_id", "对象编号"),
    ("object_repr", "对象"),
    ("changes", "变更内容"),
    ("reason", "理由"),
    ("ip_address", "IP地址"),
]


def _cell(value) -> str:
    # A spreadsheet must show audit text as text, never run it as a formula.
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.action(description="导出所选审计日志（CSV）", permissions=["view"])
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly only with the BOM
    writer = csv.writer(response)
    writer.writerow([label for _, label in EXPORT_COLUMNS])
    count = 0
    for entry in queryset.select_related("organization").order_by("created_at", "id").iterator():
        writer.writerow([_cell(getattr(entry, name)) for name, _ in EXPORT_COLUMNS])
        count += 1
    audit_admin(request, verb="audit_log_exported", obj=None, changes={"entries": count})
    return response


@admin.register(AuditEntry)
class AuditEntryAdmin(OperatorAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "organization", "verb_shown", "object_repr", "ip_address"]
    list_filter = ["verb"]
    search_fields = ["object_repr", "actor_name"]
    actions = [export_csv]
    operator_view = AUDIT

    @admin.display(description="操作", ordering="verb")
    def verb_shown(self, entry):
        return entry.verb_label

    def changelist_view(self, request, extra_context=None):
        # Every query of the log (a search or a filter) is itself recorded; plain paging is not.
        query = {k: v for k, v in request.GET.items() if k not in {"p", "o"}}
        if query and request.method == "GET" and self.has_view_permission(request):
            audit_admin(request, verb="audit_log_searched", obj=None, changes={"query": query})
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
