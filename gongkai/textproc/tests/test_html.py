from gongkai.textproc.html import sanitize_html, text_to_html


def test_script_elements_are_removed_with_their_content():
    cleaned = sanitize_html("<p>通知</p><script>alert('x')</script>")
    assert "<script" not in cleaned
    assert "alert" not in cleaned
    assert "<p>通知</p>" in cleaned


def test_event_handler_attributes_are_removed():
    cleaned = sanitize_html('<img src="https://example.gov.cn/a.png" onerror="alert(1)">')
    assert "onerror" not in cleaned
    assert "alert" not in cleaned
    assert 'src="https://example.gov.cn/a.png"' in cleaned


def test_javascript_urls_are_removed_but_link_text_kept():
    cleaned = sanitize_html('<a href="javascript:alert(1)">点击查看</a>')
    assert "javascript:" not in cleaned
    assert "点击查看" in cleaned


def test_javascript_url_with_mixed_case_and_entities_is_removed():
    cleaned = sanitize_html('<a href="JaVaScRiPt&#58;alert(1)">链接</a>')
    assert "alert" not in cleaned.split(">", 1)[0]


def test_style_attributes_and_iframes_are_removed():
    cleaned = sanitize_html('<p style="color:red">正文</p><iframe src="https://evil.example"></iframe>')
    assert "style=" not in cleaned
    assert "<iframe" not in cleaned
    assert "正文" in cleaned


def test_paragraphs_and_tables_are_kept():
    html = (
        "<p>各有关单位：</p>"
        "<table><thead><tr><th>项目</th><th>金额</th></tr></thead>"
        '<tbody><tr><td colspan="2">合计</td></tr></tbody></table>'
    )
    cleaned = sanitize_html(html)
    assert "<p>各有关单位：</p>" in cleaned
    assert "<table>" in cleaned
    assert "<th>项目</th>" in cleaned
    assert '<td colspan="2">合计</td>' in cleaned


def test_safe_links_keep_href_and_get_noopener():
    cleaned = sanitize_html('<a href="https://www.gov.cn/">中国政府网</a>')
    assert 'href="https://www.gov.cn/"' in cleaned
    assert "noopener" in cleaned


def test_none_becomes_empty_string():
    assert sanitize_html(None) == ""


def test_text_to_html_escapes_markup():
    assert (
        text_to_html("第一段\n<script>x</script>\n") == "<p>第一段</p><p>&lt;script&gt;x&lt;/script&gt;</p>"
    )
