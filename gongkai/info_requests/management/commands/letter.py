"""`gongkai letter`: a sample letter of an organ for a fictitious application, as officials preview
their templates — the organ's own wording, 文号 pattern, seal setting and review body.

    gongkai letter --org changji-fgw --kind reply --outcome withhold_process --format pdf --output a.pdf
    gongkai letter --list-outcomes

Nothing is kept: the fictitious application is written inside a transaction that is rolled back,
and the number shown is the one the organ's next letter of that kind would get (not reserved).
"""

from __future__ import annotations

import secrets
import sys
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q

from gongkai.core import gongwen
from gongkai.info_requests import issuing, letters, outcomes
from gongkai.info_requests.models import (
    ApplicantKind,
    CorrectionNotice,
    Extension,
    InfoRequest,
    ProcessingFee,
    ReasonsRequest,
    Reply,
    ThirdPartyConsultation,
)
from gongkai.orgs.models import Organization

SAMPLE_REASONS = {
    "disclose": "现将该信息随本答复书提供给您",
    "partial": "所申请信息中涉及第三方商业秘密的部分不予公开",
    "unavailable_not_held": "本机关在公文管理系统和档案中检索了2024年至今的文件，未找到该信息",
    "not_processed_publication": "该信息刊载于《××市人民政府公报》2025年第3期，可在市档案馆、市图书馆查阅",
}


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "生成本机关某类文书的样稿（虚构申请），用于预览模板；--list-outcomes 列出办理结果代码。"

    def add_arguments(self, parser):
        parser.add_argument("--org", help="机关网址标识（slug）或全称")
        parser.add_argument("--kind", choices=list(letters.KINDS), default="reply")
        parser.add_argument("--outcome", choices=list(outcomes.BY_CODE), default="disclose")
        parser.add_argument("--ground", default="", help="办理结果下的具体情形（见 --list-outcomes）")
        parser.add_argument(
            "--consultation-kind",
            dest="consultation_kind",
            choices=["third_party", "organ"],
            default="third_party",
        )
        parser.add_argument(
            "--applicant-kind", dest="applicant_kind", choices=ApplicantKind.values, default="natural_person"
        )
        parser.add_argument("--format", dest="fmt", choices=["text", "docx", "pdf"], default="text")
        parser.add_argument("--output", help="输出文件（docx、pdf 必填；text 默认输出到屏幕）")
        parser.add_argument("--list-outcomes", dest="list_outcomes", action="store_true")

    def handle(self, *args, **options):
        if options["list_outcomes"]:
            self._list()
            return
        if not options["org"]:
            raise CommandError("请用 --org 指定机关（网址标识或全称）。")
        org = Organization.objects.filter(Q(slug=options["org"]) | Q(name=options["org"])).first()
        if org is None:
            raise CommandError(f"机关不存在：{options['org']}")
        outcome = outcomes.BY_CODE[options["outcome"]]
        ground = options["ground"] or (outcome.grounds[0].code if outcome.grounds else "")
        if ground and ground not in {g.code for g in outcome.grounds}:
            raise CommandError(
                f"{outcome.code} 没有情形 {ground}；可选：{', '.join(g.code for g in outcome.grounds)}"
            )
        if options["fmt"] != "text" and not options["output"]:
            raise CommandError("docx、pdf 格式请用 --output 指定输出文件。")
        letter = self._sample(org, options["kind"], outcome.code, ground, options)
        if options["fmt"] == "text":
            data = letters.plain_text(letter).encode()
        else:
            letter.sealed = issuing.letter_settings(org).sealed
            data = gongwen.FORMATS[options["fmt"]][1](letter)
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
            self.stdout.write(f"已生成 {options['output']}（{len(data)} 字节）")
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode(), ending="")

    def _list(self):
        for o in outcomes.OUTCOMES:
            self.stdout.write(f"{o.code}\t{outcomes.annual_report_row(o.code)}")
            self.stdout.write(f"\t依据：{o.basis_summary or '（据实说明）'}")
            if o.grounds:
                self.stdout.write(
                    f"\t情形（--ground）：{'，'.join(f'{g.code}={g.label}' for g in o.grounds)}"
                )
            self.stdout.write(f"\t救济：{outcomes.REMEDY_LABELS[o.remedy]}")

    def _sample(self, org, kind: str, outcome: str, ground: str, options) -> letters.Letter:
        result: list[letters.Letter] = []
        try:
            with transaction.atomic():
                result.append(self._compose(org, kind, outcome, ground, options))
                raise _Rollback
        except _Rollback:
            pass
        return result[0]

    def _compose(self, org, kind: str, outcome: str, ground: str, options) -> letters.Letter:
        today = date.today()
        received = today - timedelta(days=14)
        is_person = options["applicant_kind"] == "natural_person"
        serial = (
            InfoRequest.objects.filter(organization=org, year=today.year).aggregate(m=Max("serial"))["m"] or 0
        ) + 1
        application = InfoRequest.objects.create(
            organization=org,
            year=today.year,
            serial=serial,
            query_code_index=secrets.token_hex(32),
            submission_token=secrets.token_hex(32),
            channel="in_person",
            submitted_at=f"{received.isoformat()}T09:00:00+08:00",
            received_on=received,
            applicant_kind=options["applicant_kind"],
            applicant_name="张××" if is_person else "××科技有限公司",
            id_type="resident_id" if is_person else "credit_code",
            id_number="（样稿）",
            phone="0994-0000000",
            description="2025年本机关××项目的立项批复文件",
            provision_form="electronic",
            obtain_method="email",
        )
        number = issuing.preview_number(org, kind, today.year)
        if kind == "correction":
            CorrectionNotice.objects.create(
                request=application,
                sent_on=today,
                items="1. 请写明所需信息的名称或文号；2. 请写明所需信息的年份。",
                due_on=today + timedelta(days=21),
            )
        elif kind == "consultation":
            ThirdPartyConsultation.objects.create(
                request=application,
                kind=options["consultation_kind"],
                party="××市财政局" if options["consultation_kind"] == "organ" else "××建设有限公司",
                sent_on=today,
            )
        elif kind == "extension":
            Extension.objects.create(
                request=application, reason="所需信息需调取档案并逐页审查", approved_on=today
            )
        elif kind in ("reasons", "delay"):
            ReasonsRequest.objects.create(
                request=application,
                grounds="您本月已向本机关提出××件政府信息公开申请，且多件内容基本相同",
                sent_on=today - timedelta(days=7),
                due_on=today - timedelta(days=7) + timedelta(days=10),
                given_on=today if kind == "delay" else None,
            )
            if kind == "delay":
                Extension.objects.create(
                    request=application,
                    kind=Extension.Kind.ARTICLE_35,
                    working_days=0,
                    new_due_on=today + timedelta(days=60),
                    reason="所申请信息涉及××个项目的档案，需逐件调取审查",
                    approved_on=today,
                )
        elif kind == "fee":
            ProcessingFee.objects.create(
                request=application, method="per_page", quantity=150, amount=1700, sent_on=today
            )
        elif kind == "reply":
            Reply.objects.create(
                request=application,
                outcome=outcome,
                ground=ground,
                already_public=ground == "proactive",
                reasons=SAMPLE_REASONS.get(outcome, "（此处写明理由）"),
                responsible_organ="××市自然资源局" if ground == "not_responsible" else "",
                responsible_contact="0994-0000000" if ground == "not_responsible" else "",
                letter_number=number,
                replied_on=today,
            )
        application = InfoRequest.objects.select_related("organization").get(pk=application.pk)
        letter = letters.build(
            application, kind, payment_channel=issuing.letter_settings(org).payment_channel
        )
        letter.number = letter.number or number
        return letter
