"""The audit trail becomes tamper-evident (school_gov.auditchain): every event numbered and digested in
its school's chain, the events written so far chained in the order they were written; on PostgreSQL the
table refuses UPDATE and DELETE."""

from django.db import migrations, models

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION school_gov_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER school_gov_auditevent_append_only
    BEFORE UPDATE OR DELETE ON school_gov_auditevent
    FOR EACH ROW EXECUTE FUNCTION school_gov_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS school_gov_auditevent_append_only ON school_gov_auditevent;
DROP FUNCTION IF EXISTS school_gov_audit_append_only();
"""


def chain_what_is_there(apps, schema_editor):
    from school_gov import auditchain

    AuditEvent = apps.get_model("school_gov", "AuditEvent")
    heads: dict = {}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        seq, previous = heads.get(event.school_id, (0, auditchain.GENESIS))
        event.seq = seq + 1
        event.digest = auditchain.digest(event, previous)
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq, digest=event.digest)
        heads[event.school_id] = (event.seq, event.digest)


def refuse_rewrites(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # as written: the function's text has a %
            cursor.execute(APPEND_ONLY_FUNCTION)
            cursor.execute(APPEND_ONLY_TRIGGER)


def allow_rewrites(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("school_gov", "0008_calendar"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(
                default=0, editable=False, verbose_name="number in the school's chain"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="digest",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="SHA-256 hash"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_what_is_there, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("school", "seq"), name="school_gov_auditevent_chain_seq"
            ),
        ),
        migrations.RunPython(refuse_rewrites, allow_rewrites),
    ]
