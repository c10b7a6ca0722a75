"""Other names an entity goes by, in any language: "Russian Federation", "Сбербанк", "ГигаЧат".

One table for every kind of named entity (a generic relation), so search and
import matching read aliases in one place. Each alias carries the ISO 639-1 code
of its language, validated like a source's language.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .source import validate_language_code

# The entities that carry aliases (app label, model name).
ALIASED_MODELS = ("country", "bloc", "organization", "aimodel", "person")


class Alias(models.Model):
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        limit_choices_to={"app_label": "briefs", "model__in": ALIASED_MODELS},
    )
    object_id = models.PositiveBigIntegerField()
    entity = GenericForeignKey("content_type", "object_id")
    name = models.CharField(max_length=200)
    language = models.CharField(
        max_length=2,
        validators=[validate_language_code],
        help_text="ISO 639-1 code of the name's language, such as en or ru.",
    )

    class Meta:
        ordering = ["language", "name"]
        verbose_name_plural = "aliases"
        indexes = [models.Index(fields=["content_type", "object_id"], name="alias_entity")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "name", "language"],
                name="alias_unique_per_entity",
                violation_error_message="This name is already an alias of this entity.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
