"""What every admin page of the knowledge base shares."""

from django.contrib import admin
from django.db import models


class BaseAdmin(admin.ModelAdmin):
    # Django 6.0's default, chosen now: a URL typed without a scheme means https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    save_on_top = True
    list_per_page = 50
    readonly_fields = ("created_at", "updated_at")


RECORD_FIELDSET = ("Record", {"classes": ("collapse",), "fields": ("created_at", "updated_at")})
