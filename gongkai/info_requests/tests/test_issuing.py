"""Issued letters are records: numbered, frozen, stored with SHA-256 and served unchanged."""

import hashlib
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.core import gongwen
from gongkai.info_requests import issuing, letters, services
from gongkai.info_requests.models import IssuedLetter, LetterCounter
from gongkai.info_requests.tests.factories import applicant

pytestmark = pytest.mark.django_db

# A 1×1 red PNG: the smallest valid seal image.
RED_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def _registered(world, org, **data):
    handler = world.staff(org, Role.REQUEST_HANDLER)
    application, code = services.register(
        org=org, actor=handler, channel="letter", data=applicant(**data), received_on=date(2026, 3, 2)
    )
    return application, code, handler


def _reply(application, handler, **extra):
    return services.reply(
        application=application,
        actor=handler,
        outcome=extra.pop("outcome", "withhold_process"),
        reasons="该信息属于研究过程中形成的讨论记录",
        replied_on=date(2026, 3, 20),
        **extra,
    )


def test_a_reply_is_issued_with_a_number_and_its_files_frozen_with_their_hashes(
    two_orgs, django_capture_on_commit_callbacks
):
    org = two_orgs.dept_a1
    application, _, handler = _registered(two_orgs, org)
    with django_capture_on_commit_callbacks(execute=True):
        reply = _reply(application, handler)
    issued = IssuedLetter.objects.get(request=application, kind="reply")
    # 文号 per organ, year and series, in the default pattern (GB/T 9704 §7.2.5).
    assert issued.number == "甲市发改委公开答〔2026〕1号"
    reply.refresh_from_db()
    assert reply.letter_number == issued.number
    assert issued.issued_by == handler
    assert issued.sealed
    assert "7.3.5.1" in issued.seal_position
    pdf, docx = issuing.stored_bytes(issued, "pdf"), issuing.stored_bytes(issued, "docx")
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert hashlib.sha256(docx).hexdigest() == issued.docx_sha256
    assert "本机关决定不予公开" in issued.text


def test_numbers_run_per_organ_year_and_series_without_gaps(two_orgs):
    org = two_orgs.dept_a1
    numbers = []
    for _ in range(3):
        application, _, handler = _registered(two_orgs, org)
        _reply(application, handler)
        numbers.append(IssuedLetter.objects.get(request=application, kind="reply").number)
    assert numbers == [f"甲市发改委公开答〔2026〕{n}号" for n in (1, 2, 3)]
    # A refused reply (no ground chosen) rolls back and takes no number.
    application, _, handler = _registered(two_orgs, org)
    with pytest.raises(ValidationError):
        _reply(application, handler, outcome="partial")
    _reply(application, handler, outcome="partial", ground="process")
    assert IssuedLetter.objects.get(request=application, kind="reply").number == "甲市发改委公开答〔2026〕4号"
    # Another series (补正) and another organ start at 1.
    other, _, other_handler = _registered(two_orgs, org)
    services.request_correction(
        application=other,
        actor=other_handler,
        items="请明确年份",
        due_on=date(2026, 3, 20),
        sent_on=date(2026, 3, 4),
    )
    assert IssuedLetter.objects.get(request=other, kind="correction").number == "甲市发改委公开补〔2026〕1号"
    assert LetterCounter.objects.get(organization=org, year=2026, series="reply").last_serial == 4


def test_the_number_pattern_is_configurable(two_orgs):
    org = two_orgs.dept_a1
    head = two_orgs.staff(org, Role.HEAD)
    with pytest.raises(ValidationError, match="序号"):
        services.save_letter_settings(org=org, actor=head, number_pattern="甲发改〔｛年度｝〕号")
    services.save_letter_settings(
        org=org,
        actor=head,
        organ_code="甲发改",
        number_pattern="｛机关代字｝依复｛文书代字｝〔｛年度｝〕｛序号｝号",
    )
    application, _, handler = _registered(two_orgs, org)
    _reply(application, handler)
    assert IssuedLetter.objects.get(request=application, kind="reply").number == "甲发改依复答〔2026〕1号"


def test_a_template_edit_never_changes_an_issued_letter(two_orgs, client, django_capture_on_commit_callbacks):
    org = two_orgs.dept_a1
    application, code, handler = _registered(two_orgs, org)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(application, handler)
    issued = IssuedLetter.objects.get(request=application, kind="reply")
    before_pdf, before_docx = issued.pdf_sha256, issued.docx_sha256

    services.save_letter_template(
        org=org,
        actor=two_orgs.staff(org, Role.HEAD),
        kind="reply",
        paragraphs="模板已修改：｛答复意见｝\n｛救济途径｝",
    )
    services.save_letter_settings(org=org, actor=two_orgs.staff(org, Role.HEAD), sealed=False)
    # The live composition changed …
    assert letters.build(application, "reply").paragraphs[0].startswith("模板已修改")
    # … the issued letter did not: staff download and the applicant's tracking page serve it.
    client.force_login(handler)
    staff = client.get(reverse("workbench:request_letter", args=[application.pk, "reply", "pdf"]))
    assert hashlib.sha256(staff.content).hexdigest() == before_pdf
    staff_docx = client.get(reverse("workbench:request_letter", args=[application.pk, "reply", "docx"]))
    assert hashlib.sha256(staff_docx.content).hexdigest() == before_docx
    client.logout()
    public = client.post(
        reverse("portal:apply_track_download", args=[org.slug]), {"code": code, "what": "reply"}
    )
    assert public.status_code == 200
    assert hashlib.sha256(public.content).hexdigest() == before_pdf
    issued.refresh_from_db()
    assert (issued.pdf_sha256, issued.docx_sha256) == (before_pdf, before_docx)


def test_a_tampered_file_is_refused(two_orgs, django_capture_on_commit_callbacks):
    org = two_orgs.dept_a1
    application, _, handler = _registered(two_orgs, org)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(application, handler)
    issued = IssuedLetter.objects.get(request=application, kind="reply")
    with open(issued.pdf.path, "ab") as handle:
        handle.write(b"%changed")
    with pytest.raises(issuing.LetterIntegrityError):
        issuing.stored_bytes(issued, "pdf")


def test_a_correction_is_a_new_letter_and_the_old_one_stays(two_orgs, django_capture_on_commit_callbacks):
    org = two_orgs.dept_a1
    application, _, handler = _registered(two_orgs, org)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(application, handler)
    first = IssuedLetter.objects.get(request=application, kind="reply")
    with pytest.raises(ValidationError):
        services.correct_letter(issued=first, actor=handler, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.correct_letter(issued=first, actor=handler, reason="答复日期笔误")
    assert second.corrects == first
    assert second.number == "甲市发改委公开答〔2026〕2号"
    assert issuing.latest(application, "reply") == second
    first.refresh_from_db()
    assert issuing.stored_bytes(first, "pdf")  # still there, still verified


def test_every_notice_is_issued_when_sent(two_orgs):
    org = two_orgs.dept_a1
    application, _, handler = _registered(two_orgs, org)
    services.start_consultation(
        application=application, actor=handler, kind="organ", party="甲市财政局", sent_on=date(2026, 3, 3)
    )
    services.extend(
        application=application,
        actor=two_orgs.staff(org, Role.HEAD),
        reason="需要调取档案",
        approved_on=date(2026, 3, 5),
    )
    kinds = list(IssuedLetter.objects.filter(request=application).values_list("kind", flat=True))
    assert kinds == ["receipt", "consultation", "extension"]
    consultation = IssuedLetter.objects.get(request=application, kind="consultation")
    assert "视为同意公开" in consultation.text
    assert consultation.consultation.party == "甲市财政局"


def test_the_pdf_embeds_a_fangsong_face():
    from pypdf import PdfReader

    letter = letters.Letter(
        title="甲市人民政府\n政府信息公开申请答复书",
        paragraphs=["本机关于2026年3月2日收到您提出的政府信息公开申请。"],
        signature="甲市人民政府",
        dated=date(2026, 3, 20),
    )
    reader = PdfReader(io.BytesIO(gongwen.render_pdf(letter)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("FandolFang" in name for name in fonts), fonts


def _ind(paragraph) -> dict:
    from docx.oxml.ns import qn

    ind = paragraph._p.pPr.find(qn("w:ind"))
    return {k.split("}")[1]: v for k, v in ind.attrib.items()} if ind is not None else {}


@pytest.mark.parametrize("sealed", [True, False])
def test_signature_and_date_follow_gb_t_9704_7_3_5_in_docx(sealed):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    letter = letters.Letter(
        title="甲市发展和改革委员会\n政府信息公开申请答复书",
        paragraphs=["正文。"],
        signature="甲市发展和改革委员会",  # 10 字
        dated=date(2026, 3, 20),  # 2026年3月20日: 3 字 + 7 half-width digits = 6.5 字
        sealed=sealed,
    )
    document = Document(io.BytesIO(gongwen.render_docx(letter)))
    paragraphs = [p for p in document.paragraphs if p.text]
    name, dated = paragraphs[-2], paragraphs[-1]
    assert (name.text, dated.text) == ("甲市发展和改革委员会", "2026年3月20日")
    assert name.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    if sealed:
        # Date 右空四字; the name centred over it: 4 + (6.5 - 10) / 2 = 2.25 字.
        assert _ind(dated)["rightChars"] == "400"
        assert _ind(name)["rightChars"] == "225"
    else:
        # Name 右空二字; the date starts two characters right of the name's first character:
        # its right indent is 10 - 6.5 = 3.5 字.
        assert _ind(name)["rightChars"] == "200"
        assert _ind(dated)["rightChars"] == "350"


def test_unsealed_short_name_moves_left_so_the_date_keeps_two_characters():
    # §7.3.5.3: a date longer than the name is 右空二字 and the name moves left.
    assert gongwen.signature_layout("甲市人民政府", "2026年3月20日", sealed=False) == (4 + 6.5 - 6, 2.0)
    assert gongwen.signature_layout("甲市人民政府", "2026年3月20日", sealed=True) == (4.25, 4.0)


def test_the_pdf_places_name_and_date_and_the_seal():
    letter = letters.Letter(
        title="甲市人民政府\n政府信息公开申请答复书",
        paragraphs=["正文。"],
        signature="甲市人民政府",
        dated=date(2026, 3, 20),
        sealed=True,
        seal_image=RED_PNG,
    )
    html = gongwen.render_html(letter)
    assert "padding-right: 64.00pt" in html  # date 右空四字 (4 × 16 pt)
    assert "padding-right: 68.00pt" in html  # name centred: 4.25 字
    assert 'class="seal"' in html
    letter.sealed = False
    html = gongwen.render_html(letter)
    assert 'class="seal"' not in html
    assert "padding-right: 32.00pt" in html  # date 右空二字
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(gongwen.render_pdf(letter))).pages) == 1


def test_an_electronic_seal_is_frozen_with_the_letter(two_orgs, django_capture_on_commit_callbacks):
    from docx import Document

    org = two_orgs.dept_a1
    services.save_letter_settings(
        org=org, actor=two_orgs.staff(org, Role.HEAD), seal_image=("seal.png", RED_PNG)
    )
    application, _, handler = _registered(two_orgs, org)
    with django_capture_on_commit_callbacks(execute=True):
        _reply(application, handler)
    issued = IssuedLetter.objects.get(request=application, kind="reply")
    assert issued.seal_image_sha256 == hashlib.sha256(RED_PNG).hexdigest()
    document = Document(io.BytesIO(issuing.stored_bytes(issued, "docx")))
    anchors = document.element.body.xpath(".//wp:anchor")
    assert len(anchors) == 1


@pytest.mark.parametrize("sealed", [True, False])
def test_signature_and_date_positions_in_the_pdf(sealed):
    """Measured on the PDF (pdfium character boxes; 1 字 = 16 pt, tolerance for glyph side bearings
    and the −0.25 pt letter spacing): the text area's right edge is 210 mm − 26 mm."""
    import pypdfium2 as pdfium

    letter = letters.Letter(
        title="甲市人民政府\n政府信息公开申请答复书",
        paragraphs=["正文。"],
        signature="甲市发展和改革委员会",
        dated=date(2026, 3, 20),
        sealed=sealed,
    )
    page = pdfium.PdfDocument(gongwen.render_pdf(letter))[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()

    def box(needle):
        start = text.rfind(needle)
        return textpage.get_charbox(start)[0], textpage.get_charbox(start + len(needle) - 1)[2]

    right_edge = (210 - 26) / 25.4 * 72
    (name_left, name_right), (date_left, date_right) = box("甲市发展和改革委员会"), box("2026年3月20日")
    if sealed:
        assert right_edge - date_right == pytest.approx(4 * 16, abs=4.5)  # 右空四字
        assert (name_left + name_right) / 2 == pytest.approx((date_left + date_right) / 2, abs=4.5)
    else:
        assert right_edge - name_right == pytest.approx(2 * 16, abs=4.5)  # 右空二字
        assert date_left - name_left == pytest.approx(2 * 16, abs=4.5)  # 首字右移二字


def test_a_corrected_letter_cannot_be_deleted_alone_but_goes_with_its_application(two_orgs):
    from django.db.models import RestrictedError

    org = two_orgs.dept_a1
    application, _, handler = _registered(two_orgs, org)
    _reply(application, handler)
    first = IssuedLetter.objects.get(request=application, kind="reply")
    services.correct_letter(issued=first, actor=handler, reason="笔误")
    with pytest.raises(RestrictedError):
        first.delete()
    application.delete()
    assert not IssuedLetter.objects.exists()


def test_the_receipt_is_issued_on_registration_and_never_changes_after_a_template_edit(
    two_orgs, client, django_capture_on_commit_callbacks
):
    org = two_orgs.dept_a1
    with django_capture_on_commit_callbacks(execute=True):
        application, code, handler = _registered(two_orgs, org)
    issued = IssuedLetter.objects.get(request=application, kind="receipt")
    assert issued.number == "甲市发改委公开收〔2026〕1号"
    assert issued.issued_by == handler
    assert issued.dated == date(2026, 3, 2)
    assert "本机关于2026年3月2日收到您提出的政府信息公开申请" in issued.text
    before_pdf, before_docx = issued.pdf_sha256, issued.docx_sha256
    assert hashlib.sha256(issuing.stored_bytes(issued, "pdf")).hexdigest() == before_pdf

    services.save_letter_template(
        org=org, actor=two_orgs.staff(org, Role.HEAD), kind="receipt", paragraphs="回执模板已修改。"
    )
    assert letters.build(application, "receipt").paragraphs == ["回执模板已修改。"]
    client.force_login(handler)
    staff = client.get(reverse("workbench:request_letter", args=[application.pk, "receipt", "pdf"]))
    assert hashlib.sha256(staff.content).hexdigest() == before_pdf
    staff_docx = client.get(reverse("workbench:request_letter", args=[application.pk, "receipt", "docx"]))
    assert hashlib.sha256(staff_docx.content).hexdigest() == before_docx
    client.logout()
    public = client.post(
        reverse("portal:apply_track_download", args=[org.slug]), {"code": code, "what": "receipt"}
    )
    assert public.status_code == 200
    assert hashlib.sha256(public.content).hexdigest() == before_pdf


def test_an_online_application_gets_its_receipt_when_receipt_is_confirmed(two_orgs):
    org = two_orgs.dept_a1
    application, _ = services.submit_online(org=org, data=applicant(), token=services.new_form_token())
    assert not IssuedLetter.objects.filter(request=application).exists()  # nothing received yet
    handler = two_orgs.staff(org, Role.REQUEST_HANDLER)
    services.confirm_receipt(application=application, actor=handler, received_on=date.today())
    issued = IssuedLetter.objects.get(request=application, kind="receipt")
    assert issued.issued_by == handler
    assert issued.dated == date.today()
    assert f"本机关于{date.today().year}年{date.today().month}月{date.today().day}日收到" in issued.text
