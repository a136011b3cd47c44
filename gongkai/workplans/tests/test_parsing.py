"""The five seed notices, raw (traditional characters with pinyin, injected spam, odd spacing),
parsed: task counts and, for tasks checked by hand against the notices, units and deadlines."""

from datetime import date
from pathlib import Path

import pytest

from gongkai.demo.management.commands.seed_demo import seeds_dir
from gongkai.workplans.parsing import parse, read_deadline, read_units, split_units


def seed(prefix: str) -> str:
    (path,) = seeds_dir().glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "tasks", "title", "doc_number", "year"),
    [
        (
            "000",
            31,
            "昌吉市人民政府办公室关于印发2020年昌吉市政务公开工作要点的通知",
            "昌市政办发〔2020〕24号",
            2020,
        ),
        ("001", 24, "朝阳市2020年政务公开工作要点", "", 2020),
        ("002", 33, "奎屯市2017年政务公开工作实施方案", "", 2017),
        ("003", 35, "关于印发轮台县2021年政务公开工作要点的通知", "轮政办函〔2021〕8号", 2021),
        (
            "004",
            20,
            "吉林省政务公开（政府信息公开）领导小组关于印发《吉林省2020年政务公开工作要点及重点任务分工》的通知",
            "吉政公组〔2020〕3号",
            2020,
        ),
    ],
)
def test_each_seed_parses_to_its_tasks(prefix, tasks, title, doc_number, year):
    plan = parse(seed(prefix))
    assert len(plan.tasks) == tasks
    assert plan.title == title
    assert plan.doc_number == doc_number
    assert plan.year == year
    assert len({t.path for t in plan.tasks}) == tasks  # every path unique


def task(prefix, path):
    return next(t for t in parse(seed(prefix)).tasks if t.path == path)


def test_seed_000_units_and_deadline():
    first = task("000", "一/（一）/1")
    assert first.lead_units == ["市行政审批局"]
    assert first.responsible_units == ["市直各部门"]
    third = task("000", "一/（二）/3")  # "3.2020年底前，…" is item 3, not a decimal
    assert third.deadline_text == "2020年底前"
    assert third.deadline == date(2020, 12, 31)
    assert task("000", "三/（三）/12").lead_units == ["市发改委", "财政局", "税务局", "行政审批局"]
    assert task("000", "七/（四）/31").warnings  # 保障措施 without units: imported with a warning
    assert "抄送" not in task("000", "七/（四）/31").text


def test_seed_001_traditional_with_pinyin_and_a_typo_in_the_units():
    plan = parse(seed("001"))
    assert "朝陽" not in plan.text
    assert "(yáng)" not in plan.text
    assert any("拼音" in w for w in plan.warnings)
    first = task("001", "一/1")
    assert first.lead_units == ["市政府办公室"]
    assert first.responsible_units == ["各县(市)区政府", "市政府各部门"]
    assert task("001", "二/6").deadline == date(2020, 9, 15)
    assert task("001", "一/4").deadline == date(2020, 8, 31)
    typo = task("001", "五/17")  # (牵头单位:…;责任单位;…)
    assert typo.lead_units == ["市政府办公室"]
    assert typo.responsible_units == ["各县(市)政府", "市政府各单位"]
    assert task("001", "三/10").responsible_units[-1] == "市(中、省)直单位"


def test_seed_002_flags_the_injected_gambling_string():
    plan = parse(seed("002"))
    assert "btbt365me" not in plan.text
    assert any("btbt365me" in w for w in plan.warnings)
    split = task("002", "二/（二）")  # (市发改委、财政局按职责分工分别牵头,各相关部门配合落实)
    assert split.lead_units == ["市发改委", "财政局"]
    assert split.responsible_units == ["各相关部门"]
    assert task("002", "五/（二）").recurrence == "quarterly"
    assert "印发" not in task("002", "九/（二）").text


def test_seed_002_an_item_with_unit_brackets_inside_it_carries_all_of_them():
    # 二/（一） prints three brackets: …(市发改委、人社局、财政局、统计局按职责分工分别牵头落实)。
    # …(市统计局牵头落实)。…(市审计局牵头落实)。 — one task, every unit, in document order.
    first = task("002", "二/（一）")
    assert first.lead_units == ["市发改委", "人社局", "财政局", "统计局", "市统计局", "市审计局"]
    assert first.responsible_units == []
    # 三/（三）: (市行政服务中心牵头落实) … (各有关部门负责落实) … (市公安局牵头,会同相关部门落实).
    third = task("002", "三/（三）")
    assert third.lead_units == ["市行政服务中心", "市公安局"]
    assert third.responsible_units == ["各有关部门", "相关部门"]
    assert "市审计局牵头落实" not in first.text  # the brackets are units, not text


def test_seed_003_bare_unit_lists():
    first = task("003", "一/（一）/1")  # （县发改委、自然资源局、住建局）
    assert first.lead_units == ["县发改委"]
    assert first.responsible_units == ["自然资源局", "住建局"]
    assert task("003", "三/（一）/24").deadline == date(2021, 12, 31)


def test_seed_004_lead_then_everyone_by_their_duties():
    t = task("004", "四/（一）")
    assert t.lead_units == ["省应急管理厅", "省卫健委", "省公安厅", "省生态环境厅", "省自然资源厅"]
    assert t.responsible_units == ["各市〔州〕", "县〔市、区〕政府", "省政府各部门", "各单位"]
    assert task("004", "六/（四）").responsible_units == ["全省各级政务公开主管部门"]


@pytest.mark.parametrize(
    ("bracket", "lead", "responsible"),
    [
        ("牵头单位：市司法局；责任单位：各乡镇、街道", ["市司法局"], ["各乡镇", "街道"]),
        ("责任单位：市直各部门", [], ["市直各部门"]),
        ("市卫健委牵头，会同市民政局落实", ["市卫健委"], ["市民政局"]),
        ("县发改委、自然资源局", ["县发改委"], ["自然资源局"]),
        ("各市〔州〕、县〔市、区〕政府按职责分工分别牵头落实", ["各市〔州〕", "县〔市、区〕政府"], []),
    ],
)
def test_unit_markers(bracket, lead, responsible):
    assert read_units(bracket) == (lead, responsible)


def test_a_bracket_that_names_no_unit_is_not_taken_for_units():
    assert read_units("国办发〔2019〕54号") is None
    assert split_units("市(中、省)直单位、市政府各部门") == ["市(中、省)直单位", "市政府各部门"]


@pytest.mark.parametrize(
    ("text", "found", "deadline", "recurrence"),
    [
        ("2020年底前完成", "2020年底前", date(2020, 12, 31), ""),
        ("9月15日前发布", "9月15日前", date(2021, 9, 15), ""),
        ("11月底前完成", "11月底前", date(2021, 11, 30), ""),
        ("年内完成", "年内", date(2021, 12, 31), ""),
        ("10月20日之前发布", "10月20日之前", date(2021, 10, 20), ""),
        ("5个工作日内公开", "5个工作日内", None, ""),
        ("每季度更新", "每季度", None, "quarterly"),
        ("持续推进", "", None, ""),
    ],
)
def test_deadlines_resolve_against_the_plan_year(text, found, deadline, recurrence):
    assert read_deadline(text, 2021) == (found, deadline, recurrence)


def test_parsing_is_fast_and_rejects_what_is_not_a_plan():
    import time

    text = seed("002")
    started = time.perf_counter()
    parse(text)
    assert time.perf_counter() - started < 1.0  # 30,000 characters
    assert "没有识别出任何任务" in parse("这是一段与工作要点无关的文字。").warnings[0]
    assert parse("").tasks == []


@pytest.mark.django_db
def test_the_command_prints_the_documented_json_with_matched_organs(tmp_path, two_orgs):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    from gongkai.orgs.models import OrganizationAlias

    OrganizationAlias.objects.create(organization=two_orgs.dept_a1, alias="市发改委")
    notice = tmp_path / "plan.txt"
    notice.write_text(seed("000"), encoding="utf-8")
    out = StringIO()
    call_command("workplan", "parse", str(notice), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {"title", "doc_number", "issuer", "date", "tasks", "warnings"}
    assert result["doc_number"] == "昌市政办发〔2020〕24号"
    assert len(result["tasks"]) == 31
    twelfth = next(t for t in result["tasks"] if t["path"] == "三/（三）/12")
    assert twelfth["matched_organs"] == [
        {"unit": "市发改委", "organ": "甲市发展和改革委员会", "slug": "jia-fgw"}
    ]
    assert set(twelfth) >= {
        "path",
        "text",
        "lead_units",
        "responsible_units",
        "matched_organs",
        "deadline_text",
        "deadline",
    }
    empty = tmp_path / "empty.txt"
    empty.write_text("   ")
    with pytest.raises(CommandError, match="空"):
        call_command("workplan", "parse", str(empty), stdout=StringIO())
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(CommandError, match="未能从文件中读出文字"):
        call_command("workplan", "parse", str(broken), stdout=StringIO())


def test_a_task_division_table_in_a_docx():
    import io

    from docx import Document

    from gongkai.workplans.parsing import docx_tables, parse_with_tables

    document = Document()
    document.add_paragraph("2026年甲县政务公开重点任务分工")
    table = document.add_table(rows=3, cols=6)
    for row, cells in enumerate(
        [
            ["序号", "工作任务", "工作要求", "牵头单位", "责任单位", "时限"],
            ["1", "公开权责清单", "动态调整", "县发改委", "县直各部门", "2026年6月底前"],
            ["2", "政策解读", "同步解读", "县政府办", "", "每季度"],
        ]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_with_tables("2026年甲县政务公开重点任务分工", docx_tables(buffer.getvalue()))
    assert [t.path for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[0].text == "公开权责清单；动态调整"
    assert plan.tasks[0].lead_units == ["县发改委"]
    assert plan.tasks[0].deadline == date(2026, 6, 30)
    assert plan.tasks[1].recurrence == "quarterly"


def test_a_task_division_table_flattened_into_lines():
    from gongkai.workplans.parsing import parse_with_tables

    text = (
        "乙县2025年政务公开工作任务分工\n"
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n"
        "1\t做好财政预决算公开\t县财政局\t各乡镇、县直各部门\t2025年9月15日前\n"
        "2\t完善政府信息公开平台\t县政府办公室\t\t年内\n"
    )
    plan = parse_with_tables(text)
    assert len(plan.tasks) == 2
    assert plan.tasks[0].responsible_units == ["各乡镇", "县直各部门"]
    assert plan.tasks[0].deadline == date(2025, 9, 15)
    assert plan.tasks[1].deadline == date(2025, 12, 31)


EXPECTED = Path(__file__).with_name("seed_tasks.json")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_task_of_every_seed_has_the_units_and_deadline_checked_by_hand(prefix):
    """seed_tasks.json was written from the parser and then read task by task against each
    notice's closing brackets and deadlines; a change in any task fails here."""
    import json

    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))[prefix]
    got = [
        {
            "path": t.path,
            "lead_units": t.lead_units,
            "responsible_units": t.responsible_units,
            "deadline_text": t.deadline_text,
        }
        for t in parse(seed(prefix)).tasks
    ]
    assert got == expected
