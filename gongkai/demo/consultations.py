"""Demo 意见征集 through the real services: for the first government, one consultation still open
(a 重大行政决策 with comments on paragraphs, a campaign of near-identical comments and one comment
held for review because it carries a link, ADR 0054) and one closed with its 采纳情况反馈
published and linked from the final policy."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure.models import Record
from gongkai.participation import services_consultations as services
from gongkai.participation.models import Adoption, Channel

OPEN_DRAFT = """{organ}城市停车管理办法（征求意见稿）
第一章 总则
第一条 为加强城市停车管理，规范停车秩序，缓解停车难问题，根据有关法律法规，结合本地实际，制定本办法。
第二条 本办法适用于本行政区域内停车设施的规划、建设、使用和管理。
第二章 收费管理
第三条 中心城区路内停车实行分时段计费，白天每小时3元，夜间每小时1元。
第四条 老旧小区周边道路可以设置夜间限时免费停车泊位。
第三章 附则
第五条 本办法自发布之日起施行。"""

CLOSED_DRAFT = """{organ}养犬管理规定（征求意见稿）
第一条 为规范养犬行为，保障公民人身安全，维护市容环境和社会秩序，制定本规定。
第二条 个人养犬实行登记制度，每户限养一只。
第三条 携犬出户应当束犬链，犬链长度不超过1.5米。
第四条 禁止在公共场所饲养烈性犬。"""

CAMPAIGN = "坚决支持在老旧小区周边设置夜间免费停车泊位，建议扩大到所有居住区周边道路，切实解决群众停车难。"


def seed_consultations(organs, *, log=print) -> int:
    """Two consultations of the first government with staff; returns how many were made."""
    organ = next((o for o in organs if o.org.is_government and o.staff.get(Role.HEAD)), None)
    if organ is None:
        return 0
    org, editor, head = organ.org, organ.staff.get(Role.EDITOR), organ.staff[Role.HEAD]
    editor = editor or head
    name = org.short_name or org.name
    today = timezone.localdate()

    current = services.open_consultation(
        org=org,
        actor=editor,
        title=f"关于公开征求《{name}城市停车管理办法（征求意见稿）》意见的公告",
        description="为广泛听取社会各界意见，现将征求意见稿全文公布，欢迎提出意见建议。",
        is_major_decision=True,
        starts_on=today - timedelta(days=10),
        contact=f"{org.name}办公室，联系电话：0991-2345678，电子邮箱：tingche@example.gov.cn",
        channels=[Channel.ONLINE, Channel.EMAIL, Channel.LETTER],
        channel_details=f"信函请寄：{organ.place}人民路1号{name}办公室（信封注明“停车管理办法意见”）。",
        allow_anonymous=True,
        draft_text=OPEN_DRAFT.format(organ=name),
    )
    start = current.starts_on
    mine = [
        ("建议第五条明确过渡期，给群众留出适应时间。", 9, "刘女士", True),
        ("第六条的夜间收费时段请写明具体起止时间。", 6, "", False),
        ("建议增加新能源汽车充电车位的停车优惠。", None, "陈先生", False),
    ]
    for text, paragraph, author, show in mine:
        services.submit_comment(
            consultation=current,
            text=text,
            paragraph_number=paragraph,
            author_name=author,
            show_name=show,
            today=start + timedelta(days=2),
        )
    for i in range(12):
        services.submit_comment(
            consultation=current,
            text=CAMPAIGN + ("谢谢！" if i % 2 else "") + ("恳请采纳。" if i % 3 == 0 else ""),
            paragraph_number=7,
            today=start + timedelta(days=3),
        )
    for leader in current.comments.filter(duplicate_of=None)[:3]:
        services.moderate_comment(comment=leader, actor=editor, publish=True)
    # Held (待复核), after the moderation above, which a held comment may not go through: a link is
    # stored for staff to release or hide rather than refused (ADR 0054), so the consultation's
    # review queue shows one in the workbench.
    services.submit_comment(
        consultation=current,
        text="建议参考外地做法，夜间免费泊位按路段分时开放，详见 http://www.example.com/tingche 的介绍。",
        paragraph_number=7,
        today=start + timedelta(days=4),
    )

    closed = services.open_consultation(
        org=org,
        actor=editor,
        title=f"关于公开征求《{name}养犬管理规定（征求意见稿）》意见的公告",
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=31),
        contact=f"{org.name}司法局，联系电话：0991-3456789",
        channels=[Channel.ONLINE, Channel.EMAIL],
        draft_text=CLOSED_DRAFT.format(organ=name),
    )
    day = closed.starts_on + timedelta(days=3)
    adopted = services.submit_comment(
        consultation=closed,
        text="第二条每户限养一只过严，建议改为每户限养两只，并对大型犬另行规定。",
        paragraph_number=3,
        author_name="王先生",
        show_name=True,
        today=day,
    )
    partly = services.submit_comment(
        consultation=closed,
        text="建议第三条的犬链长度放宽到2米，并在公园设置遛犬区域。",
        paragraph_number=4,
        today=day,
    )
    refused = services.submit_comment(
        consultation=closed, text="建议全面禁止在市区饲养任何犬只，以保障公共卫生安全。", today=day
    )
    off_topic = services.submit_comment(
        consultation=closed, text="反映小区物业乱收费问题，请有关部门查处。", today=day
    )
    for c in (adopted, partly, refused):
        services.moderate_comment(comment=c, actor=editor, publish=True)
    services.moderate_comment(
        comment=off_topic, actor=editor, publish=False, reason="与本次征集内容无关，已转12345热线办理"
    )
    theme = services.add_theme(consultation=closed, actor=editor, name="限养数量")
    services.set_theme(comment=adopted, actor=editor, theme=theme)
    services.decide_adoption(comment=adopted, actor=head, adoption=Adoption.ADOPTED)
    services.decide_adoption(
        comment=partly,
        actor=head,
        adoption=Adoption.PARTLY,
        reason="采纳设置遛犬区域的建议；犬链长度参照国家标准，未作调整。",
    )
    services.decide_adoption(
        comment=refused,
        actor=head,
        adoption=Adoption.NOT_ADOPTED,
        reason="全面禁养超出立法授权，且不符合多数群众意愿。",
    )
    final = Record.objects.for_org(org).published().order_by("-published_at").first()
    services.save_feedback(
        consultation=closed,
        actor=head,
        summary="征求意见期间共收到意见4条，经认真研究，采纳1条、部分采纳1条、未采纳1条，另有1条与征集内容无关。"
        "感谢社会各界的关心和支持。",
        final_record=final,
    )
    services.publish_feedback(consultation=closed, actor=head)
    log("意见征集 2 项（1 项正在征集，1 项已发布采纳情况反馈）")
    return 2
