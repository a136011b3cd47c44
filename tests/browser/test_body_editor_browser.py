"""An editor pastes a Word table and plain text into the record form and previews the body as the
public page will show it — in Chromium."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.services import seed_statutory_columns
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD_TABLE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:""}'
    "</style></head><body><!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    "<p class=MsoNormal><span style='font-family:仿宋_GB2312'>资金安排如下：<o:p></o:p></span></p>"
    "<table class=MsoTableGrid border=1><tr><td colspan=2 style='width:100pt'>项目资金表</td></tr>"
    "<tr><td>农田水利</td><td onclick='x()'>120万元</td></tr></table></body></html>"
)
PLAIN = "各乡镇人民政府：\n\n现将有关事项通知如下。\n请遵照执行。\n\n轮台县人民政府办公室\n2026年3月1日"


@pytest.fixture
def editor():
    org = Organization.objects.add_root(
        dict(
            name="轮台县人民政府",
            short_name="轮台县政府",
            slug="luntai",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652822MB0000002"),
        )
    )
    seed_statutory_columns(org=org)
    user = User.objects.create_user(username="luntai_editor", password="x", email="e@luntai.gov.cn")
    Membership.objects.create(user=user, organization=org, role=Role.EDITOR)
    return user


def _logged_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="zh-CN")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def _paste(page, *, html: str = "", text: str = "") -> None:
    """A real paste event (clipboard data as Word puts it there) into the body field."""
    page.locator("#id_body").focus()
    page.evaluate(
        """([html, text]) => {
            const data = new DataTransfer();
            if (html) data.setData("text/html", html);
            data.setData("text/plain", text);
            const field = document.getElementById("id_body");
            const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
            if (field.dispatchEvent(event)) {
                // Nothing took the paste over: do what the browser does with plain text.
                field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
            }
        }""",
        [html, text],
    )


def test_pasted_word_table_and_plain_text_preview_as_the_public_page(browser, live_server, editor):
    page = _logged_in_page(browser, live_server, editor)
    page.goto(f"{live_server.url}/workbench/records/new/")
    _paste(page, html=WORD_TABLE, text="资金安排如下：\t项目资金表")
    page.get_by_role("button", name="预览").click()
    body = page.locator(".preview .record-body")
    body.wait_for()
    assert body.locator("table td[colspan='2']").inner_text() == "项目资金表"
    assert body.locator("table tr").count() == 2
    assert "资金安排如下：" in body.inner_text()
    inner = body.inner_html()
    for gone in ("mso", "onclick", "style=", "o:p"):
        assert gone not in inner
    # The form keeps what was pasted; replace it with plain text and preview again.
    page.locator("#id_body").fill("")
    _paste(page, text=PLAIN)
    page.get_by_role("button", name="预览").click()
    paragraphs = page.locator(".preview .record-body p")
    paragraphs.first.wait_for()
    assert paragraphs.count() == 3
    assert paragraphs.nth(1).inner_html() == "现将有关事项通知如下。<br>请遵照执行。"
    assert paragraphs.nth(2).inner_text() == "轮台县人民政府办公室\n2026年3月1日"
    page.context.close()
