"""Pasted bodies: Word/WPS HTML cleaned with tables kept; plain text split into paragraphs."""

from gongkai.textproc.paste import body_html, looks_like_html

WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal{mso-style-parent:"";font-family:仿宋_GB2312}</style></head><body lang=ZH-CN>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>
各乡镇人民政府：<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoTableGrid border=1>
<tr><td colspan=2 style='width:100pt'><p class=MsoNormal>项目<o:p></o:p></p></td></tr>
<tr><td>资金</td><td onclick="steal()">120万元</td></tr></table>
<script>alert(1)</script><a href="javascript:alert(1)">链接</a></body></html>"""


def test_word_html_keeps_text_and_table_and_drops_office_markup():
    html = body_html(WORD)
    assert "各乡镇人民政府：" in html
    assert '<td colspan="2"><p>项目</p></td>' in html
    assert "<td>120万元</td>" in html
    for gone in (
        "mso",
        "MsoNormal",
        "style",
        "<o:p",
        "WordDocument",
        "Normal",
        "script",
        "onclick",
        "javascript",
    ):
        assert gone not in html, gone
    assert "<p></p>" not in html  # Word's &nbsp; spacing paragraph is gone


def test_web_html_with_a_table_head_is_kept():
    html = body_html("<div><h2>一、基本情况</h2><table><thead><tr><th>序号</th></tr></thead></table></div>")
    assert "<h2>一、基本情况</h2>" in html
    assert "<th>序号</th>" in html


def test_plain_text_blank_lines_make_paragraphs_and_single_breaks_stay():
    text = "各有关单位：\n\n现将有关事项通知如下。\n第二行接着写。\n\n\n某某县人民政府\n2026年3月1日\n"
    assert body_html(text) == (
        "<p>各有关单位：</p><p>现将有关事项通知如下。<br>第二行接着写。</p><p>某某县人民政府<br>2026年3月1日</p>"
    )


def test_plain_text_without_blank_lines_is_one_paragraph_per_line():
    # Word/WPS plain-text copy of a 公文: one paragraph per line, no blank lines between.
    assert body_html("一、总体要求\r\n二、主要任务\r\n") == "<p>一、总体要求</p><p>二、主要任务</p>"


def test_angle_brackets_in_plain_text_are_text_not_markup():
    assert not looks_like_html("年龄<35岁，学历>本科")
    assert body_html("年龄<35岁，学历>本科") == "<p>年龄&lt;35岁，学历&gt;本科</p>"
    assert body_html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_empty_and_whitespace_bodies_stay_empty():
    assert body_html("") == ""
    assert body_html(" \n\u3000\n ") == ""


def test_cleaning_is_stable_when_a_saved_body_is_edited_again():
    once = body_html(WORD)
    assert body_html(once) == once
