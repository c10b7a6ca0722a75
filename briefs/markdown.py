"""Markdown to safe HTML: markdown-it-py renders, nh3 keeps only an allow-list.

Raw HTML in the Markdown is not rendered at all, and whatever the renderer
emits passes through nh3, so a script, an ``on*`` attribute or a
``javascript:`` link cannot reach a reader even if the renderer had a bug.
A level-one heading becomes ``<h2>``: the page's title is its only ``<h1>``.

Citation references ``[^1]`` link to the brief's numbered citation list, whose
items carry ``id="citation-1"`` and so on; ``[^1][^3]`` cites two sources.
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

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
    "sup": {"class"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Raise whenever a change here changes the HTML for the same Markdown: briefs store
# their rendered body with the version that made it, and one made by an older
# version is rendered afresh when read and re-stored by `manage.py render_briefs`.
RENDERER_VERSION = 1

CITATION_REFERENCE = re.compile(r"\[\^([1-9][0-9]{0,3})\]")


def _citation_reference(state: StateInline, silent: bool) -> bool:
    """``[^3]`` becomes a superscript link to citation 3 of the brief."""
    match = CITATION_REFERENCE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation_ref", "", 0)
        token.meta = {"number": int(match.group(1))}
    state.pos = match.end()
    return True


def _render_citation_reference(renderer, tokens, index, options, env) -> str:
    number = tokens[index].meta["number"]
    return f'<sup class="citation-ref"><a href="#citation-{number}">[{number}]</a></sup>'


# "replacements" and "smartquotes" do the typography: curly quotes, en dashes.
_parser = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)
_parser.inline.ruler.before("link", "citation_ref", _citation_reference)
_parser.add_render_rule("citation_ref", _render_citation_reference)


def _demote_top_headings(tokens) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


def render_markdown(text: str) -> str:
    tokens = _parser.parse(text or "")
    _demote_top_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return sanitize_html(html)


def cited_numbers(text: str) -> set[int]:
    """The citation numbers a body refers to with ``[^N]``."""
    return {int(number) for number in CITATION_REFERENCE.findall(text or "")}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_text(text: str) -> str:
    """The body as plain text, for apps that show no HTML: paragraphs and headings
    separated by blank lines, list items and table rows one a line; no markup, a link's
    text without its address, a citation ``[^3]`` as ``[3]``."""
    tokens = _parser.parse(text or "")
    blocks: list[tuple[str, bool]] = []  # (text, one line of a list or table)
    bullets: list[int | None] = []  # per open list: None for bullets, else the next number
    row: list[str] | None = None
    prefix = ""
    for token in tokens:
        if token.type == "bullet_list_open":
            bullets.append(None)
        elif token.type == "ordered_list_open":
            bullets.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
        elif token.type == "list_item_open":
            number = bullets[-1]
            prefix = "  " * (len(bullets) - 1) + ("- " if number is None else f"{number}. ")
            if number is not None:
                bullets[-1] = number + 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            blocks.append((" | ".join(row or []), True))
            row = None
        elif token.type in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), False))
        elif token.type == "inline":
            line = _inline_text(token.children or [])
            if row is not None:
                row.append(line)
            else:
                blocks.append((prefix + line, bool(bullets)))
                prefix = ""
    plain = ""
    for index, (block, is_line) in enumerate(blocks):
        if index:
            plain += "\n" if is_line and blocks[index - 1][1] else "\n\n"
        plain += block
    return plain


def _inline_text(children) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "citation_ref":
            parts.append(f"[{child.meta['number']}]")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)
