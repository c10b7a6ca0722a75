"""How to cite a page or a download: a short line, a full reference and BibTeX.

One ``Citation`` serves the "Cite this" block of every brief and data page, the
metadata of every download and the API's ``citation`` fields, so the three never
disagree. The permanent URL is the page's canonical address; the access date is
the day the reader looks (or downloads), as reference styles ask.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .users import display_name


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


def site_licence() -> Licence:
    """The licence of the site's own compilation (settings SITE_LICENCE_NAME and _URL)."""
    return Licence(name=settings.SITE_LICENCE_NAME, url=settings.SITE_LICENCE_URL)


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    year: int
    authors: tuple[str, ...] = ()
    accessed_on: datetime.date | None = None
    data_from: tuple[str, ...] = ()  # publishers of third-party data, named in the text

    @property
    def author_text(self) -> str:
        return ", ".join(self.authors) if self.authors else settings.SITE_NAME

    @property
    def accessed(self) -> datetime.date:
        return self.accessed_on or timezone.localdate()

    @property
    def short(self) -> str:
        """ "AI Geopolitics Briefs (2024), Two AI indices, one verdict on Russia"."""
        return f"{self.author_text} ({self.year}), {self.title}"

    @property
    def full(self) -> str:
        parts = [f"{self.author_text} ({self.year}). “{self.title}”."]
        if self.authors:
            parts.append(f"{settings.SITE_NAME}.")
        if self.data_from:
            parts.append(
                f"Data from {_and_list(self.data_from)}, compiled by {settings.SITE_NAME}."
            )
        parts.append(f"Retrieved {self.accessed:%-d %B %Y} from {self.url}")
        return " ".join(parts)

    @property
    def bibtex(self) -> str:
        author = " and ".join(self.authors) if self.authors else f"{{{settings.SITE_NAME}}}"
        note = f"Accessed {self.accessed:%Y-%m-%d}; licence {settings.SITE_LICENCE_NAME}"
        if self.data_from:
            note += f"; data from {_and_list(self.data_from)}"
        fields = [
            ("author", author),
            ("title", self.title),
            ("year", str(self.year)),
            ("howpublished", settings.SITE_NAME),
            ("url", self.url),
            ("urldate", f"{self.accessed:%Y-%m-%d}"),
            ("note", note),
        ]
        body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    @property
    def key(self) -> str:
        words = re.findall(r"[a-z0-9]+", self.title.lower())[:4]
        stem = re.sub(r"[^a-z0-9]", "", self.author_text.split(",")[0].split()[-1].lower())
        return f"{stem or 'briefs'}{self.year}{''.join(words)[:30]}"

    def as_dict(self) -> dict:
        return {"short": self.short, "full": self.full, "bibtex": self.bibtex, "url": self.url}


def _and_list(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", value)


def for_page(request, *, title: str, updated: datetime.datetime | None, data_from=()):
    """The citation of a data page: the site as author, the year it last changed."""
    year = (timezone.localtime(updated) if updated else timezone.now()).year
    return Citation(
        title=title,
        url=request.build_absolute_uri(request.path),
        year=year,
        data_from=tuple(dict.fromkeys(name for name in data_from if name)),
    )


def for_brief(request, brief) -> Citation:
    """A brief's citation: its authors (else the site), the year it was first published."""
    published = brief.first_published_at or brief.publish_at or brief.updated_at
    year = timezone.localtime(published).year if published else timezone.now().year
    return Citation(
        title=brief.title,
        url=request.build_absolute_uri(brief.get_absolute_url()),
        year=year,
        authors=tuple(display_name(author) for author in brief.authors.all()),
    )
