"""Brief bodies render Markdown but nothing that could run in a reader's browser."""

from html.parser import HTMLParser

from briefs.markdown import render_markdown, sanitize_html


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list:
    parser = ElementCollector()
    parser.feed(html)
    return parser.elements


def test_script_tags_are_shown_as_text_not_run():
    html = render_markdown("Before <script>alert('x')</script> after")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_event_handler_attributes_never_reach_an_element():
    html = render_markdown('<img src="https://example.org/a.png" onerror="alert(1)">')
    assert not any(name.startswith("on") for _, attributes in elements(html) for name in attributes)
    assert "img" not in [tag for tag, _ in elements(html)]


def test_javascript_links_are_not_links():
    html = render_markdown("[click me](javascript:alert(1)) and [ok](https://example.org)")
    assert 'href="javascript' not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html


def test_data_urls_are_dropped_from_images():
    html = render_markdown("![pixel](data:image/png;base64,AAAA)")
    assert "data:" not in html


def test_sanitizer_strips_handlers_even_if_the_renderer_let_them_through():
    html = sanitize_html('<p onclick="steal()">Hi <a href="javascript:x()">x</a></p>')
    assert html == '<p>Hi <a rel="noopener noreferrer">x</a></p>'


def test_markdown_features_editors_use_are_kept():
    html = render_markdown("# Heading\n\n**bold** and *italic*\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h2>Heading</h2>" in html  # the page title is the only h1
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<table>" in html


def test_quotes_and_dashes_are_typeset():
    html = render_markdown('The "AI Alliance Network" -- a BRICS idea')
    assert "“AI Alliance Network”" in html
    assert "\u2013" in html  # an en dash
