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


class AliasQuerySet(models.QuerySet):
    def get_by_natural_key(self, app_label: str, model: str, entity_key: str, name, language):
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        entity = content_type.model_class()._default_manager.get_by_natural_key(entity_key)
        return self.get(
            content_type=content_type, object_id=entity.pk, name=name, language=language
        )


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

    objects = AliasQuerySet.as_manager()

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

    def natural_key(self) -> tuple:
        """The entity's kind and natural key (a slug, a country's ISO code), name, language."""
        entity_key = self.entity.natural_key()
        return (*self.content_type.natural_key(), *entity_key, self.name, self.language)

    natural_key.dependencies = [f"briefs.{model}" for model in ALIASED_MODELS]
