import datetime

from django.db import migrations, models


def count_due_dates(apps, schema_editor):
    # Every school counted calendar days until now (MB-5.1): the period's start plus five days.
    WorkPlan = apps.get_model("methodology", "WorkPlan")
    plans = list(WorkPlan.objects.only("pk", "period_start"))
    for plan in plans:
        plan.approval_due_on = plan.period_start + datetime.timedelta(days=5)
    WorkPlan.objects.bulk_update(plans, ["approval_due_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("methodology", "0011_minutes_signed"),
        ("school_gov", "0008_calendar"),
    ]

    operations = [
        migrations.AddField(
            model_name="workplan",
            name="approval_due_on",
            field=models.DateField(
                blank=True, db_index=True, editable=False, null=True, verbose_name="to be approved by"
            ),
        ),
        migrations.RunPython(count_due_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workplan",
            name="approval_due_on",
            field=models.DateField(blank=True, db_index=True, editable=False, verbose_name="to be approved by"),
        ),
    ]
