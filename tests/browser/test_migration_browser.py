"""An old link of a migrated site, followed in Chromium: a bookmark or a search engine's result
from before the move lands on the record's new page, and an old column page on the column."""

from __future__ import annotations

import pytest

from gongkai.catalog.models import Column
from gongkai.catalog.services import seed_statutory_columns
from gongkai.migration import services
from gongkai.migration.models import ItemKind, MigratedItem
from gongkai.migration.sites import HOST, MetaExtractor, write_article
from gongkai.orgs.codes import make_credit_code
from gongkai.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def migrated(tmp_path):
    org = Organization.objects.add_root(
        dict(
            name="示例县人民政府",
            short_name="示例县政府",
            slug="shili",
            kind="government",
            level="county",
            credit_code=make_credit_code("11652399MB0000001"),
        )
    )
    seed_statutory_columns(org=org)
    root = tmp_path / "mirror"
    write_article(root / HOST, 7, title="关于做好2015年防汛工作的通知", attachment=True)
    # The old column page of that article's folder (a list page without its own 栏目 tag).
    (root / HOST / "zwgk" / "czzj" / "index.html").write_text("<html><body><ul></ul></body></html>")
    batch = services.plan_batch(
        source_path=str(root), org=org, actor=services.CONSOLE, extractor=MetaExtractor()
    )
    column = Column.objects.for_org(org).proactive().first()
    for mapping in batch.column_mappings.all():
        services.set_column_mapping(
            batch=batch, actor=services.CONSOLE, source_column=mapping.source_column, column=column
        )
    services.run_batch(batch=batch, actor=services.CONSOLE)
    return MigratedItem.objects.get(batch=batch, kind=ItemKind.ARTICLE), column


def test_an_old_article_url_and_an_old_column_url_lead_to_the_new_pages(browser, live_server, migrated):
    item, column = migrated
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    response = page.goto(live_server.url + item.old_path)
    assert response.status == 200
    assert response.request.redirected_from is not None
    assert response.request.redirected_from.response().status == 301
    assert page.url == live_server.url + item.record.get_absolute_url()
    assert page.get_by_role("heading", level=1).inner_text() == "关于做好2015年防汛工作的通知"
    assert "附件7：项目清单.pdf" in page.inner_text("main")

    page.goto(live_server.url + "/zwgk/czzj/index.html")
    assert f"column={column.slug}" in page.url
    assert column.name in page.inner_text("main")
