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


def test_the_fee_period_counts_from_the_day_after_the_notice_was_received():
    result = deadline(
        "--received",
        "2026-03-02",
        "--fee-notice-sent",
        "2026-03-06",
        "--fee-notice-delivered",
        "2026-03-12",
        "--today",
        "2026-04-10",
    )
    # 3-13 is day 1; 3-13 … 4-3 is 16 working days; 清明 4-4…4-6; 4-7 … 4-10 is the 20th.
    assert result["fee_payment_due"] == "2026-04-10"
    assert result["lapsed"] is None
    assert result["paused"] is True
    assert result["reply_due"] is None


def test_an_unpaid_fee_lapses_the_day_after_its_period():
    args = [
        "--received",
        "2026-03-02",
        "--fee-notice-sent",
        "2026-03-06",
        "--fee-notice-delivered",
        "2026-03-12",
    ]
    lapsed = deadline(*args, "--today", "2026-04-13")
    assert lapsed["lapsed"] == "fee"
    assert "第四十二条" in lapsed["trail"][-1]


def test_a_paid_fee_is_not_counted_in_the_reply_period():
    result = deadline(
        "--received",
        "2026-03-02",
        "--fee-notice-sent",
        "2026-03-09",
        "--fee-notice-delivered",
        "2026-03-10",
        "--fee-paid",
        "2026-03-13",
    )
    assert result["reply_due"] == "2026-04-07"


def test_a_correction_not_supplied_lapses_after_its_deadline():
    args = [
        "--received",
        "2026-03-02",
        "--correction-requested",
        "2026-03-04",
        "--correction-due",
        "2026-03-20",
    ]
    assert deadline(*args, "--today", "2026-03-20")["lapsed"] is None
    assert deadline(*args, "--today", "2026-03-21")["lapsed"] == "correction"


def test_an_article_35_delay_replaces_the_due_date():
    result = deadline("--received", "2026-03-02", "--delay-to", "2026-05-29", "--delay-decided", "2026-03-20")
    assert result["statutory_reply_due"] == "2026-03-30"
    assert result["reply_due"] == "2026-05-29"
    assert any("第三十五条" in step for step in result["trail"])


def test_missed_periods_are_reported_as_breaches_not_refused():
    result = deadline(
        "--received",
        "2026-03-02",
        "--correction-requested",
        "2026-03-12",
        "--correction-received",
        "2026-03-16",
        "--extension",
        "--extension-approved",
        "2026-04-20",
    )
    assert [b["code"] for b in result["breaches"]] == ["correction_late", "extension_late"]
    assert result["breaches"][0]["article"] == "第三十条"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--correction-requested", "2026-03-04", "--correction-received", "2026-03-03"], "收到补正日期"),
        (["--correction-requested", "2026-02-27"], "补正告知日期"),
        (["--fee-notice-sent", "2026-03-06", "--fee-notice-delivered", "2026-03-05"], "收费通知送达日期"),
        (
            [
                "--fee-notice-sent",
                "2026-03-06",
                "--fee-notice-delivered",
                "2026-03-09",
                "--fee-paid",
                "2026-03-08",
            ],
            "缴费日期",
        ),
        (["--fee-paid", "2026-03-08"], "尚未发出收费通知"),
        (["--replied", "2026-03-01"], "答复日期"),
        (["--replied", "2026-03-10", "--delivered", "2026-03-09"], "送达日期"),
        (["--extension", "--delay-to", "2026-05-29"], "之一"),
        (["--extension-days", "21"], "1至20个工作日"),
        (["--pause", "2026-03-06:2026-03-05"], "结束日期早于开始日期"),
        (["--delay-to", "2026-03-10", "--delay-decided", "2026-03-10"], "延迟答复期限应晚于决定日期"),
        # 第三十五条: reasons asked, given, then (if reasonable) a delay — in that order.
        (["--reasons-given", "2026-03-05"], "尚未要求申请人说明理由"),
        (["--reasons-requested", "2026-03-06", "--reasons-given", "2026-03-05"], "收到理由日期"),
        (["--reasons-requested", "2026-03-06", "--reasons-due", "2026-03-06"], "说明理由期限应晚于告知日期"),
        (["--reasons-requested", "2026-02-27"], "要求说明理由日期"),
        (["--reasons-due", "2026-03-13"], "--reasons-requested"),
        (
            [
                "--reasons-requested",
                "2026-03-03",
                "--delay-to",
                "2026-05-29",
                "--delay-decided",
                "2026-03-10",
            ],
            "尚未收到申请人说明的理由",
        ),
        (
            [
                "--reasons-requested",
                "2026-03-03",
                "--reasons-given",
                "2026-03-12",
                "--delay-to",
                "2026-05-29",
                "--delay-decided",
                "2026-03-10",
            ],
            "延迟答复决定日期",
        ),
    ],
)
def test_impossible_orders_are_refused_with_the_reason(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", "--received", "2026-03-02", *args, "--json", stdout=StringIO())


def test_an_impossible_order_exits_non_zero(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "manage.py", "deadline", "--received", "2026-03-02", "--replied", "2026-03-01"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "答复日期（2026年3月1日）不能早于收到申请日期" in done.stderr


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


def test_asking_for_reasons_under_article_35_does_not_stop_the_clock_and_a_delay_replaces_the_date():
    asked = deadline(
        "--received", "2026-03-02", "--reasons-requested", "2026-03-04", "--reasons-due", "2026-03-13"
    )
    # The 条例 excludes only 补正 (第三十条) and consultations (第三十三条第三款): the date stands.
    assert asked["reply_due"] == "2026-03-30"
    assert asked["paused"] is False
    assert any("第三十五条" in step and "说明理由期限为2026年3月13日" in step for step in asked["trail"])
    delayed = deadline(
        "--received",
        "2026-03-02",
        "--reasons-requested",
        "2026-03-04",
        "--reasons-given",
        "2026-03-10",
        "--delay-to",
        "2026-05-29",
        "--delay-decided",
        "2026-03-12",
    )
    assert delayed["statutory_reply_due"] == "2026-03-30"
    assert delayed["reply_due"] == "2026-05-29"
    assert delayed["breaches"] == []
