"""Demo 政策咨询 and 专题专栏, through the real services: answered and published questions (one a
常见问题 on its policy's page), one due soon, one transferred between organs, one routed by topic,
one held for review (an ID number in its text, ADR 0054); two topic columns of a government's
政务公开办 (issue 15).

Dates: answered questions a few weeks before the demo's last day, answered within the limit; open
ones arrive today, so the workbench shows one due soon and the self-inspection of the demo (checked
at its last day) finds nothing unanswered.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.catalog import topics
from gongkai.disclosure.models import Genre, Record, Topic
from gongkai.participation.questions import rules, services
from gongkai.textproc.pii import make_id_number
from gongkai.workdays.rules import add_working_days
from gongkai.workdays.selectors import current_calendar

ANSWERED = [
    (
        "灵活就业人员社保补贴怎么申请",
        "我是灵活就业人员，电话13899012345，请问社会保险补贴需要什么条件、到哪里申请？",
        "符合条件的灵活就业人员可持相关材料到户籍所在地街道（乡镇）社保服务窗口申请，"
        "也可通过政务服务网在线申请，补贴标准详见相关通知。",
        Topic.LABOUR,
    ),
    (
        "政府信息公开申请需要多长时间答复",
        "我向区里提交了政府信息公开申请，多久能收到答复？",
        "根据《中华人民共和国政府信息公开条例》第三十三条，行政机关不能当场答复的，应当自收到申请之日起"
        "20个工作日内予以答复；需要延长答复期限的，经批准可延长不超过20个工作日。",
        Topic.GENERAL,
    ),
    (
        "规范性文件在哪里查询",
        "想查本地现行有效的规范性文件，在哪个栏目？",
        "请在本平台各机关“法定主动公开内容—行政法规、规章和规范性文件”栏目查询，文件页面标注有效性。",
        Topic.GENERAL,
    ),
]


def _answered_on(received: date, days: int) -> date:
    return add_working_days(received, days, current_calendar())


def seed_questions(organs, *, last_day: date, log=print) -> int:
    governments = [o for o in organs if o.org.is_government]
    if not governments:
        return 0
    gov = next((o for o in governments if o.org.slug == "changji"), governments[0])
    departments = [o for o in organs if not o.org.is_government and o.org.path.startswith(gov.org.path)]
    editor, head = gov.staff[Role.EDITOR], gov.staff[Role.HEAD]
    made = 0
    policy = (
        Record.objects.for_org(gov.org).published().filter(genre__in=[Genre.NORMATIVE, Genre.RULE]).first()
        or Record.objects.for_org(gov.org).published().first()
    )
    for index, (title, text, answer, topic) in enumerate(ANSWERED):
        received = last_day - timedelta(days=30 - 7 * index)
        q = services.ask_question(
            organization=gov.org,
            title=title,
            text=text,
            topic=topic,
            asker_name="马建国",
            asker_contact="13899012345",
            consent_to_publish=True,
            received_on=received,
        )
        services.answer_question(
            question=q,
            text=answer,
            actor=editor,
            answered_on=_answered_on(received, 2 + index),
            related_records=[policy.pk] if policy and index == 2 else [],
        )
        q = services.publish_question(question=q.__class__.objects.get(pk=q.pk), actor=head)
        if policy is not None and index == 2:
            services.add_frequent_question(record=policy, question=q, actor=head)
        made += 1
    today = timezone.localdate()
    # Due soon: received so that the limit ends on the next working day.
    calendar = current_calendar()
    received = today
    while rules.clock(received, services.answer_days(), today=today, calendar=calendar).state == "open":
        received -= timedelta(days=1)
    services.ask_question(
        organization=gov.org,
        title="老旧小区改造补助标准",
        text="今年老旧小区改造每户补助多少？",
        topic=Topic.URBAN,
        asker_name="李红",
        consent_to_publish=False,
        received_on=received,
    )
    made += 1
    if departments:
        moved = services.ask_question(
            organization=gov.org,
            title="企业用电价格优惠政策",
            text="小微企业用电有哪些价格优惠？",
            topic=Topic.ECONOMY,
            received_on=today,
        )
        services.transfer_question(
            question=moved, to_organization=departments[0].org, reason="属本部门职责，转交办理", actor=editor
        )
        services.ask_question(
            government=gov.org,
            title="农业补贴发放时间",
            text="耕地地力保护补贴什么时候发？",
            topic=Topic.AGRICULTURE,
        )
        made += 2
    # Held (待审核): a resident wrote their ID number into the question, as people do; the screen
    # holds it for the organ's staff instead of refusing it (ADR 0054), so the workbench's review
    # queue has something to release. Synthetic number, check digit valid (GB 11643).
    id_number = make_id_number("652301", date(1978, 4, 12), 36)
    services.ask_question(
        organization=gov.org,
        title="低保申请需要哪些材料",
        text=f"我叫赵玉兰，身份证号{id_number}，家里收入低，想申请城乡低保，需要准备哪些材料？",
        topic=Topic.CIVIL,
        asker_name="赵玉兰",
        asker_contact="13899016789",
        consent_to_publish=True,
        received_on=today,
    )
    made += 1
    admin = gov.staff[Role.COMPETENT_ADMIN]
    newest = Record.objects.filter(organization__path__startswith=gov.org.path).published().first()
    for name, slug, data in (
        ("政务公开", "zhengwu-gongkai", {"keywords": "政务公开,信息公开", "topics": [Topic.GENERAL]}),
        ("十四五规划", "shisiwu", {"keywords": "十四五,规划", "category_codes": ["art20-03"]}),
    ):
        column = topics.save_topic_column(
            org=gov.org,
            actor=admin,
            data={
                "name": name,
                "slug": slug,
                "position": 0,
                "update_period_days": 183,
                "is_active": True,
                **data,
            },
        )
        if newest is not None:  # the 政务公开办's own choice: the newest item first
            topics.set_entry(column=column, record=newest, actor=admin)
    log(f"政策咨询 {made} 件，专题专栏 2 个")
    return made
