"""HSDS identifiers and imports. (The search columns and indexes of city-wide services are
organisations' own; the search configuration is textsearch's.)"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tenants", "0002_lifecycle_and_domain_verification"),
        ("textsearch", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="HsdsIdentifier",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("organisation", "Organisation"), ("service", "Service"), ("location", "Location")], max_length=20, verbose_name="kind")),
                ("object_id", models.PositiveBigIntegerField(verbose_name="object id")),
                ("uuid", models.UUIDField(unique=True, verbose_name="HSDS identifier")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            ],
            options={
                "verbose_name": "HSDS identifier",
                "verbose_name_plural": "HSDS identifiers",
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="one_hsds_id_per_object")],
            },
        ),
        migrations.CreateModel(
            name="HsdsImport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("imported_by_name", models.CharField(blank=True, max_length=150, verbose_name="imported by")),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="changed")),
                ("unchanged", models.PositiveIntegerField(default=0, verbose_name="unchanged")),
                ("imported_at", models.DateTimeField(auto_now_add=True, verbose_name="imported at")),
                ("municipality", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+", to="tenants.municipality", verbose_name="municipality")),
            ],
            options={
                "verbose_name": "HSDS import",
                "verbose_name_plural": "HSDS imports",
                "ordering": ["-imported_at", "-id"],
            },
        ),
    ]
