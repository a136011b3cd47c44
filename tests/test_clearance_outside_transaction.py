"""Clearing a record reads its attachments before the review's transaction opens, never inside
it (issue 17, finding 1: on SQLite a long extraction inside the transaction held every write)."""

import pytest
from django.db import connection

from gongkai.accounts.models import Role
from gongkai.disclosure import services
from gongkai.disclosure.models import Attachment
from gongkai.disclosure.tests.factories import docx_bytes
from gongkai.textproc import bounded


# Transactional (it watches whether extraction runs inside a transaction). Transactional tests live
# under tests/, which runs after the apps' tests: their flush removes what the migrations seeded.
@pytest.mark.django_db(transaction=True)
def test_clearance_extracts_before_its_transaction_and_never_inside_it(two_orgs, monkeypatch):
    org = two_orgs.gov_a
    editor = two_orgs.staff(org, Role.EDITOR)
    record = two_orgs.draft(org, title="附件待读")
    attachment = services.add_attachment(record=record, actor=editor, name="通知.docx", data=docx_bytes())
    Attachment.objects.filter(pk=attachment.pk).update(text="", text_status="")  # a row from before
    services.submit_record(record=record, actor=editor)
    seen: list[bool] = []
    real = bounded.extract_text

    def spy(extension, data):
        seen.append(connection.in_atomic_block)
        return real(extension, data)

    monkeypatch.setattr(bounded, "extract_text", spy)
    services.pass_confidentiality_review(
        record=record, actor=two_orgs.staff(org, Role.CONFIDENTIALITY_REVIEWER)
    )
    assert seen == [False]
    attachment.refresh_from_db()
    assert attachment.text_status == bounded.STATUS_OK
