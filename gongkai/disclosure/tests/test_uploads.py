import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.uploads import check_upload, sniff
from gongkai.disclosure.tests.factories import (
    docx_bytes,
    elf_bytes,
    ofd_bytes,
    pdf_bytes,
    png_bytes,
    windows_exe_bytes,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("name", "make", "extension", "content_type"),
    [
        ("2024年工作要点.pdf", pdf_bytes, "pdf", "application/pdf"),
        (
            "通知.docx",
            docx_bytes,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "预算表.xlsx",
            xlsx_bytes,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("现场照片.png", png_bytes, "png", "image/png"),
        ("电子公文.ofd", ofd_bytes, "ofd", "application/ofd"),
        ("大写扩展名.PDF", pdf_bytes, "pdf", "application/pdf"),
    ],
)
def test_real_files_of_allowed_kinds_are_accepted(name, make, extension, content_type):
    data = make()
    checked = check_upload(name, data)
    assert checked.kind.extension == extension
    assert checked.kind.content_type == content_type
    assert len(checked.sha256) == 64


def test_plain_utf8_text_is_accepted_as_txt():
    assert check_upload("说明.txt", "政府信息公开指南".encode()).kind.extension == "txt"


@pytest.mark.parametrize("make", [elf_bytes, windows_exe_bytes], ids=["elf", "mz"])
def test_executable_renamed_pdf_is_refused_with_chinese_message(make):
    with pytest.raises(ValidationError) as info:
        check_upload("通知.pdf", make())
    error = info.value.error_list[0]
    assert error.code == "bad_type"
    assert "内容不是允许的类型" in error.message
    assert "通知.pdf" in error.message


def test_docx_whose_content_is_a_pdf_is_refused_as_extension_mismatch():
    with pytest.raises(ValidationError) as info:
        check_upload("通知.docx", pdf_bytes())
    error = info.value.error_list[0]
    assert error.code == "extension_mismatch"
    assert "扩展名与实际内容（PDF）不符" in error.message


def test_file_without_extension_is_refused():
    with pytest.raises(ValidationError) as info:
        check_upload("通知", pdf_bytes())
    assert info.value.error_list[0].code == "extension_mismatch"


def test_oversize_file_is_refused(settings):
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1024
    data = pdf_bytes() + b"\n%" + b"0" * 2048
    with pytest.raises(ValidationError) as info:
        check_upload("大文件.pdf", data)
    error = info.value.error_list[0]
    assert error.code == "too_large"
    assert "超过了" in error.message


def test_file_exactly_at_the_limit_is_accepted(settings):
    data = pdf_bytes()
    settings.GONGKAI_UPLOAD_MAX_BYTES = len(data)
    assert check_upload("刚好.pdf", data).kind.extension == "pdf"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as info:
        check_upload("空.pdf", b"")
    assert info.value.error_list[0].code == "empty"


def test_plain_zip_is_not_mistaken_for_ofd():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert sniff(out.getvalue()) is None


@pytest.mark.parametrize(
    "data",
    [b"<html><script>alert(1)</script></html>", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'],
    ids=["html", "svg"],
)
def test_markup_disguised_as_text_is_refused(data):
    with pytest.raises(ValidationError):
        check_upload("说明.txt", data)
