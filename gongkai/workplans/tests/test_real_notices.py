"""The development corpus of real notices (tests/fixtures/workplans/real): what it holds, and the
floors the parser keeps on it (issue 10); the shapes it reads, each checked on its own."""

import json
import re
import time
from pathlib import Path

import pytest

from gongkai.workplans.evaluation import evaluate_directory, score_document
from gongkai.workplans.parsing import parse, parse_with_tables

REAL = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "workplans" / "real"


def annotations() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(REAL.glob("*.json"))}


def test_the_corpus_holds_25_annotated_notices_from_12_issuers_with_their_sources():
    notes = annotations()
    assert len(notes) >= 25
    assert len({a["issuer"] for a in notes.values()}) >= 12
    for name, note in notes.items():
        assert (REAL / f"{name}.txt").read_text(encoding="utf-8").strip(), name
        assert note["source"]["url"], name
        assert note["shapes"], name
        assert note["task_count"] == len(note["tasks"]), name
        paths = [t["path"] for t in note["tasks"]]
        assert len(set(paths)) == len(paths), name
        for task in note["tasks"]:
            assert set(task) >= {"path", "lead_units", "responsible_units", "deadline_text"}, name
            assert not re.search(r"[()]", task["path"]), "brackets in paths are full width"
        # Only the last task can be cut off.
        assert all(not t.get("partial") for t in note["tasks"][:-1]), name


def test_the_parser_keeps_the_floors_on_the_corpus():
    report = evaluate_directory(REAL)
    assert report["documents"] >= 25
    assert report["task_count_exact_complete"] >= 95
    assert report["units"]["f1"] >= 0.90
    assert report["deadline_text_accuracy"] >= 90


def test_scoring_counts_pairs_and_forgives_fragments_of_a_cut_task():
    annotation = {
        "complete": False,
        "task_count": 2,
        "tasks": [
            {"path": "1", "lead_units": ["区财政局"], "responsible_units": ["各街道"], "deadline_text": ""},
            {
                "path": "2",
                "lead_units": ["区发改委"],
                "responsible_units": [],
                "deadline_text": "",
                "partial": True,
            },
        ],
    }
    found = [
        {"path": "1", "lead_units": ["区财政局"], "responsible_units": ["各镇"], "deadline_text": ""},
        {
            "path": "2",
            "lead_units": ["区发改委"],
            "responsible_units": ["区住建局等政府各有关"],
            "deadline_text": "",
        },
    ]
    score = score_document("x", annotation, found)
    assert (score.true_positive, score.false_positive, score.false_negative) == (2, 1, 1)
    assert (score.deadlines_right, score.deadlines_total) == (1, 1)


def test_the_evaluate_command_prints_json(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("workplan", "evaluate", str(REAL), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) >= {
        "task_count_exact_complete",
        "units",
        "deadline_text_accuracy",
        "worst_documents",
    }
    assert set(report["units"]) >= {"precision", "recall", "f1"}
    with pytest.raises(CommandError, match="不是目录"):
        call_command("workplan", "evaluate", str(tmp_path / "nope"), stdout=StringIO())
    with pytest.raises(CommandError, match="没有成对"):
        call_command("workplan", "evaluate", str(tmp_path), stdout=StringIO())


@pytest.mark.django_db
def test_importing_what_is_not_a_plan_says_so_and_imports_nothing(tmp_path, two_orgs):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from gongkai.workplans.models import WorkPlan

    notice = tmp_path / "covering.txt"
    notice.write_text((REAL / "guangzhou_nyj_2021_covering_only.txt").read_text(encoding="utf-8"))
    with pytest.raises(CommandError, match="没有识别出任何任务"):
        call_command("workplan", "import", str(notice), "--org", "jia", "--year", "2021", stdout=StringIO())
    assert not WorkPlan.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"  \n ", "文件是空的"),
        ("scan.pdf", b"%PDF-1.4 no text layer", "未能从文件中读出文字"),
        ("broken.docx", b"PK\x03\x04 not really a docx", "未能从文件中读出文字"),
        ("plan.xls", b"\xd0\xcf\x11\xe0", "只能读取"),
    ],
)
def test_unreadable_files_get_a_clear_message(tmp_path, name, data, message):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("workplan", "parse", str(path), stdout=StringIO())


# ------------------------------------------------------------------ shapes, one at a time


def tasks(text: str) -> list[tuple]:
    return [
        (t.path, t.lead_units, t.responsible_units, t.deadline_text) for t in parse_with_tables(text).tasks
    ]


def test_a_body_on_one_line_with_page_furniture_is_cut_at_its_numbering():
    text = (
        "关于印发2023年某区政务公开工作要点的通知 发布时间:2023-03-02 浏览次数:35 各街道:现将要点印发给你们,"
        "请认真贯彻落实。某区人民政府办公室 2023年3月1日 2023年某区政务公开工作要点 一、推进决策公开 "
        "(一)做好决策公开。1.公开重大决策。(责任单位:区政府办)2.公开规划。(责任单位:区发改委、区自然资源局)"
        "(二)做好预算公开。(牵头单位:区财政局;责任单位:各部门)"
    )
    assert tasks(text) == [
        ("一/（一）/1", [], ["区政府办"], ""),
        ("一/（一）/2", [], ["区发改委", "区自然资源局"], ""),
        ("一/（二）", ["区财政局"], ["各部门"], ""),
    ]


def test_unit_markers_of_every_form():
    text = """一、深化公开
1.做好A公开（牵头单位:区发改委;责任单位:区财政局），做好B公开（牵头单位:区教育局;责任单位:各街道）。
2.做好C。（区发改委、区财政局等按职责分工负责）
3.做好D。[责任单位:区政府办]
4.做好E。〔责任单位:区政府办、区直各有关单位〕
5.围绕就业政策加强解读，区人社局牵头落实。
6.做好F，区卫健委、区民政局分别牵头落实。
7.做好G（市××委负责落实）。
8.加强政策解读。责任单位：县政府办公室、各县(市、区)人民政府。
"""
    assert tasks(text) == [
        ("一/1", ["区发改委", "区教育局"], ["区财政局", "各街道"], ""),
        ("一/2", [], ["区发改委", "区财政局"], ""),
        ("一/3", [], ["区政府办"], ""),
        ("一/4", [], ["区政府办", "区直各有关单位"], ""),
        ("一/5", ["区人社局"], [], ""),
        ("一/6", ["区卫健委", "区民政局"], [], ""),
        ("一/7", [], ["市××委"], ""),
        ("一/8", [], ["县政府办公室", "各县(市、区)人民政府"], ""),
    ]


def test_a_pipe_table_with_an_empty_lead_cell_and_a_time_column():
    text = (
        "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n"
        "| 1 | 做好预算公开,按时公开。 | 区财政局 | 区直各部门 | 2023年底前 |\n"
        "| 2 | 做好政策解读,提升质量。 |   | 各街道 | 持续推进 |\n"
        "| 3 | 做好政务新媒体管理。 | 办公室牵头,各科室配合 | | 7月底前；10月底前 |\n"
    )
    assert tasks(text) == [
        ("1", ["区财政局"], ["区直各部门"], "2023年底前"),
        ("2", [], ["各街道"], "持续推进"),
        ("3", ["办公室"], ["各科室"], "7月底前；10月底前"),
    ]


def test_a_time_written_beside_the_units_is_the_deadline_not_a_unit():
    text = (
        "一、深化公开\n1.做好A。（牵头单位：区财政局；完成时限：2023年6月底前）\n"
        "2.做好B。（责任单位：区政府办；时间节点：持续推进）\n"
        "3.做好C。责任单位：区政府办。完成时限：2023年12月底前。\n"
    )
    assert tasks(text) == [
        ("一/1", ["区财政局"], [], "2023年6月底前"),
        ("一/2", [], ["区政府办"], "持续推进"),
        ("一/3", [], ["区政府办"], "2023年12月底前"),
    ]


def test_a_docx_style_table_with_grouping_rows_and_role_words_in_a_cell():
    text = (
        "序号\t工作任务\t具体要求\t牵头单位\t责任单位\t时限要求\n"
        "\t一、深化公开\t\t\t\t\n"
        "1\t做好预算公开\t按时公开预算。\t区财政局\t区直各部门\t2023年底前\n"
        "2\t做好新媒体\t规范管理。\t\t办公室牵头，各科室配合\t持续推进\n"
    )
    assert tasks(text) == [
        ("一/1", ["区财政局"], ["区直各部门"], "2023年底前"),
        ("一/2", ["办公室"], ["各科室"], "持续推进"),
    ]


def test_a_department_plan_numbered_1_2_3_after_its_covering_notice():
    text = (
        "关于印发2023年某局政务公开工作要点的通知\n各科室：\n现将要点印发给你们，请认真落实。\n"
        "某局办公室\n2023年3月1日\n2023年某局政务公开工作要点\n"
        "1.做好预算公开。（责任科室：财务科）\n"
        "2.做好政策解读。（牵头科室：办公室；配合科室：各科室；完成时限：年底前）\n"
    )
    assert tasks(text) == [("1", [], ["财务科"], ""), ("2", ["办公室"], ["各科室"], "年底前")]


def test_units_a_table_cell_held_as_paragraphs_are_split_again():
    from gongkai.workplans.parsing import split_units

    assert split_units("市发改委市财政局市人社局") == ["市发改委", "市财政局", "市人社局"]
    assert split_units("市政府办公室市大数据局") == ["市政府办公室", "市大数据局"]
    for name in ("县政府办公室", "市委宣传部", "市发展改革委", "各县(市、区)人民政府"):
        assert split_units(name) == [name]


def test_a_notice_signed_after_the_plan_keeps_the_plan():
    text = (
        "关于印发2023年某区政务公开工作要点的通知\n各街道：\n"
        "现将《2023年某区政务公开工作要点》印发给你们，请认真贯彻落实。\n"
        "一、推进决策公开\n（一）做好决策公开。\n1.公开重大决策。（责任单位：区政府办）\n"
        "2.公开规划。（牵头单位：区发改委；责任单位：区自然资源局）\n某区人民政府办公室\n2023年3月1日\n"
    )
    assert tasks(text) == [
        ("一/（一）/1", [], ["区政府办"], ""),
        ("一/（一）/2", ["区发改委"], ["区自然资源局"], ""),
    ]


def test_covering_notice_items_and_aims_are_not_tasks():
    covering = (
        "关于印发2019年全市政务公开重点工作任务分工的通知\n各县(市、区)人民政府：\n"
        "为推动工作，现将任务分工印发给你们，并提出以下要求。\n"
        "一、加强组织领导。各地要高度重视。\n二、抓好落实。要将具体措施于6月10日前公开发布。\n"
    )
    assert tasks(covering) == []
    assert "没有识别出任何任务" in parse(covering).warnings[-1]
    aims = (
        "一、总体要求\n（一）指导思想\n坚持以人民为中心。\n二、主要任务\n（一）做好政策解读。做好解读工作。\n"
    )
    assert [t[0] for t in tasks(aims)] == ["二/（一）"]


def test_a_unit_that_cannot_be_read_keeps_the_task_with_a_warning():
    plan = parse("一、深化公开\n1.做好A公开，及时更新。\n")
    assert [t.text for t in plan.tasks] == ["做好A公开，及时更新。"]
    assert "未能识别牵头单位和责任单位" in plan.tasks[0].warnings[0]


@pytest.mark.parametrize("one_line", [False, True])
def test_30000_characters_parse_well_under_100_ms(one_line):
    from gongkai.workplans.tests.test_parsing import seed

    text = (seed("002") * 3)[:30000]  # a notice of 30,000 characters, about a hundred items
    if one_line:
        text = text.replace("\n", " ")
    parse_with_tables(text)  # converters loaded
    best = min(_timed(text) for _ in range(3))
    assert best < 0.1


def _timed(text: str) -> float:
    # CPU time of this process: the shared test machine's load does not count against the parser.
    started = time.process_time()
    parse_with_tables(text)
    return time.process_time() - started


# ---------------------------------------------------------------- shapes added with ADR 0019


@pytest.mark.parametrize(
    ("bracket", "lead", "responsible"),
    [
        # The notice says which units lead: those before the comma (船山区 2020).
        (
            "责任单位:区政府办、区司法局,各乡镇、区直各部门。逗号前的为牵头单位。",
            ["区政府办", "区司法局"],
            ["各乡镇", "区直各部门"],
        ),
        (
            "责任单位：县发改委、县财政局、各乡镇。排在第一位的为牵头单位",
            ["县发改委"],
            ["县财政局", "各乡镇"],
        ),
        # Without such a note the 责任单位 list is all responsible.
        ("责任单位：区政府办、区司法局，各乡镇", [], ["区政府办", "区司法局", "各乡镇"]),
    ],
)
def test_a_note_in_the_bracket_says_which_units_lead(bracket, lead, responsible):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == (lead, responsible)


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("宣传处会办公室", ["宣传处", "办公室"]),
        ("市财政局会同市发改委", ["市财政局", "市发改委"]),
        # 会 inside a name is no joint: 管委会, 联合会, 委员会.
        ("县经济开发区管委会", ["县经济开发区管委会"]),
        ("市残疾人联合会办公室", ["市残疾人联合会办公室"]),
        ("区卫生健康委员会", ["区卫生健康委员会"]),
        ("应急处、疾控处、基层处等按职责分工落实", ["应急处", "疾控处", "基层处"]),
    ],
)
def test_units_joined_by_hui_are_two(cell, units):
    from gongkai.workplans.parsing import split_units

    assert split_units(cell) == units


def test_a_ledger_table_whose_rows_shift_under_a_merged_task_cell():
    text = (
        "序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |\n"
        "1 | 做好疫情信息发布 | 重点围绕隔离管控、流调溯源发布权威信息 "
        "| 应急处、疾控处等按职责分工落实 | 长期推进 |\n"
        "|\n"
        "2 | 扎实做好疫苗接种信息公开 | 疾控处 | 长期推进 |\n"
        "|\n"
        "3 | 推进预算、决算公开 | 财务处 | 2021年2月公布预算信息,2021年8月公布决算信息 |\n"
        "|\n"
    )
    plan = parse_with_tables(text)
    got = [(t.path, t.responsible_units, t.deadline_text) for t in plan.tasks]
    assert got == [
        ("1", ["应急处", "疾控处"], "长期推进"),
        ("2", ["疾控处"], "长期推进"),
        ("3", ["财务处"], "2021年2月公布预算信息,2021年8月公布决算信息"),
    ]
    assert plan.tasks[1].text == "扎实做好疫苗接种信息公开"


def test_question_marks_with_spaces_before_a_heading_do_not_hide_it():
    text = (
        "某局2020年政务公开工作实施方案\n一、总体要求\n坚持以公开为常态。\n"
        "? ?二、重点任务\n（一）做好信息公开。推进政策执行公开。（责任科室：办公室）\n"
    )
    plan = parse(text)
    assert [(t.path, t.responsible_units) for t in plan.tasks] == [("二/（一）", ["办公室"])]


def test_a_table_one_cell_a_line_under_numbered_headings_keeps_clean_task_text():
    # 淮南市残联: 一、 and （一） cells, then "1 |" and the cells of the row one a line. The items are
    # read with the row's units, and their text is the row's, without the bars and the unit cells.
    plan = parse_with_tables((REAL / "huainan_cl_2024_grouped_table.txt").read_text(encoding="utf-8"))
    first = plan.tasks[0]
    assert first.path == "一/（一）/1"
    assert first.text.startswith("及时公开加快构建现代化产业体系")
    assert "|" not in first.text
    assert "办公室" not in first.text
    assert first.responsible_units == ["办公室"]


def test_a_metadata_label_is_no_part_of_the_title():
    plan = parse_with_tables((REAL / "guangdong_wjw_2021_ledger_table.txt").read_text(encoding="utf-8"))
    assert plan.title == "广东省卫生健康委2021年政务公开工作重点任务台账"


def test_lead_marked_after_a_unit_labels_in_lenticular_brackets_and_a_time_in_the_units_bracket():
    text = (
        "某县2022年政务公开工作要点\n一、加强公开\n"
        "（一）做好信息公开。（县发改委牵头，各乡镇人民政府配合，2022年底前完成）\n"
        "（二）做好解读。【牵头单位】县政府办【责任单位】各乡镇\n"
        "（三）做好回应。（责任单位：县财政局（牵头）、县审计局）\n"
    )
    got = [(t.path, t.lead_units, t.responsible_units, t.deadline_text) for t in parse(text).tasks]
    assert got == [
        ("一/（一）", ["县发改委"], ["各乡镇人民政府"], "2022年底前"),
        ("一/（二）", ["县政府办"], ["各乡镇"], ""),
        ("一/（三）", ["县财政局"], ["县审计局"], ""),
    ]


@pytest.mark.parametrize(
    "name", ["jiangmen_tdcbzx_pipe_rows", "chizhou_xfj_dept_table", "county_bureau_dept_plan_restated_table"]
)
def test_a_table_header_or_a_numbered_heading_is_not_taken_for_the_title(name):
    plan = parse_with_tables((REAL / f"{name}.txt").read_text(encoding="utf-8"))
    assert plan.title == ""  # the official names the ledger on the review page
    assert plan.tasks


# Shapes met in the third blind batch (ADR 0026), each checked on a short passage.


def test_a_policy_interpretation_is_no_plan_and_says_so():
    # 威县's 政策解读: 起草背景 / 起草过程 / 主要内容 with （一）…（五） retelling the plan.
    text = (
        "转发:《某县2023年政务公开工作要点》政策解读\n一、起草背景\n市政府办公室印发了工作要点。\n"
        "二、起草过程\n征求了各乡镇意见。\n三、主要内容\n（一）加强重点领域信息公开。\n（二）强化政策解读。\n"
    )
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("政策解读" in w for w in plan.warnings)
    assert "没有识别出任何任务" in plan.warnings[-1]


def test_a_plan_that_mentions_interpretation_is_still_read():
    text = (
        "某县2023年政务公开工作要点\n一、强化政策解读\n（一）做好解读。（责任单位：县政府办）\n"
        "二、主要内容公开\n（一）公开预算。\n"
    )
    assert [t[0] for t in tasks(text)] == ["一/（一）", "二/（一）"]


def test_numbers_glued_to_the_item_before_them_are_cut_in_sequence():
    text = (
        "区教育局2025年政务公开工作计划为深入贯彻条例,结合本区实际,制定本年度工作计划如下:一、完善工作机制,"
        "夯实公开基础。1.强化组织领导与责任落实2.健全政务公开领导小组,将政务公开纳入年度考核指标,定期督查整改情况。"
        "3.加强队伍建设,组织业务培训。"
    )
    plan = parse_with_tables(text)
    assert [t.path for t in plan.tasks] == ["一/1", "一/2", "一/3"]
    assert plan.tasks[0].text == "强化组织领导与责任落实"
    assert plan.title == "区教育局2025年政务公开工作计划"


def test_a_glued_number_out_of_sequence_is_not_cut():
    text = "某局2024年工作要点\n一、做好公开\n1.落实第3.5条规定，公开国发5.号文件要求。\n2.做好解读。\n"
    assert [t[0] for t in tasks(text)] == ["一/1", "一/2"]


@pytest.mark.parametrize(
    ("bracket", "lead", "responsible"),
    [
        (
            "市政府办公室、市审改办牵头,市级各有关部门及各县市区政府按职责分工负责",
            ["市政府办公室", "市审改办"],
            ["市级各有关部门", "各县市区政府"],
        ),
        ("市场监管局及其派出机构负责", [], ["市场监管局及其派出机构"]),
        ("县教育及体育事业发展中心负责", [], ["县教育及体育事业发展中心"]),
    ],
)
def test_ji_between_two_unit_names_joins_two_units(bracket, lead, responsible):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == (lead, responsible)


def test_a_time_that_opens_the_item_is_its_deadline_even_in_an_unknown_form():
    text = (
        "某县实施方案\n二、主要任务\n（一）规范公开\n1.落实标准指引,2020年11月底前,编制目录\n"
        "2.2011年底前建立统一的公开事项目录\n3.2022年底11月前,做好其他领域信息公开标准规范工作\n"
    )
    got = [(t.path, t.deadline_text, t.deadline) for t in parse(text).tasks]
    assert got[0][:2] == ("二/（一）/1", "2020年11月底前")
    assert got[1][:2] == ("二/（一）/2", "2011年底前")
    assert got[2] == ("二/（一）/3", "2022年底11月前", None)  # kept as printed; a person reads it


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # 汶上县中都街道: the plan cites the State Council's notice, and names itself further on.
        (
            "为深入贯彻落实《国务院办公厅关于印发政务公开工作要点的通知》及上级部署,结合街道工作实际,"
            "特制定中都街道政务公开工作实施方案。\n一、强化组织领导\n明确专职人员。\n",
            "中都街道政务公开工作实施方案",
        ),
        # A mirror prints the 文号 before the title on the same line.
        (
            "晋政办发〔2017〕50号 山西省人民政府办公厅关于印发山西省2017年政务公开工作要点的通知\n"
            "各市、县人民政府:\n现将要点印发给你们。\n山西省人民政府办公厅\n2017年5月8日\n一、推进公开\n（一）做好公开。\n",
            "山西省人民政府办公厅关于印发山西省2017年政务公开工作要点的通知",
        ),
        # 现将《政府工作报告》提出的任务予以分解: the report is cited, not the plan's name.
        (
            "许政 [2020] 20号\n各县(市、区)人民政府:\n"
            "现将《政府工作报告》提出的2020年重点工作任务予以分解。\n"
            "一、抓好疫情防控\n1.完善防控举措。\n责任单位:市卫生健康委\n",
            "",
        ),
        # A wiki page opens with 全文 and the preamble: no title is printed.
        ("全文\n以习近平新时代中国特色社会主义思想为指导,推进改革。\n一、推进审批\n1.实施清单管理。\n", ""),
    ],
)
def test_the_title_is_the_notice_s_own_never_a_cited_document_or_a_label(text, title):
    assert parse(text).title == title


@pytest.mark.parametrize(
    "text",
    [
        # 尤溪县洋中镇: a report of what was done, numbered like a plan.
        "洋中镇2025年线下政务公开专区建设情况\n一、丰富政务信息公开内容,推进全方位公开\n"
        "在专区设置宣传资料展架。\n二、规范政务公开栏建设,实行分类公开\n按照标准化要求设置公开栏。\n",
        # 湖南省政务管理服务局 prints a city's 典型经验.
        "编者按:省政务管理服务局编印了部分市县的典型经验做法。\n——常德市深化改革典型经验\n"
        "一、推进事项管理突破,实现政务服务智能办。坚持市级统筹。一是事项目录统一下沉。\n",
    ],
)
def test_a_report_of_work_done_is_no_plan_and_says_so(text):
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("工作情况报告或经验总结" in w for w in plan.warnings)


def test_a_plan_about_a_report_is_still_a_plan():
    text = (
        "关于印发2024年某县政府信息公开工作年度报告编制工作方案的通知\n各乡镇:\n现将方案印发给你们。\n"
        "某县人民政府办公室\n2024年1月5日\n一、编制要求\n（一）按格式编制年度报告。（责任单位：各乡镇）\n"
    )
    assert [t[0] for t in tasks(text)] == ["一/（一）"]


def test_a_time_to_be_met_without_qian_in_the_units_bracket_is_the_deadline():
    text = (
        "某州2020年工作计划\n一、提升效能\n1.加大简政放权力度。（牵头单位:州行政审批服务局;"
        "责任单位:州司法局、州委编办及州直相关单位,6月底完成）\n"
    )
    plan = parse(text)
    task = plan.tasks[0]
    assert (task.lead_units, task.responsible_units) == (
        ["州行政审批服务局"],
        ["州司法局", "州委编办", "州直相关单位"],
    )
    assert task.deadline_text == "6月底"
    assert str(task.deadline) == "2020-06-30"


def test_a_page_cut_right_after_an_item_number_keeps_that_item_not_its_heading():
    text = "某市实施意见\n三、主要任务\n(一)优化同权事项,拓展改革覆盖面\n1"
    assert [t[0] for t in tasks(text)] == ["三/（一）/1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 京山市卫生健康局's annual report, without its title line.
        (
            "现向社会公布2022年度本单位政府信息公开工作年度报告。本报告由总体情况等6个部分组成。\n一、总体情况\n"
            "1.政府信息主动公开情况。发布政务信息6条。\n2.政府信息依申请公开情况。无依申请公开事项。\n",
            "工作情况报告或经验总结",
        ),
        # A year's summary copied on one line.
        (
            "2023年办公室政务公开工作总结供借鉴2023年,我办持续推进政务公开工作,现将全年工作情况汇报如下。"
            "一、工作完成情况(一)夯实基础,切实强化信息发布管理。严格落实三级审核制度。"
            "(二)规范内容,主动及时公开政府信息。深化网站作用,制发《2022年政务公开工作实施方案的通知》。",
            "工作情况报告或经验总结",
        ),
        # 裕安区西市街道's experience-exchange article.
        (
            "【政务公开经验交流】某街道第一季度政务公开交流稿件\n一、领导重视,形成有力的组织保障。强化组织领导。\n"
            "二、拓展内容,形成规范的公开体系。确保常规内容按要求公开。\n",
            "工作情况报告或经验总结",
        ),
        # 镇巴县人民政府工作规则: chapters whose articles are numbered 一、二、.
        (
            "镇巴县人民政府工作规则\n第一章总则\n一、根据宪法和组织法,制定本规则。\n二、县政府工作的指导思想是,认真执行党的路线方针政策。\n",
            "规则制度",
        ),
    ],
)
def test_pages_numbered_like_a_plan_that_are_none_say_what_they_are(text, message):
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any(message in w for w in plan.warnings)


def test_a_covering_notice_that_reports_nothing_keeps_its_plan():
    text = (
        "关于印发某县2024年政务公开工作要点的通知\n各乡镇:\n现将要点印发给你们,请认真贯彻落实。\n"
        "某县人民政府办公室\n2024年3月1日\n一、深化公开\n（一）做好预算公开。（责任单位：县财政局）\n"
    )
    assert tasks(text) == [("一/（一）", [], ["县财政局"], "")]


def test_a_grouping_heading_with_a_paragraph_of_its_own_is_not_a_task():
    # 六盘水: （一） is followed by a paragraph before its 1. items; the items are the tasks.
    text = (
        "某市三年行动方案\n二、重点任务\n(一)推进大数据基础设施建设。\n深入开展新型数字基础设施建设攻坚行动,"
        "高水平推进5G、工业互联网等新一代数字基础设施建设。\n1.加强算力基础设施建设。建设数据中心。\n"
        "2.加强网络建设。（责任单位：市通信管理办）\n(二)做好统筹。（牵头单位：市发改委）\n1.编制规划。\n"
    )
    got = [(t[0], t[1], t[2]) for t in tasks(text)]
    assert got == [
        ("二/（一）/1", [], []),
        ("二/（一）/2", [], ["市通信管理办"]),
        ("二/（二）", ["市发改委"], []),  # a heading that names its own units is kept
        ("二/（二）/1", [], []),
    ]


def test_a_page_cut_inside_the_last_units_bracket_keeps_the_units_it_shows():
    # 舟山: the stored page ends inside the first task's bracket; its unit names hold 〔〕.
    text = (
        "某市实施方案\n二、主要任务\n(一)夯实主动公开基础。建立政务公开事项标准体系。"
        "(市府办〔市大数据局〕牵头,市政府各部门、各县〔区〕政府、各功能区管委"
    )
    ((path, lead, responsible, _),) = tasks(text)
    assert (path, lead) == ("二/（一）", ["市府办〔市大数据局〕"])
    assert responsible[:2] == ["市政府各部门", "各县〔区〕政府"]  # the last name is cut: a person reads it


def test_a_bracket_left_open_in_prose_is_not_read_as_units():
    text = "某县工作要点\n一、深化公开\n（一）做好公开。做好A、B（含C"
    assert tasks(text) == [("一/（一）", [], [], "")]


def test_the_plan_named_where_the_notice_says_it_was_approved_is_the_title():
    text = (
        "各县(区)人民政府:\n《舟山市贯彻〈浙江省政务公开五年行动计划〉实施方案》已经市政府同意,现印发给你们。\n"
        "舟山市人民政府办公室\n2022年7月8日\n一、主要任务\n（一）夯实基础。（市府办牵头）\n"
    )
    assert parse(text).title == "舟山市贯彻〈浙江省政务公开五年行动计划〉实施方案"


# ---------------------------------------------------------------- shapes added with ADR 0042


def test_a_lead_note_that_holds_onward_makes_the_first_unit_of_every_later_bracket_lead():
    # 国发〔2018〕42号: the note is printed once, in the first bracket, with 下同.
    text = (
        "某某意见\n一、主要任务\n（一）完善体系。做好甲。（工业和信息化部、科技部等负责。列第一位者为牵头单位，下同）\n"
        "（二）推进协同。做好乙。（农业农村部、财政部负责）\n（三）强化领导。做好丙。（各省级人民政府负责）\n"
        "（四）健全机制。做好丁。（农业农村部、工业和信息化部牵头负责）\n"
    )
    assert [(p, lead, resp) for p, lead, resp, _ in tasks(text)] == [
        ("一/（一）", ["工业和信息化部"], ["科技部"]),
        ("一/（二）", ["农业农村部"], ["财政部"]),
        ("一/（三）", ["各省级人民政府"], []),
        ("一/（四）", ["农业农村部", "工业和信息化部"], []),  # 牵头 said outright
    ]


def test_without_the_onward_note_a_units_bracket_with_fuze_stays_responsible():
    text = (
        "某县工作要点\n一、主要任务\n（一）做好甲。（县财政局、县审计局负责）\n"
        "（二）做好乙。（县财政局负责）\n"
    )
    got = [(lead, resp) for _, lead, resp, _ in tasks(text)]
    assert got == [([], ["县财政局", "县审计局"]), ([], ["县财政局"])]


@pytest.mark.parametrize(
    ("bracket", "expected"),
    [
        (
            "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同",
            (["税务总局"], ["财政部", "海关总署"]),
        ),
        ("人力资源社会保障部、财政部负责。列第一位者为牵头单位", (["人力资源社会保障部"], ["财政部"])),
        ("海关总署、商务部等有关部门负责", ([], ["海关总署", "商务部", "有关部门"])),
        ("人力资源社会保障部等有关部门和单位负责", ([], ["人力资源社会保障部", "有关部门和单位"])),
        ("农业农村部、工业和信息化部等负责", ([], ["农业农村部", "工业和信息化部"])),
        (
            "市政府有关部门和各县〔市、区〕人民政府、“三区”管委会按职责分工负责",
            ([], ["市政府有关部门", "各县〔市、区〕人民政府", "“三区”管委会"]),
        ),
        ("住房和城乡建设局、文化和旅游局负责", ([], ["住房和城乡建设局", "文化和旅游局"])),
        ("各有关部门和单位，各省级人民政府按职责分工负责", ([], ["各有关部门和单位", "各省级人民政府"])),
    ],
)
def test_lead_notes_etc_collectives_and_he_between_two_units(bracket, expected):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == expected


def test_an_opinion_that_is_its_own_text_is_no_covering_notice():
    # 现提出以下意见 … signature: the items between close on their units, so they are the plan.
    text = (
        "国务院关于某事的若干意见\n各省、自治区、直辖市人民政府：\n为此，提出以下意见：\n"
        "一、指导思想\n以某某为指导。\n二、发展目标\n到2025年，某某明显提升。\n三、主要任务\n"
        "（一）做好甲。在本意见印发之日起30日内制定办法。（各省级人民政府负责）\n"
        "（二）做好乙。补贴每人每年只享受一次。（财政部、民政部负责）\n国务院\n2018年11月16日\n"
    )
    assert tasks(text) == [
        ("三/（一）", [], ["各省级人民政府"], "本意见印发之日起30日内"),
        ("三/（二）", [], ["财政部", "民政部"], ""),  # a quota per person is no recurrence
    ]


def test_a_covering_notice_without_signature_then_items_with_units_keeps_them():
    # 宜春: the notice has no signature, the plan's title is lost and its 一、 items carry units.
    text = (
        "某市人民政府办公室关于印发2024年某市政务公开工作要点的通知\n各县(市、区)人民政府:\n"
        "2024年某市政务公开工作要点》已经市政府同意,现印发给你们,请认真贯彻落实。\n"
        "为贯彻落实有关精神,制定如下工作要点。\n"
        "一、紧扣高质量发展,推进信息公开集中公开重大部署的进展。(市政府有关部门按职责分工负责)\n"
        "二、紧盯民生领域,推进信息公开及时公开民生实事。(市民政局负责)\n"
    )
    assert [(p, resp) for p, _, resp, _ in tasks(text)] == [("一", ["市政府有关部门"]), ("二", ["市民政局"])]


def test_a_covering_notice_whose_own_items_name_no_units_is_still_no_plan():
    text = (
        "关于做好某项工作的通知\n各乡镇:\n现将有关事项印发给你们,并提出以下要求。\n"
        "一、提高认识。各单位要高度重视。\n二、加强督查。县政府办将适时督查。\n"
    )
    assert tasks(text) == []


def test_questions_and_answers_about_a_plan_are_an_interpretation():
    text = (
        "问:某市2021年政务公开工作要点的制定背景\n答:2021年是开局之年。\n问:主要内容\n"
        "答:1、围绕规划深化政务公开。包括4方面。\n2、推进决策公开。包括5方面。\n"
    )
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("政策解读" in w for w in plan.warnings)


def test_a_notice_that_prints_rules_is_no_plan():
    text = (
        "名称: 某县人民政府关于印发《某县人民政府工作规则》的通知\n"
        "某县人民政府关于印发《某县人民政府工作规则》的通知\n各乡镇:\n《某县人民政府工作规则》已经县政府通过,现予印发。\n"
        "某县人民政府\n2019年1月17日\n某县人民政府工作规则\n第一章 总则\n"
        "一、根据宪法,制定本规则。\n二、县政府工作的准则是依法行政。\n"
    )
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("规则制度" in w for w in plan.warnings)


@pytest.mark.parametrize(
    ("bracket", "expected"),
    [
        ("扶贫办、全国总工会等和各省级人民政府负责", ([], ["扶贫办", "全国总工会", "各省级人民政府"])),
        (
            "商务部、供销合作总社等和各有关省级人民政府负责",
            ([], ["商务部", "供销合作总社", "各有关省级人民政府"]),
        ),
        ("国家发展改革委、财政部会同有关部门负责", ([], ["国家发展改革委", "财政部", "有关部门"])),
        ("负责部门：民航局，适用范围：河南自贸试验区", ([], ["民航局"])),
        ("负责部门：商务部、海关总署；适用范围：所有自贸试验区", ([], ["商务部", "海关总署"])),
        ("负责部门：人民银行等部门，适用范围：浙江自贸试验区", ([], ["人民银行等部门"])),  # as seed 002
        ("全国工商联、全国妇联负责", ([], ["全国工商联", "全国妇联"])),
    ],
)
def test_deng_he_huitong_after_wei_and_a_scope_clause(bracket, expected):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == expected


def test_several_units_brackets_inside_one_item_count_once_in_order():
    text = (
        "某某意见\n一、主要任务\n（一）鼓励创新。推进改革。（市场监管总局负责）加强教育。（体育总局、教育部负责）"
        "推广技术。（体育总局、科技部负责）\n"
    )
    assert tasks(text) == [("一/（一）", [], ["市场监管总局", "体育总局", "教育部", "科技部"], "")]


# ---------------------------------------------------------------- shapes added with ADR 0050


@pytest.mark.parametrize(
    ("item", "deadline"),
    [
        # 5年内 / 三年内 count years from now: no date. 年内 alone is this year.
        ("5年内重点引进30名人才。（牵头单位：市金融办）", ""),
        ("争取三年内实现全覆盖。（市财政局负责）", ""),
        ("年内解读重要政策不少于1次。（市政府办负责）", "年内"),
        # Several calendar times: the first printed.
        ("于2012年10月底前制定细则；各区要于2012年底前制定意见。（市委组织部负责）", "2012年10月底前"),
        # A time counted from an event, as printed from the event on.
        ("要在执法决定作出之日起20个工作日内公开。（司法部负责）", "执法决定作出之日起20个工作日内"),
        # A calendar time wins over a standing limit counted from an event (seed 002, 七/（二）).
        ("材料应于文件公开后3个工作日内发布，年内解读不少于1次。（各相关部门负责）", "年内"),
    ],
)
def test_deadlines_years_from_now_the_first_calendar_time_and_times_from_an_event(item, deadline):
    text = f"某市2012年某项工作实施方案\n一、主要任务\n1.{item}\n2.做好其他工作。（市政府办负责）\n"
    assert tasks(text)[0][3] == deadline


def test_an_opinion_whose_items_name_no_unit_is_its_own_text_not_a_covering_notice():
    text = (
        "国务院办公厅关于某事的指导意见\n国办发〔2018〕115号\n各省、自治区、直辖市人民政府：\n"
        "某事关系重大。为做好某事，现提出以下意见。\n一、总体要求\n（一）指导思想。以某某为指导。\n"
        "二、严格落实工作措施\n（二）明确范围。各地区、各部门要明确范围。\n（三）规范程序。各地区要规范程序。\n"
        "三、加大保障力度\n（四）加强领导。各地区要加强领导。\n某部负责组织协调本意见贯彻落实工作。\n"
        "国务院办公厅\n2018年12月4日\n（此件公开发布）\n"
    )
    assert [t[0] for t in tasks(text)] == ["二/（二）", "二/（三）", "三/（四）"]
    assert all(t[1] == t[2] == [] for t in tasks(text))  # the closing line names no unit of （四）


def test_a_title_printed_over_lines_one_of_which_ends_in_zhidu_is_no_set_of_rules():
    text = (
        "国务院办公厅关于全面推行\n行政执法公示制度执法全过程记录制度\n重大执法决定法制审核制度的指导意见\n"
        "各省、自治区、直辖市人民政府：\n现提出以下意见。\n一、全面推行公示制度\n（一）强化事前公开。要公开。\n"
        "二、全面推行记录制度\n（二）完善文字记录。要记录。\n"
        "各地区、各部门要于2019年3月底前制定实施方案。\n国务院办公厅\n2018年12月5日\n"
    )
    plan = parse_with_tables(text)
    assert not any("规则制度" in w for w in plan.warnings)
    # The closing paragraph after the last item is the document's, not that item's deadline.
    assert [(t.path, t.deadline_text) for t in plan.tasks] == [("一/（一）", ""), ("二/（二）", "")]


def test_an_attachment_listed_by_its_file_is_no_task():
    text = (
        "各乡镇:\n经县委同意,制定《某县乡镇职责任务清单》,现印发给你们,请遵照执行。\n"
        "附件:1.某县乡镇职责任务清单(试行).xlsx\n3.某县乡镇职责任务清单目录(试行).xls\n某县人民政府办公室\n2021年10月27日\n"
    )
    assert tasks(text) == []


def test_a_table_one_cell_a_line_with_a_units_column_and_a_merged_unit_cell():
    text = (
        "某局2021年政务公开工作要点分工方案\n工作任务\n具体要求\n落实科室(部门)\n做好规划公开\n"
        "1.主动公开规划原文。\n各科室、管理中心按职责分工落实\n2.集中发布规划。\n办公室\n做好执法信息公开\n"
        "3.公开负面清单。\n4.公开定点机构名单。\n法规科、服务科按职责分工落实\n"
    )
    assert tasks(text) == [
        ("1", [], ["各科室", "管理中心"], ""),
        ("2", [], ["办公室"], ""),
        ("3", [], ["法规科", "服务科"], ""),
        ("4", [], ["法规科", "服务科"], ""),
    ]


def test_a_pipe_table_keyed_to_the_levels_of_the_plan_it_follows():
    text = (
        "某局2022年政务公开工作要点分工方案\n工作要求 | 一级要点 | 二级要点 | 责任科室 |\n"
        "一、优化工作基础 | (一)深化文件公开。 | 1.规范法规使用。 | 法规科牵头,办公室配合 |\n"
        "2.摸清文件底数。 | 办公室牵头,各科室按职责分工落实 | ||\n"
        "(二)提升办理规范化。 | 3.规范使用系统。 4.用好监督功能。 | 办公室负责 | |\n"
    )
    assert tasks(text) == [
        ("一/（一）/1", ["法规科"], ["办公室"], ""),
        ("一/（一）/2", ["办公室"], ["各科室"], ""),
        ("一/（二）/3", [], [], ""),
        ("一/（二）/4", [], ["办公室"], ""),
    ]


@pytest.mark.parametrize(
    ("bracket", "expected"),
    [
        (
            "生态环境部牵头，国家发展改革委、国家统计局参与",
            (["生态环境部"], ["国家发展改革委", "国家统计局"]),
        ),
        (
            "生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出",
            (["生态环境部"], ["试点城市政府"]),
        ),
        ("商务部指导，供销合作总社参与", (["商务部"], ["供销合作总社"])),
        ("自然资源部、工业和信息化部指导", (["自然资源部", "工业和信息化部"], [])),
    ],
)
def test_the_organ_that_guides_leads_and_one_that_takes_part_is_responsible(bracket, expected):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == expected


def test_paragraphs_that_close_on_their_own_units_go_on_with_the_item():
    text = (
        "某某工作方案\n一、主要任务\n（一）强化顶层设计。建立指标体系。（生态环境部牵头，国家统计局参与）\n"
        "优化管理体制。（生态环境部指导，试点城市政府负责落实）\n"
        "加强制度集成。（国家统计局、财政部指导）\n（二）推行绿色生产。推广技术。（农业农村部指导）\n"
    )
    assert tasks(text) == [
        # 国家统计局 takes part in one paragraph and guides another: the item's lead, once.
        ("一/（一）", ["生态环境部", "国家统计局", "财政部"], ["试点城市政府"], ""),
        ("一/（二）", ["农业农村部"], [], ""),
    ]


def test_a_list_table_one_cell_a_line_whose_guiding_organs_lead_and_whose_prose_only_summarises():
    text = (
        "国务院办公厅关于推广改革举措的通知\n各省人民政府：\n现将有关事项通知如下：\n"
        "一、推广的改革举措（共4项）\n（一）知识产权保护方面3项：专利保险机制、技术调查官制度、快速审判机制。\n"
        "（二）科技金融创新方面1项：科技创新专板。\n二、认真抓好组织实施\n各地要抓好落实。\n"
        "国务院办公厅\n2018年12月23日\n附件\n改革举措推广清单\n"
        "序号\n改革举措\n主 要 内 容\n指导部门\n推广范围\n"
        "一、知识产权保护方面（共3项）\n1\n专利保险机制\n开发保险产品，降低侵权损失。\n国家知识产权局、中国银保监会\n全国\n"
        "2\n技术调查官制度\n最高人民法院、国家知识产权局\n全国\n3\n快速审判机制\n最高人民法院\n全国\n"
        "三、科技金融创新方面（共1项）\n"
        "10\n科技创新专板\n中国证监会\n8个改革试验区域\n"
    )
    assert tasks(text) == [
        ("一/1", ["国家知识产权局", "中国银保监会"], [], ""),
        ("一/2", ["最高人民法院", "国家知识产权局"], [], ""),
        ("一/3", ["最高人民法院"], [], ""),
        ("三/10", ["中国证监会"], [], ""),
    ]


# ---------------------------------------------------------------- shapes added with ADR 0059


@pytest.mark.parametrize(
    ("bracket", "expected"),
    [
        ("责任领导:杜新国;牵头单位:区发改局", (["区发改局"], [])),
        ("责任领导:杜新国、丁玲;牵头单位:区发改局、区农业农村局", (["区发改局", "区农业农村局"], [])),
        (
            "责任领导:洪声耀;牵头单位:区交通运输局;责任单位:区发改局、区林业局,相关乡镇办",
            (["区交通运输局"], ["区发改局", "区林业局", "相关乡镇办"]),
        ),
        ("牵头单位：县财政局；分管领导：李四", (["县财政局"], [])),
        ("责任领导：张三", None),
    ],
)
def test_a_leader_in_the_units_bracket_is_a_person_and_no_unit(bracket, expected):
    from gongkai.workplans.parsing import read_units

    assert read_units(bracket) == expected


def test_a_leader_bracket_closing_each_target_gives_the_lead_units_only():
    text = (
        "2023年区《政府工作报告》确定的重点工作任务责任分解方案\n一、2023年全区经济社会发展主要预期目标\n"
        "1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)\n"
        "2.一般公共预算收入增长12%以上。(责任领导:杜新国;牵头单位:区财政局、区税务局)\n"
    )
    assert tasks(text) == [
        ("一/1", ["区发改局"], [], ""),
        ("一/2", ["区财政局", "区税务局"], [], ""),
    ]


def test_a_pipe_table_with_a_leader_column_reads_its_units_and_time_not_the_leaders():
    text = (
        "2025年开发区重点工作及责任清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n优化“重点项目直通车”工作机 制,全力服务重 大项目落地见效。 |\n叶林 |\n"
        "招商工作部、安商工作部 |\n全年 |\n"
        "2 |\n力争全年盘活存量土地400亩。 |\n马振明、张云峰 |\n改革办 |\n2025年底前 |\n"
    )
    assert tasks(text) == [
        ("1", [], ["招商工作部", "安商工作部"], "全年"),
        ("2", [], ["改革办"], "2025年底前"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # 三水区: the notice's own items, the table named as 附件, a date in Chinese numerals.
        "各镇政府,区政府直属局以上单位:\n为推动各项工作的落实,将工作任务逐项分解下达。现将有关事项通知如下:\n"
        "一、各牵头单位要按照《2007年区政府工作主要任务分解表》(详见附件)的要求做好细化实施方案,"
        "于4月20日(星期五)前上报区督查组。\n二、各部门各单位要在每季度末将进展情况报区督查组。\n"
        "附件:2007年三水区政府工作主要任务分解表\n二○○七年四月十三日\n|\n",
        # 白龙江林业管理局: a notice that asks for task lists in the attached form, none on the page.
        "关于做好2015年林业重点工作任务和责任分工情况公示工作的通知\n局机关各部门:\n"
        "经管理局领导批示,由办公室负责落实此项工作。现将有关事项通知如下:\n一、公示目的\n主动公开年度重点工作任务。\n"
        "二、公示范围、方式和时间\n(一)公示范围和方式\n各部门重点工作在网站进行公示。\n(二)公示时间\n从公示之日起至12月31日。\n"
        "三、有关要求\n各部门根据附件格式,细化分解全年任务。于5月20日前报办公室统一公开公示。\n"
        "白龙江林业管理局办公室\n2015年5月15日\n",
    ],
)
def test_a_notice_whose_plan_is_only_attached_has_no_task(text):
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("没有识别出任何任务" in w for w in plan.warnings)


def test_a_notice_that_prints_its_items_with_units_before_the_attachment_keeps_them():
    # The same opening, but the items carry work and name who does it: a plan, read as before.
    text = (
        "关于做好某项工作的通知\n各单位:\n现将有关事项通知如下:\n"
        "一、开展专项整治。(区市场监管局牵头,各街道配合)\n二、按照附件要求报送台账。(区政府办负责)\n"
        "附件:专项整治任务清单\n区人民政府办公室\n2023年5月6日\n"
    )
    assert [t[0] for t in tasks(text)] == ["一", "二"]


def test_a_covering_notice_that_sends_the_tasks_out_分解印发_has_no_task_of_its_own():
    # 泾县: 现将…243项工作任务予以分解印发 — the notice's own 一、二、 are its demands.
    text = (
        "泾县人民政府关于分解落实政府工作报告目标任务的通知\n各乡镇人民政府,县政府各部门:\n"
        "经研究,现将《政府工作报告》2023年6个方面243项工作任务予以分解印发。各牵头领导、责任单位要高度重视。\n"
        "一、细化任务抓落实。各乡镇各部门要细化分解到月,建立工作台账。\n"
        "二、明确责任抓落实。各牵头责任单位要切实履行牵头抓总职责,各协同责任单位要主动配合。\n"
    )
    assert tasks(text) == []


def test_a_notice_that_sets_up_a_reporting_rule_is_rules_and_no_plan():
    # 成都: 关于建立…报告制度的通知 — what to report, to whom, by when.
    text = (
        "成都市人民政府办公厅关于建立政府工作落实情况报告制度的通知\n各区(市)县政府,市政府各部门:\n"
        "市政府决定建立政府工作落实情况报告制度。现将有关事项通知如下:\n一、报告内容:重要工作、重大项目的落实情况。\n"
        "二、已经完成的重要工作要认真总结,向市政府专题报告。\n三、各单位联系电话于4月15日前报送市政府研究室。\n"
        "二○○一年四月四日\n"
    )
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("规则制度" in w for w in plan.warnings)


@pytest.mark.parametrize(
    ("item", "deadline"),
    [
        ("（三）完成纪念馆建设。项目选址定在小垛庄村,力争2021年7月1日正式开馆。", "2021年7月1日"),
        ("（三）推进道路建设。确保于2022年6月30日建成通车。", "2022年6月30日"),
        # A day that bounds a period is no deadline; 前 keeps its own reading.
        ("（三）实施补贴政策。补贴期限为2019年1月1日至12月31日。", ""),
        ("（三）完成验收。力争2021年9月30日前完成。", "2021年9月30日前"),
    ],
)
def test_a_day_the_work_is_aimed_at_is_its_deadline(item, deadline):
    text = f"2021年某镇重点工作安排\n（一）做好换届工作。\n（二）建设示范村。\n{item}\n"
    assert tasks(text)[2][3] == deadline


def test_two_tables_one_cell_a_line_each_under_its_attachment_marker_keep_their_rows_apart():
    # 沙坪坝区: 附件1 序号 / 2022年预期目标 / 责任单位, then 附件2 序号 / 工作任务 / 牵头单位 / 配合单位.
    text = (
        "重庆市某区人民政府办公室关于印发2022年区政府工作报告目标任务的通知\n各镇人民政府、街道办事处:\n"
        "区政府办公室对报告明确的目标任务进行了分解,现印发给你们。\n"
        "附件:1. 2022年区政府工作报告经济社会发展预期目标任务分解表\n"
        "2. 2022年区政府工作报告重点工作任务分解表\n"
        "某区人民政府办公室\n2022年1月21日\n"
        "附件1\n2022年区政府工作报告经济社会发展预期目标任务分解表\n序号\n2022年预期目标\n责任单位\n"
        "1\n地区生产总值增长5.5%左右\n区发展改革委\n2\n工业增加值增长7%左右\n区经济信息委\n"
        "附件2\n2022年区政府工作报告重点工作任务分解表\n序号\n工作任务\n牵头单位\n配合单位\n"
        "1\n联动共建科学城\n推动国家重点实验室落地,引进研发机构。\n区科技局\n区发展改革委、区财政局\n"
    )
    assert tasks(text) == [
        ("附件1/1", [], ["区发展改革委"], ""),
        ("附件1/2", [], ["区经济信息委"], ""),
        ("附件2/1", ["区科技局"], ["区发展改革委", "区财政局"], ""),
    ]


def test_one_table_one_cell_a_line_keeps_its_plain_row_numbers():
    text = (
        "某区目标任务分解表\n序号\n2022年预期目标\n责任单位\n"
        "1\n地区生产总值增长5.5%左右\n区发展改革委\n2\n进出口总额增长5%以上\n区商务委\n"
    )
    assert tasks(text) == [("1", [], ["区发展改革委"], ""), ("2", [], ["区商务委"], "")]


# ---------------------------------------------------------------- shapes added with ADR 0067


def test_a_table_one_cell_a_line_whose_header_labels_are_unknown_reads_to_the_first_row():
    # 大竹县: 序号 / 民生实事 / 责任单位 / 完成时限; a row holding two sub-rows is one task, both times kept.
    text = (
        "附件\n2016年民生实事目标任务分解表\n序号\n民生实事\n责任单位\n完成时限\n"
        "1\n启动建设东湖湿地公园。\n县水务局\n县住建局\n12月底前\n"
        "2\n开工建设县老年养护楼。\n县民政局\n5月底前动工\n开工建设老年大学。\n12月底前\n"
        "3\n新建2座人行天桥。\n县住建局\n9月投入使用\n"
    )
    assert tasks(text) == [
        ("1", [], ["县水务局", "县住建局"], "12月底前"),
        ("2", [], ["县民政局"], "5月底前动工；12月底前"),
        ("3", [], ["县住建局"], "9月投入使用"),
    ]


def test_merged_cells_printed_once_give_their_units_and_time_to_the_rows_below():
    # 略阳: 指标 / 完成时限 / 责任领导 / 责任股室 spanning rows, printed on the first; glued unit lines.
    text = (
        "序号\n指标\n工作任务\n完成时限\n责任领导\n责任股室\n(单位)\n备注\n"
        "1\n公共文化服务\n免费开放服务人次较上年增长15%。\n12月底前\n夏俊贵\n文化宣传股\n文化馆\n"
        "2\n全年组织开展惠民演出不少于100场。\n文化宣传股文化馆\n"
        "3\n开展好“三下乡”活动。\n"
        "4\n旅游项目\n完成年度建设任务。\n5月底\n周 斐\n文物股\n"
        "5\n完成包扶村年度任务。\n10月底前\n黄文阁\n各股室\n"
    )
    assert tasks(text) == [
        ("1", [], ["文化宣传股", "文化馆"], "12月底前"),
        ("2", [], ["文化宣传股", "文化馆"], "12月底前"),
        ("3", [], ["文化宣传股", "文化馆"], "12月底前"),
        ("4", [], ["文物股"], "5月底"),
        ("5", [], ["各股室"], "10月底前"),
    ]


def test_a_name_that_holds_a_part_of_an_organ_stays_one_unit_when_glued_units_are_split():
    text = (
        "序号\n工作任务\n责任单位\n完成时限\n"
        "1\n做好信息发布。\n县政府\n年底前\n2\n做好档案管理。\n办公室\n年底前\n"
        "3\n做好政策解读。\n县政府办公室\n年底前\n4\n做好文化服务。\n县政府办公室县政府\n年底前\n"
    )
    assert [t[2] for t in tasks(text)] == [
        ["县政府"],
        ["办公室"],
        ["县政府办公室"],
        ["县政府办公室", "县政府"],
    ]


def test_a_pipe_row_with_an_empty_cell_keeps_it_empty_not_merged():
    text = (
        "序号 | 工作任务 | 责任单位 | 完成时限 |\n"
        "1 | 推进政务公开。 | 办公室 | 年底前 |\n"
        "2 | 做好政策解读。 | | 持续推进 |\n"
        "3 | 办理依申请公开。 | 各科室 | |\n"
    )
    assert tasks(text) == [
        ("1", [], ["办公室"], "年底前"),
        ("2", [], [], "持续推进"),
        ("3", [], ["各科室"], ""),
    ]


def test_a_pipe_table_with_spaced_header_labels_it_does_not_know_and_a_cut_last_cell():
    # 上城区: 序号 | 任 务 名 称 | 指 标 要 求 | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型 |.
    text = (
        "附件1 |\n(注:A类指责任目标;B类指激励目标)\n"
        "序号 | 任 务 名 称 | 指 标 要 求 | 牵 头 部 门 | 配 合 部 门 | 目 标 类 型 |\n"
        "1 | 地区生产总值 | 增长5.5% | 区发改经信局 | 区财政局、各街道办事处 | A类 |\n"
        "2 | 服务业增加值 | 增长6% | 区发改经信局 | 区财政局、区统计局、区"
    )
    assert tasks(text) == [
        ("1", ["区发改经信局"], ["区财政局", "各街道办事处"], ""),
        ("2", ["区发改经信局"], ["区财政局", "区统计局"], ""),
    ]


def test_a_report_of_progress_in_a_table_with_a_lead_column_has_no_task():
    # 崇川区: …推进情况(1-11月), 主要任务 | 牵头单位 | 1-10月推进情况 …
    text = (
        "2023年区政府重点民生实事项目推进情况(1-11月)\n序号 |\n主要任务 |\n全年目标任务 |\n分管 领导 |\n"
        "牵头 单位 |\n责任主体与协同单位 |\n1-10月推进情况 |\n是否达序 |\n"
        "24 |\n优化提升50条背街后巷交通组织。 |\n徐国江 |\n城管局 |\n市政局、相关街道 |\n"
        "已进场施工,完成30%。 |\n是 |\n"
    )
    plan = parse_with_tables(text)
    assert plan.tasks == []
    assert any("报告" in w for w in plan.warnings)


@pytest.mark.parametrize(
    "opening",
    [
        # 港闸区: the notice counts 40 实事 and prints three demands of its own.
        "区政府决定2017年继续为群众兴办10大类40项实事。现将有关事项通知如下:",
        # 南宁经开区: the notice is about a division of tasks and speaks to its units as such.
        "为全面完成各项工作任务,现就2020年重点工作任务分工有关事项通知如下:",
    ],
)
def test_a_notice_about_tasks_it_does_not_print_has_no_task(opening):
    text = (
        "某区人民政府关于组织实施重点工作的通知\n各街道办事处,区各有关部门:\n"
        f"{opening}\n"
        "一、强化组织领导。各单位要建立健全领导责任制,定期召开推进会。\n"
        "二、强化责任落实。各牵头单位要制订具体的实施方案,责任单位要积极配合。\n"
        "三、强化督促检查。区政府办要加大督查力度,对进度滞后的单位限期整改。\n"
    )
    assert tasks(text) == []


def test_a_notice_that_counts_as_many_items_as_it_prints_keeps_them():
    text = (
        "某区人民政府关于做好三项重点工作的通知\n各街道办事处:\n"
        "区政府决定今年重点抓好3项工作。现将有关事项通知如下:\n"
        "一、完成老旧小区改造。全年改造老旧小区12个,惠及居民3000户。\n"
        "二、新建农贸市场。在城东新建农贸市场1个,年底前投入使用。\n"
        "三、新增停车位。在老城区新增公共停车位500个,缓解停车难。\n"
    )
    assert [t[0] for t in tasks(text)] == ["一", "二", "三"]


def test_a_grouping_heading_that_names_the_lead_gives_it_to_its_items():
    # 沁县: 一、县示范区管委会牵头工作(8项) over items with no units of their own.
    text = (
        "2025年县政府工作报告任务清单\n一、县示范区管委会牵头工作(8项)\n"
        "1.投资3000万元建设养殖基地。\n2.打造食用菌酵素生产基地。(县农业农村局负责)\n"
        "二、县发改局负责事项(2项)\n3.争取专项债券项目10个。\n"
    )
    assert tasks(text) == [
        ("一/1", ["县示范区管委会"], [], ""),
        ("一/2", [], ["县农业农村局"], ""),
        ("二/3", [], ["县发改局"], ""),
    ]


def test_xieban_lines_are_responsible_and_a_unit_line_broken_by_the_page_reads_whole():
    # 石景山区: 牵头单位：… / 协办单位：…、园区党工 / 委、各街道党工委, copied from a PDF.
    text = (
        "某区任务分解方案\n一、提高基层党建工作水平\n1.完善街道党工委的领导体制机制,优\n化决策程序。\n"
        "牵头单位:区委组织部\n协办单位:区委编办、区民政局(区委社会工委)、园区党工\n委、各街道党工委\n"
        "2.以区域化党建为重点,构建党建工作体系。\n牵头单位:区委组织部\n"
    )
    assert tasks(text) == [
        ("一/1", ["区委组织部"], ["区委编办", "区民政局(区委社会工委)", "园区党工委", "各街道党工委"], ""),
        ("一/2", ["区委组织部"], [], ""),
    ]


def test_a_sections_standing_duties_are_no_plan_but_a_division_of_duties_is_read():
    # 濉溪县督查科: 一、主要职责 then duties that each open 负责…
    duties = (
        "一、主要职责\n负责县政府领导安排事项的督办工作;负责热线办公室办理回复事项的督办工作。\n"
        "科室负责人:陈涛\n"
    )
    assert tasks(duties) == []
    division = (
        "某县政务公开工作方案\n一、主要职责分工\n（一）县政府办公室负责统筹推进全县政务公开工作。\n"
        "（二）县直各部门负责本部门信息公开工作。\n"
    )
    assert [t[0] for t in tasks(division)] == ["一/（一）", "一/（二）"]
