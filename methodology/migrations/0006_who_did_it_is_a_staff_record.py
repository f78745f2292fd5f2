"""Who created, submitted and commented on plans and reports is the staff record, as for who agreed,
approved and accepted them: not the account (an account can be replaced; the record is the person)."""

import django.db.models.deletion
from django.db import migrations, models

FIELDS = {
    "workplan": ("created_by", "submitted_by"),
    "yearendreport": ("created_by",),
    "plancomment": ("author",),
}


def accounts_to_records(apps, schema_editor):
    """Each account's staff record. An account with none (the technical superuser, an account replaced
    since) leaves the field empty: the audit trail still names the account that did it."""
    Staff = apps.get_model("school_gov", "Staff")
    record_of = dict(Staff.objects.filter(user__isnull=False).values_list("user_id", "pk"))
    unmapped = 0
    for model_name, fields in FIELDS.items():
        Model = apps.get_model("methodology", model_name)
        for row in Model.objects.all():
            for field in fields:
                account = getattr(row, f"{field}_id")
                if account is not None and account not in record_of:
                    unmapped += 1
                setattr(row, f"{field}_record_id", record_of.get(account))
            row.save(update_fields=[f"{field}_record" for field in fields])
    if unmapped:
        print(f"\n  {unmapped} who-did-it fields name an account without a staff record; left empty.")


def records_to_accounts(apps, schema_editor):
    Staff = apps.get_model("school_gov", "Staff")
    account_of = dict(Staff.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    for model_name, fields in FIELDS.items():
        Model = apps.get_model("methodology", model_name)
        for row in Model.objects.all():
            for field in fields:
                record = getattr(row, f"{field}_record_id")
                account = account_of.get(record) if record is not None else None
                if account is None and field != "submitted_by":
                    raise RuntimeError(
                        f"{Model.__name__} {row.pk}: {field} has no account to go back to; "
                        "this migration cannot be reversed with such rows."
                    )
                setattr(row, f"{field}_id", account)
            row.save(update_fields=list(fields))


def _record_field(verbose_name, *, null=False):
    return models.ForeignKey(
        null=True,
        blank=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="school_gov.staff",
        verbose_name=verbose_name,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("methodology", "0005_projects_and_proposals"),
        ("school_gov", "0004_minutes_permission"),
    ]

    operations = [
        migrations.AddField("workplan", "created_by_record", _record_field("created by")),
        migrations.AddField("workplan", "submitted_by_record", _record_field("submitted by", null=True)),
        migrations.AddField("yearendreport", "created_by_record", _record_field("created by")),
        migrations.AddField("plancomment", "author_record", _record_field("author")),
        # The old account columns may be empty after a reverse run; the forward copy fills the new ones.
        migrations.AlterField(
            "workplan",
            "created_by",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="school_gov.user",
                verbose_name="created by",
            ),
        ),
        migrations.AlterField(
            "yearendreport",
            "created_by",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="school_gov.user",
                verbose_name="created by",
            ),
        ),
        migrations.AlterField(
            "plancomment",
            "author",
            models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="school_gov.user",
                verbose_name="author",
            ),
        ),
        migrations.RunPython(accounts_to_records, records_to_accounts),
        migrations.RemoveField("workplan", "created_by"),
        migrations.RemoveField("workplan", "submitted_by"),
        migrations.RemoveField("yearendreport", "created_by"),
        migrations.RemoveField("plancomment", "author"),
        migrations.RenameField("workplan", "created_by_record", "created_by"),
        migrations.RenameField("workplan", "submitted_by_record", "submitted_by"),
        migrations.RenameField("yearendreport", "created_by_record", "created_by"),
        migrations.RenameField("plancomment", "author_record", "author"),
    ]
