# ruff: noqa: E501 (the page template below is one HTML line per row, as the CMS prints it)
"""extract_article / learn_profile on pages of one made-up template: furniture, Word paste, meta tags."""

from datetime import date

from gongkai.migration.extraction import extract_article, learn_profile


def page(title, body, serial, pubdate="2020-03-05", issuer="本站", meta=True):
    metas = (
        f'<meta name="SiteName" content="某县人民政府"><meta name="ColumnName" content="通知公告">'
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{pubdate} 09:30">'
        f'<meta name="ContentSource" content="{issuer}">'
        if meta
        else ""
    )
    return f"""<html><head><meta charset="utf-8"><title>{title}_某县人民政府</title>{metas}
<style>p.MsoNormal {{font-size:12pt}}</style></head><body>
<div class="top"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hd/">互动交流</a></div>
<div class="crumb"><span>当前位置：</span><a href="/">首页</a>&gt;<a href="/zwgk/">政务公开</a>&gt;<a href="/zwgk/tzgg/">通知公告</a></div>
<table class="xxgk"><tr><td>索 引 号：</td><td>113xxx/2020-{serial:05d}</td><td>发布机构：</td><td>{issuer}</td></tr>
<tr><td>成文日期：</td><td></td><td>发布日期：</td><td>{pubdate}</td></tr>
<tr><td>文号：</td><td></td><td>主题分类：</td><td></td></tr></table>
<div class="article"><h1>{title}</h1><div class="info">时间：{pubdate} 来源：{issuer} 浏览次数： 微信 微博 QQ空间</div>
<div id="zoom">{body}</div><div class="share">【打印本页】【关闭窗口】</div></div>
<div class="foot">版权所有：某县人民政府 主办 地址：某县某路1号</div></body></html>"""


WORD_BODY = """<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<p class="MsoNormal" style="mso-line-height-rule:exactly">县政发〔2020〕5号<o:p></o:p></p>
<p class="MsoNormal">各乡镇人民政府，县直各单位：</p>
<p class="MsoNormal">根据《省人民政府关于某事的通知》（省政发〔2019〕3号）精神，现将教育?卫生工作通知如下。<a href="#_msocom_1">[U1]</a></p>
<v:shape id="x"><v:imagedata src="a.png"></v:imagedata></v:shape>
<table border="1"><tr><td colspan="2">项目</td></tr><tr><td>甲</td><td>乙</td></tr></table>
<p>附件：<a href="/files/2020/fj1.doc">1.某某表.doc</a> <a href="../up/fj2.pdf">某某说明</a></p>
<p>某县人民政府</p><p>2020年3月5日</p>
<div class="msocomtxt"><p>审阅意见：这里删掉</p></div>"""


def pages():
    return [
        (
            "http://www.x.gov.cn/zwgk/202003/t20200305_1.html",
            page("某县人民政府关于做好某事的通知", WORD_BODY, 1),
        ),
        (
            "http://www.x.gov.cn/zwgk/202004/t20200401_2.html",
            page(
                "关于张三同志任职的通知",
                "<p>张三，男，1975年3月出生，汉族。</p><p>某县人民政府办公室</p><p>某县财政局</p><p>2020年4月1日</p>",
                2,
                pubdate="2020-09-01",
            ),
        ),
        (
            "http://www.x.gov.cn/zwgk/202005/t20200506_3.html",
            page(
                "某县某某管理办法（已废止）",
                "<p>第一条 为了……</p><p>第二条 本办法由县水务局负责解释。</p>",
                3,
                issuer="某县水务局",
            ),
        ),
    ]


def test_profile_learns_regions_and_furniture():
    profile = learn_profile(pages())
    assert profile.content_paths[0].endswith("div#zoom")
    assert profile.metadata_paths[0] == "table.xxgk"
    assert profile.breadcrumb_paths
    assert "【打印本页】【关闭窗口】" in profile.furniture
    assert profile.site_name == "某县人民政府"


def test_article_fields_and_clean_body():
    profile = learn_profile(pages())
    url, html = pages()[0]
    doc = extract_article(html, url, profile)
    assert doc.title == "某县人民政府关于做好某事的通知"
    assert doc.title_source == "meta:ArticleTitle"
    assert doc.index_number == "113xxx/2020-00001"
    assert doc.doc_number.value == "县政发〔2020〕5号"
    assert doc.related_doc_numbers == ["省政发〔2019〕3号"]
    assert doc.issuer.value == "某县人民政府"
    assert doc.issuer.source == "signature"
    assert doc.written_on.value == date(2020, 3, 5)
    assert doc.published_on.value == date(2020, 3, 5)
    assert doc.published_on.source == "meta:PubDate"
    assert doc.column_path == ["政务公开", "通知公告"]
    assert doc.column_meta == "通知公告"
    assert doc.genre.value == "notice"
    # Word paste, comment anchors, furniture gone; the table kept with its spans; mojibake fixed.
    for gone in (
        "mso",
        "[U1]",
        "o:p",
        "v:shape",
        "审阅意见",
        "打印本页",
        "浏览次数",
        "当前位置",
        "版权所有",
        "WordDocument",
    ):
        assert gone not in doc.body_html, gone
    assert '<td colspan="2">项目</td>' in doc.body_html
    assert "教育、卫生" in doc.body_text
    assert not doc.body_text.startswith(doc.title)
    assert [a.url for a in doc.attachments] == [
        "http://www.x.gov.cn/files/2020/fj1.doc",
        "http://www.x.gov.cn/zwgk/up/fj2.pdf",
    ]
    assert doc.attachments[0].name == "1.某某表.doc"


def test_refiled_header_date_and_joint_signature_and_birth_date():
    profile = learn_profile(pages())
    url, html = pages()[1]
    doc = extract_article(html, url, profile)
    assert doc.published_on.value == date(2020, 4, 1)
    assert doc.published_on.source == "url"
    assert doc.written_on.value == date(2020, 4, 1)
    assert doc.issuer.value == "某县人民政府办公室、某县财政局"
    assert any("晚于网址" in p for p in doc.problems)


def test_validity_and_header_issuer():
    profile = learn_profile(pages())
    url, html = pages()[2]
    doc = extract_article(html, url, profile)
    assert doc.validity.value == "repealed"
    assert doc.genre.value == "normative"
    assert doc.issuer.value == "某县水务局"


def test_page_without_profile_or_meta_tags():
    url, _ = pages()[0]
    doc = extract_article(page("某县人民政府关于做好某事的通知", WORD_BODY, 1, meta=False), url)
    assert doc.title == "某县人民政府关于做好某事的通知"
    assert doc.doc_number.value == "县政发〔2020〕5号"
    assert "<table" in doc.body_html
    assert doc.published_on.value == date(2020, 3, 5)


def test_gbk_bytes_and_empty_page():
    url, html = pages()[0]
    raw = html.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    assert extract_article(raw, url).title == "某县人民政府关于做好某事的通知"
    empty = extract_article("", "http://x/")
    assert empty.title == ""
    assert "正文为空（可能只有附件）" in empty.problems


def test_header_line_and_title_inside_the_content_region_are_furniture():
    html = """<html><head><title>某县人民政府关于做好某事的通知</title></head><body>
    <div class="nav"><a href="/">首页</a> <a href="/a">政务公开</a></div>
    <div class="article"><p>某县人民政府关于做好某事的通知</p><p>发布时间：2021-06-01 来源：县政府办</p>
    <p>县政发〔2021〕7号</p><p>各乡镇人民政府：</p><p>时间：2021年6月底前完成。</p><p>现将有关事项通知如下，请认真贯彻执行。</p>
    <p>某县人民政府</p><p>2021年5月28日</p><p>来源：县政府办</p></div></body></html>"""
    doc = extract_article(html, "http://www.x.gov.cn/zwgk/202106/t20210601_9.html")
    assert doc.body_text.splitlines()[0] == "县政发〔2021〕7号"
    assert "发布时间" not in doc.body_html
    assert "来源：县政府办" not in doc.body_html
    assert "时间：2021年6月底前完成。" in doc.body_text  # inside the text: the document's own
    assert doc.published_on.value == date(2021, 6, 1)
    assert doc.published_on.source == "page:发布时间"


def test_attachment_links_through_download_handlers():
    html = """<html><body><div id="zoom"><p>详见附件。</p>
    <p><a href="/module/download/downfile.jsp?filename=a1.doc&classid=0">某某表</a></p>
    <p><a href="/attach/download?id=77">附件2：名单</a></p>
    <p><a href="/zwgk/other.html">相关新闻</a></p></div></body></html>"""
    doc = extract_article(html, "http://www.x.gov.cn/zwgk/a.html")
    assert [a.url for a in doc.attachments] == [
        "http://www.x.gov.cn/module/download/downfile.jsp?filename=a1.doc&classid=0",
        "http://www.x.gov.cn/attach/download?id=77",
    ]
    assert doc.body_text == "详见附件。\n某某表\n附件2：名单\n相关新闻"


def test_page_kinds():
    from gongkai.migration.extraction import page_kind

    profile = learn_profile(pages())
    assert page_kind(pages()[0][1], profile) == "article"
    rows = "".join(
        f"<li><a href='/a/{i}.html'>某县关于第{i}项工作的通知</a><span>2021-06-{i:02d}</span></li>"
        for i in range(1, 21)
    )
    listing = f"<html><head><title>通知公告</title></head><body><ul class='list'>{rows}</ul><div>共20条 上一页 下一页</div></body></html>"
    assert page_kind(listing) == "list"
    assert page_kind("<html><body><p>页面不存在</p></body></html>") == "other"


def test_profile_round_trips_through_json():
    import json

    from gongkai.migration.extraction import SiteProfile

    profile = learn_profile(pages())
    again = SiteProfile.from_dict(json.loads(json.dumps(profile.as_dict())))
    assert again == profile
    url, html = pages()[0]
    assert extract_article(html, url, again) == extract_article(html, url, profile)


def test_interpretation_linked_by_a_related_documents_line():
    html = """<html><head><meta name="ArticleTitle" content="《某县农村供水管理办法》政策解读"></head><body>
    <div class="crumb">当前位置：<a href="/">首页</a>&gt;<a href="/zcjd/">政策解读</a></div>
    <div id="zoom"><p>一、起草背景</p><p>为规范农村供水管理……</p><p>二、主要内容</p><p>共五章二十条……</p></div>
    <div class="rel"><span>相关文件：</span><a href="../../zfwj/202103/t20210305_88.html">某县人民政府关于印发某县农村供水管理办法的通知</a></div>
    </body></html>"""
    doc = extract_article(html, "http://www.x.gov.cn/zcjd/202103/t20210308_90.html")
    assert doc.genre.value == "interpretation"
    assert doc.related_links == [
        (
            "某县人民政府关于印发某县农村供水管理办法的通知",
            "http://www.x.gov.cn/zfwj/202103/t20210305_88.html",
        )
    ]


def test_profile_from_a_long_iterator_keeps_a_bounded_sample():
    from gongkai.migration.extraction import sample_pages

    many = (pages()[i % 3] for i in range(1000))
    profile = learn_profile(many, max_pages=12)
    assert profile.pages_seen == 12
    assert profile.content_paths[0].endswith("div#zoom")
    assert sample_pages(range(1000), 10) == sample_pages(range(1000), 10)  # deterministic
    assert len(set(sample_pages(range(1000), 10))) == 10


def test_attachment_extension():
    from gongkai.migration.extraction import ExtractedAttachment

    assert ExtractedAttachment("http://x/a/P0201.PDF", "通知").extension == "pdf"
    assert ExtractedAttachment("http://x/down.jsp?filename=a.wps&id=1", "附件").extension == "wps"
    assert ExtractedAttachment("http://x/attach/download?id=77", "附件2：名单.xls").extension == "xls"
    assert ExtractedAttachment("http://x/attach/download?id=77", "附件2：名单").extension == ""
