"""The 工作要点 review page in Chromium: a notice copied as one 30,000-character line (as a web
page or a PDF gives it) wraps beside the parse instead of widening the page (issue 10: it had been
4,500–6,600 px wide)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from gongkai.accounts.models import Membership, Role, User
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = Path(settings.BASE_DIR) / "gongkai" / "demo" / "data" / "seeds"


@pytest.fixture
def official():
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
    user = User.objects.create_user(username="luntai_gkb", password="x", email="g@luntai.gov.cn")
    Membership.objects.create(user=user, organization=org, role=Role.COMPETENT_ADMIN)
    return user


def test_a_notice_on_one_line_wraps_on_the_review_page(browser, live_server, official):
    (seed,) = SEEDS.glob("003_*.txt")
    one_line = seed.read_text(encoding="utf-8").replace("\n", "")
    notice = (one_line * (30000 // len(one_line) + 1))[:30000]
    client = Client()
    client.force_login(official)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/workbench/workplans/")
    page.locator("textarea[name=text]").fill(notice)
    page.get_by_role("button", name="解析").click()
    source = page.locator("pre.source-text")
    source.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert source.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert source.evaluate("el => el.getBoundingClientRect().width") < 1280
    context.close()
