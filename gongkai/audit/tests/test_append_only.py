"""Audit rows cannot be altered, neither through the ORM nor with raw SQL."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from gongkai.audit.services import record_event

pytestmark = pytest.mark.django_db


def test_the_orm_refuses_to_update_or_delete_an_audit_entry():
    entry = record_event(actor=None, verb="login_failed", changes={"username": "zhang"})
    entry.reason = "篡改"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()


def test_the_database_refuses_a_raw_update_of_an_audit_entry():
    entry = record_event(actor=None, verb="login_failed", changes={"username": "zhang"})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE id = %s", ["篡改", entry.pk])


def test_the_database_refuses_a_raw_delete():
    entry = record_event(actor=None, verb="login_failed", changes={"username": "zhang"})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
