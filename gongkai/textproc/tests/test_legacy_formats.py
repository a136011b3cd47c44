"""Legacy office formats and archives of a migrated site (issue 19, ADR 0023): recognised by
their bytes, read in the bounded child, bombs and deep nesting refused with a Chinese reason.

The office files and the .rar/.7z archives are real files (tests/fixtures/attachments/real,
SOURCES.md); .zip archives, nesting and bombs are built here with ``zipfile``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongkai.textproc import bounded, kinds

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "attachments" / "real"


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


class GbkName(zipfile.ZipInfo):
    """A member name stored as GBK bytes without the UTF-8 flag (zipfile would write UTF-8)."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def make_zip(members: dict[str, bytes], *, utf8_names: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            if utf8_names:
                package.writestr(name, data)
            else:  # as Chinese Windows writes it: GBK bytes, no UTF-8 flag
                info = GbkName(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("chinese-properties.doc", "doc"),
        ("chinese-provinces.xls", "xls"),
        ("with-comments.ppt", "ppt"),
        ("rar5-two-texts.rar", "rar"),
        ("rar3-two-texts.rar", "rar"),
        ("py7zr-test1.7z", "7z"),
    ],
)
def test_each_real_file_is_recognised_by_its_bytes(name, kind):
    assert kinds.detect(real(name)) == kind


def test_an_ole_file_of_another_application_is_not_taken_for_word():
    assert kinds.ole_kind(real("works-shortlastblock.wps")) == "ole"
    assert kinds.detect(real("works-shortlastblock.wps")) is None


@pytest.mark.parametrize(
    ("extension", "name", "expected"),
    [
        ("doc", "chinese-properties.doc", "世界雅虎"),
        ("wps", "chinese-properties.doc", "世界雅虎"),  # WPS 文字 writes the Word binary format
        ("xls", "chinese-provinces.xls", "安徽省"),
        ("et", "chinese-provinces.xls", "重庆市"),  # WPS 表格 writes BIFF8
        ("ppt", "with-comments.ppt", "Test Slide"),
        ("rar", "rar5-two-texts.rar", "【stest1.txt】"),
        ("rar", "rar3-two-texts.rar", "【file2.txt】"),
        ("7z", "py7zr-test1.7z", "【setup.py】"),
    ],
)
def test_text_of_each_legacy_format_is_read_in_the_bounded_child(extension, name, expected):
    extraction = bounded.extract_text(extension, real(name))
    assert extraction.status == bounded.STATUS_OK, extraction.reason
    assert expected in extraction.text


def test_xls_numbers_typed_as_codes_stay_whole():
    from gongkai.textproc.extract import _xls_cell

    assert _xls_cell(2020.0) == "2020"
    assert _xls_cell(3.5) == "3.5"
    assert _xls_cell(" 安徽省 ") == "安徽省"


def test_a_zip_of_office_files_is_read_member_by_member_with_gbk_names():
    data = make_zip(
        {
            "附件1：征收范围.doc": real("chinese-properties.doc"),
            "附件2：补偿标准.xls": real("chinese-provinces.xls"),
        },
        utf8_names=False,
    )
    extraction = bounded.extract_text("zip", data)
    assert extraction.status == bounded.STATUS_OK
    assert "【附件1：征收范围.doc】" in extraction.text
    assert "世界雅虎" in extraction.text
    assert "【附件2：补偿标准.xls】" in extraction.text
    assert "北京市" in extraction.text


def test_nesting_depth_is_counted_from_the_outer_archive(settings):
    level3 = make_zip({"说明.txt": "第三层的说明".encode()})
    level2 = make_zip({"三.zip": level3})
    level1 = make_zip({"二.zip": level2})
    ok = bounded.extract_text("zip", level1)
    assert ok.status == bounded.STATUS_OK
    assert "第三层的说明" in ok.text
    assert "【二.zip/三.zip/说明.txt】" in ok.text
    level0 = make_zip({"一.zip": level1})
    refused = bounded.extract_text("zip", level0)
    assert refused.status == bounded.STATUS_UNREADABLE
    assert refused.unsafe
    assert "压缩包嵌套超过3层" in refused.reason
    settings.GONGKAI_EXTRACT_MAX_DEPTH = 4
    assert bounded.extract_text("zip", level0).status == bounded.STATUS_OK


def test_a_zip_bomb_is_refused_before_anything_is_inflated():
    bomb = make_zip({"名单.txt": b"0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    refused = bounded.extract_text("zip", bomb)
    assert refused.unsafe
    assert "压缩炸弹" in refused.reason


def test_a_bomb_inside_a_nested_archive_is_refused_too():
    bomb = make_zip({"名单.txt": b"0" * (30 * 1024 * 1024)})
    refused = bounded.extract_text("zip", make_zip({"附件.zip": bomb}))
    assert refused.unsafe
    assert "压缩炸弹" in refused.reason


def test_a_rar_whose_member_points_outside_the_archive_is_unreadable_not_extracted(tmp_path):
    extraction = bounded.extract_text("rar", real("rar5-symlink-traversal.rar"))
    assert extraction.status == bounded.STATUS_UNREADABLE
    assert not extraction.unsafe
    assert "指向包外的路径" in extraction.reason


def test_a_wps_of_an_unknown_format_is_unreadable_with_a_reason():
    extraction = bounded.extract_text("wps", real("works-shortlastblock.wps"))
    assert extraction.status == bounded.STATUS_UNREADABLE
    assert extraction.reason


def test_a_member_nothing_can_read_is_named_not_dropped():
    data = make_zip({"照片.bin": b"\x00\x01\x02binary", "说明.txt": "正文".encode()})
    extraction = bounded.extract_text("zip", data)
    assert "【照片.bin：格式无法识别，未读取】" in extraction.text
    assert "正文" in extraction.text


def test_nested_archives_share_one_inflated_size_limit(settings):
    settings.GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 3 * 1024 * 1024
    part = make_zip({"数据.txt": b"1" * (1024 * 1024)})  # 1 MB each, under the ratio rule's threshold
    alone = bounded.extract_text("zip", make_zip({"a.zip": part, "b.zip": part}))
    assert alone.status == bounded.STATUS_OK
    many = bounded.extract_text("zip", make_zip({f"{n}.zip": part for n in range(4)}))
    assert many.unsafe
    assert "合计超过3 MB的上限" in many.reason


def test_a_batch_gives_the_same_texts_as_one_child_per_file():
    files = [
        ("doc", real("chinese-properties.doc")),
        ("xls", real("chinese-provinces.xls")),
        ("txt", "说明".encode()),
        ("zip", make_zip({"名单.txt": b"0" * (30 * 1024 * 1024)})),  # refused before the child
        ("rar", real("rar5-symlink-traversal.rar")),  # unreadable inside the batch, others still read
        ("ppt", real("with-comments.ppt")),
    ]
    batch = bounded.extract_texts(files)
    single = [bounded.extract_text(kind, data) for kind, data in files]
    assert [(b.status, b.text, b.unsafe) for b in batch] == [(s.status, s.text, s.unsafe) for s in single]
    assert batch[3].unsafe
    assert "指向包外的路径" in batch[4].reason


def test_a_batch_over_its_limits_is_read_again_one_file_at_a_time(settings):
    from gongkai.textproc.tests.hostile import bomb_docx

    settings.GONGKAI_EXTRACT_MAX_INFLATED_BYTES = 10**12  # let the bomb past the directory check
    settings.GONGKAI_EXTRACT_MAX_RATIO = 10**6
    settings.GONGKAI_EXTRACT_MEMORY_BYTES = 200 * 1024 * 1024
    files = [("doc", real("chinese-properties.doc")), ("docx", bomb_docx(100))]
    batch = bounded.extract_texts(files)
    assert "世界雅虎" in batch[0].text
    assert batch[1].status == bounded.STATUS_UNREADABLE
