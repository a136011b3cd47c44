"""Reading published reports in every shape, the arithmetic that splits run-together digits, and
the rules around an import: never a wrong cell without a flag, a draft until a person confirms,
nothing unfinished published."""

import io
import json
import re
from pathlib import Path

import pytest

from gongkai.reports import evaluation, reader, solver, tables

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "annual_reports" / "real"
S3 = reader.S3


def cells_of(reading, table, row):
    return {c.column: c for c in reading.cells if c.table == table and c.row.endswith(row)}


def values_of(reading, table, row):
    return [c.value for c in cells_of(reading, table, row).values()]


# ---------------------------------------------------------------- the solver


def test_a_run_together_row_with_one_split_that_adds_up_is_derived():
    # 58 | 7 | 0 | 0 | 1 | 0 | 66: the only split whose 总计 is the sum of the six columns
    assert solver.row_splits("587001066") == [(58, 7, 0, 0, 1, 0, 66)]


def test_a_run_with_several_splits_keeps_them_all_and_none_is_chosen():
    # 16 1 0 0 0 0 17 and 1 6 10 0 0 0 17 both add up
    assert solver.row_splits("161000017") == [(1, 6, 10, 0, 0, 0, 17), (16, 1, 0, 0, 0, 0, 17)]


def test_evidence_outside_the_table_narrows_a_row_and_an_impossible_run_is_unreadable():
    keys = reader.section_3_keys(2021)
    runs = dict.fromkeys(keys, "0" * 7)
    runs["二"] = "161000017"
    # Last year's 结转下年度 (when the platform has that report) settles this year's 上年结转.
    solved = solver.solve_section_3(keys, {}, runs, carried_in=(16, 1, 0, 0, 0, 0, 17))
    assert solved["二"] == [(16, 1, 0, 0, 0, 0, 17)]
    runs["二"] = "000000"  # six digits cannot make seven cells: unreadable, never guessed
    assert solver.solve_section_3(keys, {}, runs)["二"] == []


def test_column_sums_resolve_a_row_that_is_ambiguous_on_its_own():
    keys = reader.section_3_keys(2021)
    fixed = {k: [0] * 7 for k in keys}
    fixed["（二）"] = fixed["（七）"] = [16, 1, 0, 0, 0, 0, 17]
    del fixed["一"]
    # 一 alone could be 1|6|10|… or 16|1|…; 一 + 二 = （七） + 四 leaves one.
    solved = solver.solve_section_3(keys, fixed, {"一": "161000017"})
    assert solved["一"] == [(16, 1, 0, 0, 0, 0, 17)]


def test_table_4_is_split_by_its_group_totals():
    assert solver.solve_section_4(run="000000000000000") == [(0,) * 15]
    assert (5, 0, 0, 2, 7, 8, 0, 0, 1, 9, 0, 0, 0, 0, 0) in solver.solve_section_4(run="500278001900000")
    assert solver.solve_section_4(run="5002680019") == []  # 5+0+0+2 ≠ 6


# ---------------------------------------------------------------- every shape


def test_pipe_text_with_blank_cells_reads_blanks_as_published_and_names_the_inconsistency():
    reading = reader.read_report((CORPUS / "changchun-erdao-zhengshou-2022.txt").read_text(), 2022)
    assert values_of(reading, S3, "本年新收政府信息公开申请数量") == [56, 0, 0, 0, 0, 0, 56]
    assert values_of(reading, S3, "（一）予以公开") == [18, 0, 0, 0, 0, 0, 0]
    assert any("予以公开·总计" in c["cell"] and "18" in c["message"] for c in reading.checks)


def test_cells_on_separate_lines_and_traditional_characters():
    lines = reader.read_report((CORPUS / "changtu-qijiazi-2023.txt").read_text(), 2023)
    assert values_of(lines, reader.S2, "行政处罚") == [30]
    traditional = reader.read_report((CORPUS / "wuhan-sthj-2020-traditional.txt").read_text(), 2020)
    assert traditional.format == 2019
    assert values_of(traditional, reader.S2, "其他对外管理服务事项") == [117, 0, 165]
    assert values_of(traditional, reader.S2, "规范性文件") == [2, 2, 19]


def test_html_with_rowspan_and_colspan():
    reading = reader.read_report((CORPUS / "shanghai-office-2019.html").read_text(), 2019)
    assert values_of(reading, S3, "（七）总计") == [767, 35, 0, 0, 2, 1, 805]
    assert values_of(reading, S3, "1.本机关不掌握相关政府信息") == [252, 12, 0, 0, 1, 0, 0]
    assert values_of(reading, reader.S4, "行政复议")[:5] == [5, 0, 0, 2, 7]
    assert values_of(reading, reader.S2, "政府集中采购") == [6, 251000]


def test_docx_with_merged_cells_and_a_pdf_text_layer():
    path = CORPUS / "shanghai-office-2019-word.docx"
    reading = reader.read_report(reader.text_of_upload(path.name, path.read_bytes()), 2019)
    assert reading.complete
    assert values_of(reading, S3, "四、结转下年度继续办理") == [72, 0, 0, 0, 0, 0, 72]
    path = CORPUS / "shanghai-office-2019-print.pdf"
    pdf = reader.read_report(reader.text_of_upload(path.name, path.read_bytes()), 2019)
    # The printed page lost its blank cells in the text layer (and left the outcome rows' 总计
    # empty); the glyph positions put each number back in its column (pdflayout.py).
    assert values_of(pdf, reader.S2, "规章") == [13, 13, 524]
    disclosed = cells_of(pdf, S3, "（一）予以公开")
    assert [c.value for c in disclosed.values()] == [258, 12, 0, 0, 1, 1, 0]
    assert {c.status for c in disclosed.values()} == {"read"}
    assert values_of(pdf, reader.S4, "行政复议") == [5, 0, 0, 2, 7]
    # The total left empty is reported as published, not corrected.
    assert any("予以公开" in check["cell"] and "总计" in check["cell"] for check in pdf.checks)
    # The text layer alone cannot tell the columns: the same row goes to a person, never shifted.
    from gongkai.textproc import bounded

    layer = reader.read_report(bounded.text_with_tables("pdf", path.read_bytes()).text, 2019)
    disclosed = cells_of(layer, S3, "（一）予以公开")
    assert {c.status for c in list(disclosed.values())[:6]} == {"ambiguous"}
    assert 258 in disclosed["自然人"].candidates


def test_flattened_text_is_split_by_the_arithmetic_and_ambiguity_is_flagged():
    reading = reader.read_report((CORPUS / "flat-longgang-dept-2024.txt").read_text(), 2024)
    assert values_of(reading, S3, "本年新收政府信息公开申请数量") == [58, 7, 0, 0, 1, 0, 66]
    assert {c.status for c in cells_of(reading, S3, "本年新收政府信息公开申请数量").values()} == {"derived"}
    normative = cells_of(reading, reader.S2, "行政规范性文件")
    # 5125 could be 5|1|25, 5|12|5, 51|2|5: nothing in the format decides, so a person does.
    assert {c.status for c in normative.values()} == {"ambiguous"}
    assert 1 in normative["本年废止件数"].candidates


def test_a_row_split_into_items_is_their_sum_shown_as_derived():
    # 通州区信访办 2019: 其他对外管理服务事项 has no figures of its own, only 行政检查 and 行政确认.
    for name in ("tongzhou-xinfang-2019.txt", "flat-tongzhou-xinhua-2019.txt"):
        reading = reader.read_report((CORPUS / name).read_text(), 2019)
        items = cells_of(reading, reader.S2, "其他对外管理服务事项")
        assert [c.value for c in items.values()] == [0, 0, 0], name
        assert {c.status for c in items.values()} == {"derived"}
        assert "行政检查" in items["上一年项目数量"].source
        assert "行政确认" in items["上一年项目数量"].source
    head = "二、主动公开政府信息情况\n其他对外管理服务事项 |\n"
    text = head + "行政检查 | 3 | +1 | 40 |\n行政确认 | 2 | 0 | 5 |"
    reading = reader.read_report(text, 2019)
    assert values_of(reading, reader.S2, "其他对外管理服务事项") == [5, 1, 45]
    # Flattened: each item's run must split one way only (100 is 1|0|0).
    flat = "二、主动公开政府信息情况其他对外管理服务事项行政检查100行政确认200第二十条第（六）项"
    assert values_of(reader.read_report(flat, 2019), reader.S2, "其他对外管理服务事项") == [3, 0, 0]
    # Items that do not carry every cell are not summed: the row stays unread.
    text = "二、主动公开政府信息情况\n其他对外管理服务事项 |\n行政检查 | 3 | 40 |\n行政确认 | 2 | 0 | 5 |\n"
    items = cells_of(reader.read_report(text, 2019), reader.S2, "其他对外管理服务事项")
    assert {c.status for c in items.values()} == {"unread"}


def test_a_page_that_prints_its_zeros_has_no_vanished_blank_cells_in_section_2():
    # 利州区河西街道 2019, flattened: 规章000 shows zeros printed, so 规范性文件211 is 2|1|1.
    hexi = reader.read_report((CORPUS / "flat-lizhou-hexi-2019.txt").read_text(), 2019)
    assert values_of(hexi, reader.S2, "规范性文件") == [2, 1, 1]
    # 杨林镇 2023 leaves whole rows empty: 规章111 may be 11|1 with an empty cell, so a person decides.
    yanglin = reader.read_report((CORPUS / "flat-hengdong-yanglin-2023.txt").read_text(), 2023)
    assert {c.status for c in cells_of(yanglin, reader.S2, "规章").values()} == {"ambiguous"}
    assert 1 in cells_of(yanglin, reader.S2, "规章")["本年新公开数量"].candidates


def test_the_narrative_figures_of_normative_documents_settle_a_run_only_when_they_agree():
    # 蒲纺工业园区 2020: "通过网站公开规范性文件8个" — of 3|3|88, 3|38|8, 33|8|8 only one publishes 8.
    chibi = reader.read_report((CORPUS / "flat-chibi-pufang-2020.txt").read_text(), 2020)
    assert values_of(chibi, reader.S2, "规范性文件") == [33, 8, 8]
    # 西柳镇 2023 narrates last year's 0 | 0 | 0: no split of 4032 agrees, so it proves nothing.
    xiliu = reader.read_report((CORPUS / "flat-xiliu-town-2023.txt").read_text(), 2023)
    normative = cells_of(xiliu, reader.S2, "行政规范性文件")
    assert {c.status for c in normative.values()} == {"ambiguous"}
    assert 32 in normative["现行有效件数"].candidates


def test_a_stray_space_inside_a_run_together_row_is_not_a_cell_boundary():
    # 平潭 2019 (the archive's own text): ``230 000023`` — 000023 cannot be a number, so the digits
    # are one run, and only 23|0|0|0|0|0|23 adds up.
    pingtan = reader.read_report((CORPUS / "pingtan-syq-2019-archive.txt").read_text(), 2019)
    assert values_of(pingtan, S3, "本年新收政府信息公开申请数量") == [23, 0, 0, 0, 0, 0, 23]


def test_the_narrative_says_who_applied_and_places_a_row_whose_blank_cells_vanished():
    # The real flattened table of 长春二道 2022 (row 一 ``5656``: 56 in which of six columns?) …
    table = (CORPUS / "flat-changchun-erdao-zhengshou-2022.txt").read_text()
    alone = reader.read_report(table, 2022)
    assert cells_of(alone, S3, "本年新收政府信息公开申请数量")["自然人"].status == "ambiguous"
    # … behind a sentence of the kind 汉阳 2022 prints: the narrative settles the columns.
    told = reader.read_report("2022年共收到56份政府信息公开申请，均为自然人申请。" + table, 2022)
    assert values_of(told, S3, "本年新收政府信息公开申请数量") == [56, 0, 0, 0, 0, 0, 56]
    # 平潭 2023 writes the breakdown itself; two different figures for one column are no evidence.
    assert reader._narrative_applicants("申请共计81件，涉及自然人80件、商业企业1件", 81) == {0: 80, 1: 1}
    assert reader._narrative_applicants("自然人3件……自然人申请5件", None) == {}
    # A narrative that agrees with no candidate is ignored, never forced.
    contradicting = reader.read_report("涉及商业企业7件。" + table, 2022)
    assert cells_of(contradicting, S3, "本年新收政府信息公开申请数量")["自然人"].status == "ambiguous"


def test_a_sign_starts_the_change_column_of_a_flattened_row():
    assert solver.segmented(["25", "-10"], 3, 1) == [(25, -1, 0)]
    assert solver.segmented(["2", "+2114"], 3, 1) == [(2, 2, 114), (2, 21, 14), (2, 211, 4)]
    assert solver.segmented(["2", "-5"], 2, None) == []
    wuhai = reader.read_report((CORPUS / "flat-wuhai-gxj-2020.txt").read_text(), 2020)
    assert values_of(wuhai, reader.S2, "行政处罚") == [25, -1, 0]
    other = cells_of(wuhai, reader.S2, "其他对外管理服务事项")
    assert other["上一年项目数量"].value == 2
    assert other["处理决定数量"].status == "ambiguous"
    assert 114 in other["处理决定数量"].candidates


def test_leading_zeros_of_a_run_cut_by_the_end_of_the_text_are_whole_cells():
    # 团结乡 2020, flattened and cut: 政府集中采购0020 — the 20 began the next (lost) line.
    tuanjie = reader.read_report((CORPUS / "flat-tongyu-tuanjie-2020.txt").read_text(), 2020)
    assert values_of(tuanjie, reader.S2, "政府集中采购") == [0, 0]


def test_traditional_characters_read_exactly_like_simplified_ones():
    """Every real text of the corpus, converted by OpenCC as mirrors do (s2t; s2hk; s2twp, which
    also writes 資訊 for 信息 and 檔案 for 文件), reads cell for cell as the simplified original."""
    import opencc

    originals = [p for p in sorted(CORPUS.glob("*.txt")) if "traditional" not in p.name]
    assert len(originals) >= 40
    converters = {name: opencc.OpenCC(name) for name in ("s2t", "s2hk", "s2twp")}
    for path in originals:
        year = json.loads(path.with_suffix(".json").read_text())["year"]
        text = path.read_text()
        want = [(c.row, c.column, c.value, c.status) for c in reader.read_report(text, year).cells]
        names = ("s2twp",) if path.name.startswith("flat-shanghai") else converters
        for name in names:
            got = reader.read_report(converters[name].convert(text), year)
            assert [(c.row, c.column, c.value, c.status) for c in got.cells] == want, (path.name, name)


def test_a_damaged_file_and_a_page_that_is_not_a_report():
    with pytest.raises(reader.NotAReport):
        reader.text_of_upload("report.docx", b"not a docx")
    reading = reader.read_report("这是一则通知，与年度报告无关。", 2024)
    assert not any(c.status in ("read", "derived", "ambiguous") for c in reading.cells)


# ---------------------------------------------------------------- the corpus


def test_the_corpus_never_yields_a_wrong_cell_and_reads_separated_shapes_almost_fully():
    result = evaluation.evaluate(CORPUS)
    summary = result["summary"]
    assert summary["reports"] >= 30
    assert summary["wrong"] == 0
    for shape in ("html", "text-pipe", "text-cells-on-lines", "docx", "markdown"):
        assert summary["by_shape"][shape]["cell_accuracy_pct"] >= 98, shape
    # Floors measured on this corpus (docs/benchmarks.md): a change that loses cells fails here.
    assert summary["by_shape"]["flat"]["exact"] >= 1088
    assert summary["by_shape"]["pdf-text-layer"]["exact"] >= 571
    assert summary["exact"] >= 2809


def test_the_evaluate_and_read_commands(capsys):
    from django.core.management import call_command

    call_command("annual_report", "evaluate", str(CORPUS), "--json")
    assert '"wrong_without_flag": 0' in capsys.readouterr().out
    call_command("annual_report", "read", str(CORPUS / "flat-longgang-dept-2024.txt"), "--json")
    out = capsys.readouterr().out
    assert '"status": "ambiguous"' in out
    assert '"candidates"' in out


# ---------------------------------------------------------------- imports, drafts, publication


@pytest.mark.django_db
def test_an_import_with_flagged_cells_is_a_draft_until_each_is_confirmed(two_orgs):
    from django.core.exceptions import ValidationError

    from gongkai.accounts.models import Role
    from gongkai.audit.models import AuditEntry
    from gongkai.reports import services
    from gongkai.reports.models import ReportStatus

    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    text = (CORPUS / "flat-longgang-dept-2024.txt").read_bytes()
    report, _ = services.import_past_report(org=org, actor=head, upload=("report.txt", text))
    assert report.year == 2024  # read from the report itself
    assert report.status == ReportStatus.DRAFT
    left = services.unconfirmed_cells(report)
    assert left
    assert all(c["source"] for c in left if c["status"] == "ambiguous")
    with pytest.raises(ValidationError, match="未确认"):
        services.lock(report=report, actor=head)
    with pytest.raises(ValidationError, match="草稿"):
        services.import_past_report(org=org, actor=head, upload=("report.txt", text))
    services.confirm_imported_cells(report=report, actor=head, values={c["id"]: "0" for c in left})
    normative = next(c for c in left if c["row"] == "行政规范性文件" and c["column"] == "本年废止件数")
    services.confirm_imported_cells(report=report, actor=head, values={normative["id"]: "1"})
    report.refresh_from_db()
    assert report.data[reader.S2]["行政规范性文件"]["本年废止件数"] == 1
    assert services.unconfirmed_cells(report) == []
    report = services.lock(report=report, actor=head)
    assert report.status == ReportStatus.LOCKED
    assert report.data[reader.S2]["行政规范性文件"]["本年废止件数"] == 1  # not recomputed
    assert AuditEntry.objects.filter(verb="annual_report_import_confirmed").count() == 2
    with pytest.raises(ValidationError, match="不能覆盖"):
        services.import_past_report(org=org, actor=head, upload=("report.txt", text), replace=True)


@pytest.mark.django_db
def test_a_complete_consistent_import_is_locked_and_bad_input_saves_nothing(two_orgs):
    from django.core.exceptions import ValidationError

    from gongkai.accounts.models import Role
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport, ReportStatus

    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    rows = tables.section_3_rows(2021)
    lines = [
        "2023年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：）",
    ]
    for row in rows:
        values = [2, 0, 0, 0, 0, 0, 2] if row in (tables.NEW, f"{tables.RESULTS}·（一）予以公开") else [0] * 7
        if row.endswith("（七）总计"):
            values = [2, 0, 0, 0, 0, 0, 2]
        lines.append(row.split("·")[-1] + "\t" + "\t".join(map(str, values)))
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
        " ".join(["0"] * 15),
    ]
    report, problems = services.import_past_report(org=org, actor=head, year=2023, pasted="\n".join(lines))
    assert problems == [] or all("第二部分" in p for p in problems)
    if problems:  # section 二 was not pasted: a draft
        assert report.status == ReportStatus.DRAFT
    with pytest.raises(ValidationError, match="没有读到"):
        services.import_past_report(org=org, actor=head, year=2022, pasted="这不是年度报告")
    with pytest.raises(ValidationError, match="无法读取"):
        services.import_past_report(org=org, actor=head, year=2021, upload=("x.docx", b"garbage"))
    assert not AnnualReport.objects.filter(organization=org, year__in=[2021, 2022]).exists()


@pytest.mark.django_db
def test_placeholders_and_empty_sections_block_publication(two_orgs, year_2025):
    from django.core.exceptions import ValidationError

    from gongkai.accounts.models import Role
    from gongkai.reports import services

    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    report = services.prepare(org=org, actor=head, year=2025)
    assert "（请补充：" in report.overview  # the draft names what to write
    report = services.lock(report=report, actor=head)
    with pytest.raises(ValidationError) as blocked:
        services.publish(report=report, actor=head)
    assert any("请补充" in m for m in blocked.value.messages)
    assert any("（请填写。）" in m for m in blocked.value.messages)
    # Not even a 负责人's reason publishes a placeholder: it would show on the public page.
    with pytest.raises(ValidationError, match="负责人也不能越过"):
        services.publish(report=report, actor=head, override_reason="先发布，后补充。")
    services.update_texts(
        report=report,
        actor=head,
        overview=re.sub(r"（请补充：[^）]*）", "已按要求开展。", report.overview),
        problems="",
        other_matters=report.other_matters,
    )
    with pytest.raises(ValidationError, match="尚未填写"):
        services.publish(report=report, actor=head)
    services.update_texts(
        report=report,
        actor=head,
        overview=re.sub(r"（请补充：[^）]*）", "已按要求开展。", report.overview),
        problems="（一）存在的主要问题。公开内容的解读不够。\n（二）改进情况。增加图解。",
        other_matters=report.other_matters,
    )
    report.refresh_from_db()
    reason = "演示" if report.data["checks"] else ""
    published = services.publish(report=report, actor=head, override_reason=reason)
    assert published.status == "published"


@pytest.mark.django_db
def test_the_demo_publishes_only_finished_reports(two_orgs):
    from gongkai.demo import reports as demo
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    class Organ:
        def __init__(self, org):
            from gongkai.accounts.models import Role

            self.org, self.staff = org, {Role.HEAD: two_orgs.staff(org, Role.HEAD)}

    demo.seed_reports([Organ(two_orgs.gov_a)], log=lambda *_: None)
    published = AnnualReport.objects.filter(status="published")
    assert published.exists()
    for report in published:
        assert services.unfinished_parts(report) == []
        text = report.overview + report.problems + report.other_matters
        assert "请补充" not in text
        assert "请填写" not in text


def test_docx_upload_of_a_table_built_by_word():
    from docx import Document

    document = Document()
    document.add_paragraph("2024年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=3, cols=4)
    for r, row in enumerate(
        [
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "12", "45", "310"],
        ]
    ):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    text = reader.text_of_upload("r.docx", buffer.getvalue())
    reading = reader.read_report(text)
    assert reading.year == 2024
    assert values_of(reading, reader.S2, "行政规范性文件") == [12, 45, 310]


def test_a_site_layout_table_around_the_report_and_spaced_out_labels():
    inner = (
        "<table><tr><td>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规 章</td><td>０</td><td>０</td><td>３</td></tr>"
        "<tr><td>行政规范性文件</td><td>1,245</td><td>45</td><td>310</td></tr></table>"
    )
    page = (
        "<html><body><table><tr><td><p>某区2022年政府信息公开工作年度报告</p>"
        f"<p>二、主动公开政府信息情况</p>{inner}</td></tr></table></body></html>"
    )
    reading = reader.read_report(page)
    assert reading.year == 2022
    assert values_of(reading, reader.S2, "规章") == [0, 0, 3]
    assert values_of(reading, reader.S2, "行政规范性文件") == [1245, 45, 310]


def test_a_later_report_that_kept_one_other_handling_row():
    rows = [
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    ]
    for key, label in reader.section_3_labels(2019).items():
        values = [1, 0, 0, 0, 0, 0, 1] if key in ("一", "（六）", "（七）") else [0] * 7
        rows.append(label.split("·")[-1] + " | " + " | ".join(map(str, values)) + " |")
    reading = reader.read_report("\n".join(rows), 2022)
    assert values_of(reading, S3, "（六）其他处理") == [1, 0, 0, 0, 0, 0, 1]
    assert reading.checks == []


def test_numbers_whose_blank_cells_vanished_are_placed_by_the_arithmetic_or_left_to_a_person():
    # A PDF text layer prints 二、上年结转 as "18 18": 18 in one of six columns and 总计 18.
    options = solver.solve_section_3(reader.section_3_keys(2021), {}, {}, gaps={"二": [18, 18]})
    assert (18, 0, 0, 0, 0, 0, 18) in options["二"]
    assert len(options["二"]) == 6  # which column is not in the numbers: a person decides
    # 258 12 1 1 with an empty 总计 (as the 上海 page printed it): no placement adds up.
    assert (
        solver.solve_section_3(reader.section_3_keys(2021), {}, {}, gaps={"一": [258, 12, 1, 1]})["一"] == []
    )
    # A text that stops mid-row is not completed with zeros.
    reading = reader.read_report(
        "三、收到和处理政府信息公开申请情况\n申请人情况\n一、本年新收政府信息公开申请数量 0 0 0", 2023
    )
    assert {c.status for c in cells_of(reading, S3, "本年新收政府信息公开申请数量").values()} == {"unread"}


@pytest.mark.django_db
def test_a_report_with_its_own_errors_is_kept_as_published_and_can_be_locked_and_shown(client, two_orgs):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from gongkai.accounts.models import Role
    from gongkai.core.gongwen import render_docx, render_pdf
    from gongkai.reports import services
    from gongkai.reports.documents import as_gongwen
    from gongkai.reports.models import ReportStatus

    org, head = two_orgs.gov_a, two_orgs.staff(two_orgs.gov_a, Role.HEAD)
    html = (CORPUS / "shanghai-office-2019.html").read_bytes()
    report, _ = services.import_past_report(org=org, actor=head, upload=("2019.html", html))
    assert report.status == ReportStatus.DRAFT  # its 总计 column is left empty on the page
    assert report.data[S3]["三、本年度办理结果·（一）予以公开"]["总计"] == 0  # as published
    assert any("予以公开·总计" in c["text"] for c in report.data["checks"])
    report = services.lock(report=report, actor=head)
    with pytest.raises(ValidationError, match="校验未通过"):
        services.publish(report=report, actor=head)
    services.publish(report=report, actor=head, override_reason="照原报告导入，原表总计列未填")
    document = as_gongwen(report)
    assert render_docx(document)[:2] == b"PK"
    assert render_pdf(document)[:4] == b"%PDF"
    page = client.get(reverse("portal:annual_report", args=[org.slug, 2019])).content.decode()
    assert "政府集中采购" in page  # the 2019 format's own section 二


# ---------------------------------------------------------------- flattened copies of blank cells


def test_a_flattened_row_whose_blank_cells_vanished_is_placed_by_the_column_sums():
    # 821 | 35 | | | 2 | 1 | 859 flattened: five numbers for seven cells; on its own the row
    # could put 35, 2 and 1 in any of the six columns in their order.
    alone = solver.dropped_blanks("8213521859")
    assert (821, 35, 0, 0, 2, 1, 859) in alone
    assert len(alone) > 1
    assert solver.dropped_blanks("00") == [(0,) * 7]  # printed zeros and blanks: all zero
    assert solver.dropped_blanks("5002680019") == []  # no split adds up
    keys = reader.section_3_keys(2021)
    fixed = {k: [0] * 7 for k in keys}
    del fixed["一"]
    fixed["（一）"] = fixed["（七）"] = [821, 35, 0, 0, 2, 1, 859]
    # 一 + 二 = （七） + 四 in every column leaves one placement.
    solved = solver.solve_section_3(keys, fixed, {}, dropped={"一": "8213521859"})
    assert solved["一"] == [(821, 35, 0, 0, 2, 1, 859)]
    # A table whose own sums cannot hold leaves the row's candidates to a person.
    fixed["（七）"] = [800, 35, 0, 0, 2, 1, 838]
    assert len(solver.solve_section_3(keys, fixed, {}, dropped={"一": "8213521859"})["一"]) > 1


def test_flattened_labels_never_swallow_the_next_rows_and_empty_rows_are_blank():
    rows = [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
    ]
    for key, label in reader.section_3_labels(2019).items():
        name = label.split("·")[-1]
        if key in ("一", "（一）", "（七）"):
            rows.append(name + "1200003")  # 1 | 2 | 0 | 0 | 0 | 0 | 3
        else:
            rows.append(name)  # every cell blank: the next label follows at once
    text = "".join(rows) + "四、政府信息公开行政复议、行政诉讼情况"
    reading = reader.read_report(text, 2019)
    # （五）5's label is followed at once by （六）其他处理 and （七）总计: both rows are still found.
    assert values_of(reading, S3, "（七）总计") == [1, 2, 0, 0, 0, 0, 3]
    assert {c.status for c in reading.cells if c.table == S3} <= {"read", "derived"}
    assert reading.checks == []
    assert values_of(reading, S3, "（六）其他处理") == [0] * 7
    assert {c.status for c in cells_of(reading, S3, "（六）其他处理").values()} == {"read"}
    assert values_of(reading, S3, "二、上年结转政府信息公开申请数量") == [0] * 7


def test_numbers_printed_apart_from_their_labels_make_no_blank_row():
    labels = [label.split("·")[-1] for label in reader.section_3_labels(2021).values()]
    text = "三、收到和处理政府信息公开申请情况申请人情况" + "".join(labels) + " ".join(["1 0 0 0 0 0 1"] * 26)
    reading = reader.read_report(text, 2023)
    assert {c.status for c in cells_of(reading, S3, "（一）予以公开").values()} == {"unread"}


def test_a_label_note_naming_other_rows_does_not_move_them():
    text = (
        "二、主动公开政府信息情况\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
        "其他对外管理服务事项（指行政确认、行政处罚、行政强制等） | 117 | 0 | 165 |\n"
        "行政处罚 | 90 | 0 | 22 |\n行政强制 | 4 | 4 | 0 |\n"
    )
    reading = reader.read_report(text, 2020)
    assert values_of(reading, reader.S2, "其他对外管理服务事项") == [117, 0, 165]
    assert values_of(reading, reader.S2, "行政处罚") == [90, 0, 22]


def test_an_outcome_row_published_without_its_total_is_placed_by_the_columns_and_reported():
    keys = reader.section_3_keys(2021)
    fixed = {k: [0] * 7 for k in keys}
    del fixed["（一）"]
    fixed["一"] = fixed["（七）"] = [5, 3, 0, 0, 0, 0, 8]
    # "5 3" with the 总计 cell left empty: no placement with a 总计 fits; the columns of （七） do.
    solved = solver.solve_section_3(keys, fixed, {}, gaps={"（一）": [5, 3]})
    assert solved["（一）"] == [(5, 3, 0, 0, 0, 0, 0)]
    labels = reader.section_3_labels(2021)
    table = {labels[k]: dict(zip(tables.SECTION_3_COLUMNS, v, strict=True)) for k, v in fixed.items()}
    table[labels["（一）"]] = dict(zip(tables.SECTION_3_COLUMNS, solved["（一）"][0], strict=True))
    failing = {c["cell"] for c in reader.check_tables(table, {}, 2021)}
    assert "三·（一）予以公开·总计" in failing  # the published inconsistency is named
    # Without the column sums nothing places the numbers: the row goes to a person.
    del fixed["（七）"]
    assert solver.solve_section_3(keys, fixed, {}, gaps={"（一）": [5, 3]})["（一）"] == []
