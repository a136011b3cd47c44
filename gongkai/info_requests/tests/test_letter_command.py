"""`gongkai letter`: sample letters of an organ for a fictitious application, nothing kept."""

import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.info_requests import outcomes
from gongkai.info_requests.models import InfoRequest, IssuedLetter, LetterCounter

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("letter", *args, stdout=out)
    return out.getvalue()


def test_list_outcomes_names_every_code_with_its_annual_report_row():
    text = run("--list-outcomes")
    for outcome in outcomes.OUTCOMES:
        assert f"{outcome.code}\t{outcomes.annual_report_row(outcome.code)}" in text
    assert "withhold_process\t（三）不予公开·6.属于四类过程性信息" in text
    assert "复议前置" in text


def test_a_sample_reply_as_text_leaves_nothing_behind(two_orgs):
    text = run("--org", "jia-fgw", "--kind", "reply", "--outcome", "withhold_process", "--format", "text")
    assert "甲市发展和改革委员会\n政府信息公开申请答复书\n甲市发改委公开答〔" in text
    assert "第三十六条第（三）项、第十六条第二款的规定，本机关决定不予公开。" in text
    assert "应当先自收到本答复之日起60日内向甲市人民政府申请行政复议" in text
    assert not InfoRequest.objects.exists()
    assert not IssuedLetter.objects.exists()
    assert not LetterCounter.objects.exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--kind", "consultation", "--consultation-kind", "organ"], "视为同意公开"),
        (["--kind", "consultation"], "可能损害您（单位）的合法权益"),
        (["--kind", "fee"], "第31至100页10元/页"),
        (["--kind", "extension"], "本机关将于"),
        (["--kind", "correction"], "请于"),
        (["--kind", "reasons"], "第三十五条的规定，请您于"),
        (["--kind", "delay"], "本机关确定延迟答复的期限为"),
        (["--kind", "receipt", "--applicant-kind", "commercial"], "收到贵单位提出的"),
        (["--outcome", "unavailable_not_held", "--ground", "not_responsible"], "联系方式：0994-0000000"),
    ],
)
def test_each_kind_of_sample(two_orgs, args, expected):
    assert expected in run("--org", "甲市发展和改革委员会", *args)


def test_docx_and_pdf_are_written_to_the_output_file(two_orgs, tmp_path):
    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        target = tmp_path / f"sample.{fmt}"
        run("--org", "jia", "--format", fmt, "--output", str(target))
        assert target.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "nowhere"], "机关不存在"),
        ([], "--org"),
        (["--org", "jia", "--format", "pdf"], "--output"),
        (["--org", "jia", "--outcome", "partial", "--ground", "not_exist"], "没有情形"),
    ],
)
def test_bad_arguments_get_a_clear_message(two_orgs, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
