"""Every entry has its place in the chain; triggers refuse UPDATE and DELETE on both databases.

The triggers are also recreated after every `migrate` (gongkai/audit/apps.py), because SQLite
drops a table's triggers whenever a migration rebuilds that table.
"""

from django.db import migrations, models


def triggers(apps, schema_editor):
    from gongkai.audit.protection import ensure_triggers

    ensure_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_existing_entries")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="序号"),
        ),
        migrations.RunPython(triggers, migrations.RunPython.noop),
    ]
