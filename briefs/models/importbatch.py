"""One file imported by an editor: what it created and changed, so it can be undone whole.

Each entry of ``changes`` names an object (model label and primary key), whether
the import created it, and, for an object it changed, the field values it had
before (Django's "python" serialization, many-to-many fields included). Undoing
deletes what was created and puts the old values back; see ``briefs.imports.undo``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        RANKINGS = "rankings", "Rankings of an edition"
        KEY_FIGURES = "key_figures", "Key figures"
        MEMBERSHIPS = "memberships", "Memberships"
        AI_MODELS = "ai_models", "AI models"
        ORGANIZATIONS = "organizations", "Organizations"
        SOURCES = "sources", "Sources"
        EVENTS = "events", "Events"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
    )
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The revision holding every object as the import left it.",
    )
    row_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "import"
        verbose_name_plural = "imports"
        permissions = [("import_data", "Can import data from CSV and XLSX files")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("admin:briefs_importbatch_change", args=[self.pk])

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
