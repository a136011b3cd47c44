"""网站迁移 in the workbench, for the 政务公开办: choose or upload a source, read the dry-run report,
review the column mapping and the review queue, run the import, undo a batch (issue 19).

Every batch is fetched through ``get_for_org``: another organ's batch is a 404, never a 403.
The import runs in the request for the sizes an upload allows; a whole county site goes through
``gongkai import-site`` on the server (same services, same batch, visible here).
"""

from __future__ import annotations

import shutil
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Column
from gongkai.core.scoping import get_for_org
from gongkai.migration import services
from gongkai.migration.models import ItemKind, MigrationBatch
from gongkai.workbench.views import staff_view

UPLOAD_LIMIT = 200 * 1024 * 1024  # a zipped mirror or WARC of a small site; larger ones via the command
UNZIPPED_LIMIT = 1024 * 1024 * 1024
ZIP_MEMBERS_LIMIT = 100_000
BAD_UPLOAD = (
    "请上传网站镜像的 .zip 压缩包、.warc/.warc.gz 文件，或含导出表（.csv/.xlsx）和文件的 .zip 压缩包。"
)
UNSAFE_ZIP = "压缩包不安全或过大（含绝对路径、“..”路径，或解压后超过限制），已拒绝。"


def sources_dir() -> Path:
    return Path(
        getattr(settings, "GONGKAI_MIGRATION_SOURCES_DIR", Path(settings.VAR_DIR) / "migration-sources")
    )


def _may(request) -> None:
    services.check_may_migrate(request.user, request.org)


def _available_sources() -> list[str]:
    """Mirrors, WARCs and exports the server's operator placed in the sources folder."""
    root = sources_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith("."))


def _unpack(upload) -> Path:
    """An uploaded source, stored under the sources folder (a zip is unpacked, with its limits)."""
    name = upload.name.lower()
    if upload.size > UPLOAD_LIMIT:
        raise ValidationError(BAD_UPLOAD)
    target = sources_dir() / f"upload-{uuid.uuid4().hex[:12]}"
    target.mkdir(parents=True)
    if name.endswith((".warc", ".warc.gz")):
        path = target / Path(upload.name).name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return path
    if not name.endswith(".zip"):
        shutil.rmtree(target)
        raise ValidationError(BAD_UPLOAD)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            unsafe = any(m.filename.startswith("/") or ".." in Path(m.filename).parts for m in members)
            if unsafe or total > UNZIPPED_LIMIT or len(members) > ZIP_MEMBERS_LIMIT:
                raise ValidationError(UNSAFE_ZIP)
            archive.extractall(target)
    except (zipfile.BadZipFile, ValidationError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise ValidationError(UNSAFE_ZIP if isinstance(exc, ValidationError) else BAD_UPLOAD) from exc
    tables = [p for p in target.rglob("*") if p.suffix.lower() in {".csv", ".xlsx"}]
    return tables[0] if len(tables) == 1 else target


@staff_view
def batch_list(request):
    _may(request)
    if request.method == "POST":
        try:
            if request.FILES.get("file"):
                path = _unpack(request.FILES["file"])
            else:
                chosen = request.POST.get("source", "")
                if chosen not in _available_sources():
                    raise ValidationError("请选择服务器上的来源，或上传文件。")
                path = sources_dir() / chosen
            batch = services.plan_batch(source_path=str(path), org=request.org, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("workbench:migration_list")
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("workbench:migration_list")
        messages.success(request, f"试运行完成：批次 #{batch.pk}。请核对栏目映射和待核条目后再导入。")
        return redirect("workbench:migration_detail", pk=batch.pk)
    context = {
        "batches": services.batches_for(request.org).order_by("-pk")[:50],
        "sources": _available_sources(),
    }
    return render(request, "migration/batch_list.html", context)


@staff_view
def batch_detail(request, pk):
    _may(request)
    batch = get_for_org(MigrationBatch, org=request.org, pk=pk)
    queue = Paginator(services.review_queue(batch).filter(kind=ItemKind.ARTICLE), 50)
    context = {
        "batch": batch,
        "report": batch.report,
        "mappings": batch.column_mappings.select_related("column"),
        "columns": Column.objects.for_org(request.org).order_by("position", "id"),
        "queue": queue.get_page(request.GET.get("page")),
        "can_run": batch.status in {"planned", "running", "interrupted"},
        "can_undo": batch.status != "undone",
    }
    return render(request, "migration/batch_detail.html", context)


@staff_view
@require_POST
def batch_mapping(request, pk):
    _may(request)
    batch = get_for_org(MigrationBatch, org=request.org, pk=pk)
    columns = {str(c.pk): c for c in Column.objects.for_org(request.org)}
    try:
        for mapping in batch.column_mappings.all():
            value = request.POST.get(f"map-{mapping.pk}")
            if value is None:
                continue
            if value and value not in columns:
                raise ValidationError(services.MAPPING_WRONG_ORG)
            column = columns.get(value) if value else None
            if column != mapping.column or not mapping.confirmed:
                services.set_column_mapping(
                    batch=batch, actor=request.user, source_column=mapping.source_column, column=column
                )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "栏目映射已保存。")
    return redirect("workbench:migration_detail", pk=batch.pk)


@staff_view
@require_POST
def batch_run(request, pk):
    _may(request)
    batch = get_for_org(MigrationBatch, org=request.org, pk=pk)
    try:
        batch = services.run_batch(batch=batch, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"批次 #{batch.pk} 已导入。")
    return redirect("workbench:migration_detail", pk=batch.pk)


@staff_view
@require_POST
def batch_undo(request, pk):
    _may(request)
    batch = get_for_org(MigrationBatch, org=request.org, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "撤销须勾选确认：批次导入的全部信息、附件和旧网址跳转将被删除。")
        return redirect("workbench:migration_detail", pk=batch.pk)
    try:
        services.undo_batch(batch=batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"批次 #{batch.pk} 已撤销。")
    return redirect("workbench:migration_detail", pk=batch.pk)
