"""民汉双语 in the demo (issue 16 item 3, ADR 0040): 昌吉市人民政府 (a Xinjiang government, seed 002)
publishes a few records with a Uyghur version beside the Chinese, through the ordinary services
(drafted, reviewed, published, sealed), so the Uyghur record page, the fallback note on records
without one and a Uyghur search can be tried on the demo site.

The texts are written for the demo (not copied from a real document); the terms follow the list in
docs/decisions/0040 (政府信息公开 = ھۆكۈمەت ئۇچۇرلىرىنى ئاشكارىلاش …)."""
# ruff: noqa: E501 — the texts are kept one sentence a line.

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from gongkai.accounts.models import Role
from gongkai.disclosure import services
from gongkai.disclosure.models import Genre, Topic
from gongkai.textproc.html import text_to_html

ORGAN = "changji"
SHANGHAI = ZoneInfo("Asia/Shanghai")

RECORDS = [
    {
        "title": "昌吉市2026年政务公开工作要点",
        "genre": Genre.NOTICE,
        "topic": Topic.GENERAL,
        "keywords": "政务公开 工作要点",
        "summary": "明确2026年全市政务公开工作的重点任务、责任单位和完成时限。",
        "body": "各乡镇人民政府、街道办事处，市直各部门：\n"
        "为深入贯彻《中华人民共和国政府信息公开条例》，现将2026年政务公开工作要点印发给你们，请认真贯彻落实。\n"
        "一、围绕优化营商环境加强政策公开。\n二、围绕保障和改善民生加强信息公开。\n"
        "三、做好依申请公开工作，依法按时答复。\n四、推进民汉双语公开，方便各族群众获取政府信息。",
        "title_ug": "سانجى شەھىرىنىڭ 2026-يىللىق ھۆكۈمەت ئىشلىرىنى ئاشكارىلاش خىزمىتىنىڭ نۇقتىلىرى",
        "summary_ug": "2026-يىلى پۈتۈن شەھەرنىڭ ھۆكۈمەت ئىشلىرىنى ئاشكارىلاش خىزمىتىدىكى مۇھىم ۋەزىپىلەر، مەسئۇل ئورۇنلار ۋە ئورۇنداش مۇددىتى ئېنىقلاندى.",
        "body_ug": "ھەر قايسى يېزا-بازارلىق خەلق ھۆكۈمەتلىرى، كوچا ئىش بېجىرىش ئورۇنلىرى، شەھەرگە قاراشلىق ھەر قايسى تارماقلار:\n"
        "«جۇڭخۇا خەلق جۇمھۇرىيىتى ھۆكۈمەت ئۇچۇرلىرىنى ئاشكارىلاش نىزامى» نى چوڭقۇر ئىزچىللاشتۇرۇش ئۈچۈن، 2026-يىللىق ھۆكۈمەت ئىشلىرىنى ئاشكارىلاش خىزمىتىنىڭ نۇقتىلىرى سىلەرگە تارقىتىلدى، ئەستايىدىل ئىزچىللاشتۇرۇپ ئەمەلىيلەشتۈرۈڭلار.\n"
        "1. تىجارەت مۇھىتىنى ياخشىلاش ئەتراپىدا سىياسەتلەرنى ئاشكارىلاشنى كۈچەيتىش.\n"
        "2. خەلق تۇرمۇشىنى كاپالەتلەندۈرۈش ۋە ياخشىلاش ئەتراپىدا ئۇچۇر ئاشكارىلاشنى كۈچەيتىش.\n"
        "3. ئىلتىماس بويىچە ئاشكارىلاش خىزمىتىنى ياخشى ئىشلەش، قانۇن بويىچە ۋاقتىدا جاۋاب بېرىش.\n"
        "4. مىللىي ۋە خەنزۇ تىلىدا قوش تىللىق ئاشكارىلاشنى ئىلگىرى سۈرۈپ، ھەر مىللەت ئاممىسىنىڭ ھۆكۈمەت ئۇچۇرىغا ئېرىشىشىنى قولايلاشتۇرۇش.",
    },
    {
        "title": "关于做好2026年城乡居民基本医疗保险参保缴费工作的通知",
        "genre": Genre.NOTICE,
        "topic": Topic.HEALTH,
        "keywords": "医疗保险 参保缴费",
        "summary": "城乡居民基本医疗保险2026年度集中参保缴费期、个人缴费标准和缴费渠道。",
        "body": "一、集中参保缴费期为2025年10月1日至12月31日。\n二、个人缴费标准为每人每年400元。\n"
        "三、可通过银行网点、手机银行或社区（村）代收点缴费。",
        "title_ug": "2026-يىللىق شەھەر-يېزا ئاھالىلىرى ئاساسىي داۋالاش سۇغۇرتىسىغا قاتنىشىش ۋە ھەق تاپشۇرۇش خىزمىتىنى ياخشى ئىشلەش توغرىسىدا ئۇقتۇرۇش",
        "summary_ug": "شەھەر-يېزا ئاھالىلىرى ئاساسىي داۋالاش سۇغۇرتىسىنىڭ 2026-يىللىق مەركەزلىك ھەق تاپشۇرۇش مەزگىلى، شەخسنىڭ تاپشۇرىدىغان ئۆلچىمى ۋە تاپشۇرۇش يوللىرى.",
        "body_ug": "1. مەركەزلىك قاتنىشىش ۋە ھەق تاپشۇرۇش مەزگىلى 2025-يىلى 1-ئۆكتەبىردىن 31-دېكابىرغىچە.\n"
        "2. شەخسنىڭ تاپشۇرىدىغان ئۆلچىمى ھەر بىر ئادەم ئۈچۈن يىلىغا 400 يۈەن.\n"
        "3. بانكا تورلىرى، يانفون بانكىسى ياكى مەھەللە (كەنت) ۋاكالىتەن ھەق ئېلىش ئورنى ئارقىلىق تاپشۇرۇشقا بولىدۇ.",
    },
    {
        "title": "昌吉市农业生产救灾资金分配公示",
        "genre": Genre.PUBLICITY,
        "topic": Topic.AGRICULTURE,
        "keywords": "农业 救灾资金 公示",
        "summary": "公示2026年农业生产救灾资金的分配对象、金额和监督电话。",
        "body": "根据资金管理办法，现将2026年农业生产救灾资金分配情况予以公示，公示期5个工作日。"
        "如有异议，请在公示期内向市农业农村局反映。",
        "title_ug": "سانجى شەھىرىنىڭ يېزا ئىگىلىك ئىشلەپچىقىرىشى ئاپەتتىن قۇتقۇزۇش مەبلىغىنى تەقسىملەش ئاممىغا ئېلانى",
        "summary_ug": "2026-يىللىق يېزا ئىگىلىك ئىشلەپچىقىرىشى ئاپەتتىن قۇتقۇزۇش مەبلىغىنىڭ تەقسىملىنىش ئوبيېكتى، سوممىسى ۋە نازارەت تېلېفونى ئاممىغا ئېلان قىلىندى.",
        "body_ug": "مەبلەغ باشقۇرۇش چارىسىگە ئاساسەن، 2026-يىللىق يېزا ئىگىلىك ئىشلەپچىقىرىشى ئاپەتتىن قۇتقۇزۇش مەبلىغىنىڭ تەقسىملىنىش ئەھۋالى ئاممىغا ئېلان قىلىندى، ئېلان مۇددىتى 5 خىزمەت كۈنى. "
        "باشقىچە پىكىر بولسا، ئېلان مۇددىتى ئىچىدە شەھەرلىك يېزا ئىگىلىك ۋە يېزا ئىشلىرى ئىدارىسىگە ئىنكاس قىلىڭ.",
    },
]


def seed_bilingual(by_slug, *, last_day, log=print) -> int:
    """Publish RECORDS in 昌吉市人民政府's 其他 column (or its first column), one a day before
    ``last_day``. Returns how many were published."""
    organ = by_slug.get(ORGAN)
    if organ is None:
        return 0
    columns = organ.columns
    column = columns.get("work-plans") or columns.get("other") or next(iter(columns.values()))
    staff = organ.staff
    count = 0
    for offset, spec in enumerate(RECORDS):
        fields = dict(spec)
        day = last_day - timedelta(days=len(RECORDS) - offset)
        fields.setdefault("written_on", day - timedelta(days=2))  # signed two days before publication
        fields["body"] = text_to_html(fields["body"])
        fields["body_ug"] = text_to_html(fields["body_ug"])
        record = services.create_record(org=organ.org, actor=staff[Role.EDITOR], column=column, **fields)
        record = services.submit_record(record=record, actor=staff[Role.EDITOR])
        record = services.pass_confidentiality_review(
            record=record,
            actor=staff[Role.CONFIDENTIALITY_REVIEWER],
            note="经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开（含维吾尔文版本）。",
        )
        record = services.approve_record(record=record, actor=staff[Role.REVIEWER], note="同意发布。")
        at = datetime.combine(day, time(10, 30), tzinfo=SHANGHAI)
        services.publish_record(record=record, actor=staff[Role.REVIEWER], at=at)
        count += 1
    log(f"民汉双语：{organ.org.name} 发布维吾尔文版本信息 {count} 条")
    return count
