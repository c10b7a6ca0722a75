"""Markdown to safe HTML: markdown-it-py renders, nh3 keeps only an allow-list.

Raw HTML in the Markdown is not rendered at all, and whatever the renderer
emits passes through nh3, so a script, an ``on*`` attribute or a
``javascript:`` link cannot reach a reader even if the renderer had a bug.
A level-one heading becomes ``<h2>``: the page's title is its only ``<h1>``.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["table", "strikethrough"]
)


def _demote_top_headings(tokens) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


def render_markdown(text: str) -> str:
    tokens = _parser.parse(text or "")
    _demote_top_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
