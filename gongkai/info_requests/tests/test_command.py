import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def deadline(*args) -> dict:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_an_ordinary_application():
    result = deadline("--received", "2026-03-02")
    assert result["received"] == "2026-03-02"
    assert result["correction_notice_due"] == "2026-03-11"
    assert result["reply_due"] == "2026-03-30"
    assert result["provisional"] is False
    assert any("第三十三条" in step for step in result["trail"])


def test_received_on_a_make_up_saturday_with_a_correction_over_spring_festival_and_an_extension():
    result = deadline(
        "--received",
        "2026-02-14",
        "--channel",
        "post",
        "--correction-requested",
        "2026-02-14",
        "--correction-received",
        "2026-02-25",
        "--pause",
        "2026-03-02:2026-03-06",
        "--extension",
    )
    # From 2-25: 2-26, 2-27, 2-28 (make-up), then 3-9 … (3-2…3-6 paused): the 20th is 3-31;
    # +20 skipping 清明 (4-4…4-6): 4-29.
    assert result["reply_due"] == "2026-04-29"
    assert any("签收" in step for step in result["trail"])


def test_a_date_in_a_year_not_loaded_is_provisional():
    assert deadline("--received", "2026-12-15")["provisional"] is True


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2026-02-30"],
        ["--received", "2026-03-02", "--pause", "2026-03-05"],
        ["--received", "2026-03-02", "--correction-received", "2026-03-05"],
    ],
)
def test_bad_arguments_get_a_clear_message(args):
    with pytest.raises(CommandError):
        call_command("deadline", *args, "--json", stdout=StringIO())


def test_the_daily_digest_mails_handlers_their_overdue_and_due_soon_applications(two_orgs, mailoutbox):
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.accounts.models import Role
    from gongkai.info_requests import services
    from gongkai.info_requests.tests.factories import applicant

    org = two_orgs.gov_a
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    handler.email = "handler@example.com"
    handler.save()
    old, _ = services.register(
        org=org,
        actor=handler,
        channel="letter",
        data=applicant(),
        received_on=timezone.localdate() - timedelta(days=60),
    )
    services.register(
        org=org, actor=handler, channel="letter", data=applicant(), received_on=timezone.localdate()
    )
    out = StringIO()
    call_command("request_digest", stdout=out)
    digest = [m for m in mailoutbox if "依申请公开" in m.subject]
    assert len(digest) == 1
    assert "handler@example.com" in digest[0].to
    assert old.number in digest[0].body
    assert "超期 1 件" in digest[0].subject
