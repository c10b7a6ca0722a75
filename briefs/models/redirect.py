"""Old public paths of renamed objects, kept so links never break.

A row points at the object, not at a path: when a slug changes twice, the
oldest path still leads straight to the current page, with no chain of hops.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class SlugRedirect(models.Model):
    old_path = models.CharField(
        max_length=300, unique=True, help_text="A path the object used to live at."
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = "slug redirect"
        indexes = [models.Index(fields=["content_type", "object_id"], name="redirect_target")]

    def __str__(self) -> str:
        return self.old_path
