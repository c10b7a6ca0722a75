"""Text as it is stored: no control characters, whatever path saved it.

Word pastes a vertical tab for a soft line break, and other tools leave NULs or
form feeds behind. None of them means anything in a title or a summary, most
cannot be written in XML 1.0 (so a feed carrying one would fail), and some
render invisibly. Every CharField and TextField of this site's models, and the
user model's names, are cleaned on ``pre_save`` (connected in ``apps.py``): the
admin, the shell, a command, an importer, fixtures and restored revisions all
end there. Tab, newline and carriage return stay: they are ordinary text.

``QuerySet.update()`` sends no signal, so the feeds clean what they write too
(``briefs.feeds``).
"""

import re

from django.db import models

# C0 controls except tab (\x09), newline (\x0a) and carriage return (\x0d).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control_characters(value):
    """``value`` without C0 control characters (tab, newline and CR kept); non-text as is."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def text_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


def clean_text_fields(sender, instance, **kwargs) -> None:
    """``pre_save``: strip control characters from every text field of ``instance``."""
    for name in text_fields(sender):
        value = getattr(instance, name)
        cleaned = strip_control_characters(value)
        if cleaned != value:
            setattr(instance, name, cleaned)
