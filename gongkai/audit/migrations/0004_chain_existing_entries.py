"""Chain the entries written before the hash chain existed, in the order they were written.

Runs as the owner, the only time rows of the log are ever updated: the append-only trigger is
set aside for this one transaction.
"""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from gongkai.audit.chain import GENESIS, entry_hash

    AuditEntry = apps.get_model("audit", "AuditEntry")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        prev, seq = GENESIS, 0
        for entry in AuditEntry.objects.order_by("created_at", "id").iterator(chunk_size=2000):
            seq += 1
            entry.seq, entry.prev_hash = seq, prev
            entry.entry_hash = prev = entry_hash(prev, entry)
            cursor.execute(
                "UPDATE audit_auditentry SET seq = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
                [entry.seq, entry.prev_hash, entry.entry_hash, entry.id],
            )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.create(pk=1, seq=seq, entry_hash=prev if seq else "")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
