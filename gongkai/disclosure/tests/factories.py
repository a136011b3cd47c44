"""Records for tests, real sample files for uploads, and ``advance`` to walk a record through the workflow."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from datetime import datetime

import factory

from gongkai.accounts.models import Role
from gongkai.catalog.models import Column
from gongkai.disclosure import services
from gongkai.disclosure.models import Genre, Record, Status
from gongkai.orgs.tests.factories import OrganizationFactory


def first_proactive_column(org) -> Column:
    return Column.objects.for_org(org).proactive().order_by("position", "id").first()


class RecordFactory(factory.django.DjangoModelFactory):
    """A row written straight to the table, with no workflow and no audit.

    Use ``draft_record`` to go through the services.
    """

    class Meta:
        model = Record

    organization = factory.SubFactory(OrganizationFactory)
    column = factory.LazyAttribute(lambda o: first_proactive_column(o.organization))
    title = factory.Faker("sentence", locale="zh_CN")
    summary = factory.Faker("paragraph", locale="zh_CN")
    body = factory.LazyAttribute(lambda o: f"<p>{o.summary}</p>")
    status = Status.DRAFT
    genre = Genre.NOTICE


def draft_record(org, *, editor, **fields) -> Record:
    """A draft created by ``editor`` through ``create_record`` (sanitised and audited)."""
    fields.setdefault("column", first_proactive_column(org))
    fields.setdefault("title", "关于做好2024年政务公开工作的通知")
    fields.setdefault("summary", "部署本年度政务公开重点工作。")
    fields.setdefault("body", "<p>各单位：现将有关事项通知如下。</p>")
    return services.create_record(org=org, actor=editor, **fields)


# The happy path and who takes each step of it.
FORWARD = [
    (Status.SUBMITTED, Role.EDITOR),
    (Status.CONFIDENTIALITY_PASSED, Role.CONFIDENTIALITY_REVIEWER),
    (Status.APPROVED, Role.REVIEWER),
    (Status.PUBLISHED, Role.HEAD),
    (Status.WITHDRAWN, Role.REVIEWER),
]
ORDER = [Status.DRAFT] + [status for status, _ in FORWARD]


def step(
    record: Record,
    target: str,
    *,
    actor,
    at: datetime | None = None,
    comment: str = "请补充政策依据。",
    reason: str = "内容已过时，依法撤回。",
    delay_reason: str = "测试补录：按原成文日期补充发布。",
) -> Record:
    """Take one workflow step towards ``target`` with the service that does it.

    Publishing states ``delay_reason``: tests date records years back, and 条例第二十六条 (checked in
    gongkai.inspection) asks why such a record is published more than 20 working days late.
    """
    if target == Status.SUBMITTED:
        return services.submit_record(record=record, actor=actor)
    if target == Status.CONFIDENTIALITY_PASSED:
        return services.pass_confidentiality_review(record=record, actor=actor)
    if target == Status.APPROVED:
        return services.approve_record(record=record, actor=actor)
    if target == Status.PUBLISHED:
        return services.publish_record(record=record, actor=actor, at=at, release_reason=delay_reason)
    if target == Status.WITHDRAWN:
        return services.withdraw_record(record=record, actor=actor, reason=reason)
    if target == Status.RETURNED:
        return services.return_record(record=record, actor=actor, comment=comment)
    raise ValueError(target)


def advance(
    record: Record, target: str, *, staff: Mapping[str, object], at: datetime | None = None
) -> Record:
    """Walk ``record`` from draft/returned to ``target`` using ``staff`` ({role: user} of its organ).

    ``returned`` is reached by submitting and having the 保密审查人 send it back.
    """
    if target == Status.RETURNED:
        record = advance(record, Status.SUBMITTED, staff=staff)
        return step(record, Status.RETURNED, actor=staff[Role.CONFIDENTIALITY_REVIEWER])
    current = Status.DRAFT if record.status == Status.RETURNED else record.status
    for status, role in FORWARD[ORDER.index(current) : ORDER.index(target)]:
        record = step(record, status, actor=staff[role], at=at)
    return record


# Real files of every allowed kind, built in memory.


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好2024年政务公开工作的通知")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "预算收入"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def ofd_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "OFD.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>',
        )
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return out.getvalue()


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def windows_exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 48
        + b"PE\x00\x00"
        + b"\x00" * 200
    )
