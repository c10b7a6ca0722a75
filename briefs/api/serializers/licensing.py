"""The reuse terms and the citation of a cited row (a rank, a key figure, a membership).

Both are written by the same rules as the site's "Cite this" blocks and downloads
(``briefs.citation``): the row's data keeps its source's licence or terms, and the
compilation is the site's (settings SITE_LICENCE_NAME and SITE_LICENCE_URL).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import citation
from ..fields import absolute


class LicenceSerializer(serializers.Serializer):
    """A row's reuse terms. A serializer (not a plain field) so that the CSV renderer
    gives each part its own column: licence.data, licence.compilation and so on.
    `sources`: the path to the row's source, or to its sources with many_sources=True."""

    data = serializers.CharField(
        help_text="The licence of the third-party data (an SPDX id where one exists), "
        "or that the publisher's terms or rights apply."
    )
    data_url = serializers.CharField(
        help_text="The address of the licence text or the publisher's terms, if recorded "
        '(several joined by " | "); empty otherwise.'
    )
    compilation = serializers.CharField(help_text="The licence of this site's compilation.")
    compilation_url = serializers.URLField(help_text="Its text.")

    def __init__(self, sources: str = "source", many_sources: bool = False, **kwargs):
        self.sources_path, self.many_sources = sources, many_sources
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        sources = _sources(obj, self.sources_path, self.many_sources)
        site = citation.site_licence()
        return {
            "data": " | ".join(source.licence_display for source in sources),
            "data_url": " | ".join(source.licence_url for source in sources if source.licence_url),
            "compilation": site.name,
            "compilation_url": site.url,
        }


def _sources(obj, path: str, many: bool) -> list:
    sources = getattr(obj, path)
    return list(sources.all()) if many else [sources]


@extend_schema_field(
    serializers.CharField(help_text="How to cite this row: its page, the data's publisher.")
)
class CitationField(serializers.Field):
    """The full citation text of a row, naming its page (`page`, a path to an object
    with get_absolute_url) and the publishers of its sources."""

    def __init__(self, page: str, sources: str = "source", many: bool = False):
        self.page_path, self.sources_path, self.many = page, sources, many
        super().__init__(source="*", read_only=True)

    def to_representation(self, obj):
        page = obj
        for name in self.page_path.split("."):
            page = getattr(page, name)
        sources = _sources(obj, self.sources_path, self.many)
        # Many rows share a page (an indicator, a bloc): reverse each page once per response.
        page_urls = self.context.setdefault("citation_page_urls", {})
        key = (type(page), page.pk)
        if key not in page_urls:
            page_urls[key] = absolute(self.context.get("request"), page.get_absolute_url())
        cited = citation.Citation(
            title=str(obj),
            url=page_urls[key],
            year=obj.updated_at.year,
            data_from=tuple(dict.fromkeys(s.publisher.name for s in sources if s.publisher_id)),
        )
        return cited.full
