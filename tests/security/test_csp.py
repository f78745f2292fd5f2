"""The Content-Security-Policy (issue 16, item 3): every page is served under an enforced policy that takes
scripts, styles, fonts and images from the site itself only (no inline script or style, no eval), which
the templates keep to (scanned here; the browser tests fail on any violation the browser reports, in
tests/e2e/conftest.py); and a PDF reads nothing but the app's own static files (methodology.pdf_fetcher).
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
import weasyprint
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from weasyprint.formatting_structure.boxes import TextBox

from methodology.pdf_fetcher import Refused, StaticFilesOnly
from tests.factories import PlanItemFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SITE = "https://mektep.example.kg"

POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "object-src": {"'none'"},
    "base-uri": {"'none'"},
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def policy(response) -> dict[str, set[str]]:
    """The enforced policy of a response, directive by directive."""
    assert "Content-Security-Policy-Report-Only" not in response.headers
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives: dict[str, set[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = set(sources)
    return directives


# The header on the key pages


def test_the_sign_in_page_is_under_the_policy(client, db):
    response = client.get(reverse("login"), **EN)
    assert response.status_code == 200
    assert policy(response) == POLICY


def test_the_staffs_pages_are_under_the_policy(client, plan, head):
    client.force_login(head)
    for path in (reverse("dashboard"), reverse("methodology:plan_list"), plan.get_absolute_url()):
        response = client.get(path, **EN)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path


def test_the_parliaments_pages_are_under_the_policy(client, term, student, closed_poll):
    client.force_login(student)
    paths = [
        reverse("parliament:home"),
        reverse("parliament:poll_list"),
        reverse("parliament:poll_detail", args=[closed_poll.pk]),
        reverse("parliament:calendar"),
        reverse("parliament:proposal_list"),
    ]
    for path in paths:
        response = client.get(path, **EN)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path


def test_a_polls_result_bars_are_drawn_by_class_not_by_a_style_attribute(client, student, closed_poll):
    client.force_login(student)
    response = client.get(reverse("parliament:poll_detail", args=[closed_poll.pk]), **EN)
    assert '<div class="progress-bar share-75"></div>' in response.text
    assert '<div class="progress-bar share-25"></div>' in response.text
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    for percent in range(101):
        assert f".share-{percent} {{ width: {percent}%; }}" in css


def test_the_admin_is_under_the_policy(client, plan, deputy):
    client.force_login(deputy)
    for path in (reverse("admin:index"), reverse("admin:methodology_workplan_changelist")):
        response = client.get(path, **EN)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path


def test_the_print_page_lets_in_only_its_margins_style_by_a_nonce(client, plan, head):
    """The @page margins name the record's school: inline, with this response's nonce; scripts get none."""
    client.force_login(head)
    first = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    second = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    nonces = []
    for response in (first, second):
        directives = policy(response)
        (nonce,) = directives["style-src"] - {"'self'"}
        assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=]{20,}'", nonce)
        assert directives == {**POLICY, "style-src": {"'self'", nonce}}
        value = nonce[len("'nonce-") : -1]
        assert response.text.count("<style") == 1
        assert f'<style nonce="{value}">' in response.text
        nonces.append(value)
    assert nonces[0] != nonces[1]  # a new one for every response


def test_a_nonce_read_by_any_other_page_is_not_in_its_policy(rf):
    """Only the print views add the nonce to style-src: a nonce another template used would not be
    honoured, so nothing inline gets in by one by accident."""

    def view(request):
        return HttpResponse(f'<style nonce="{request.csp_nonce}">p {{ color: red; }}</style>')

    response = CSPMiddleware(view)(rf.get("/"))
    assert "nonce" not in response.headers["Content-Security-Policy"]
    assert policy(response) == POLICY


# The templates: nothing inline that the policy would block


TEMPLATES = Path(settings.BASE_DIR) / "templates"
COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>", re.S)
HANDLER = re.compile(r"(?:^|\s)(on[a-z]+)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"(?:^|\s)style\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.I)
SRC = re.compile(r"(?:^|\s)src\s*=", re.I)
JSON_TYPE = re.compile(r"(?:^|\s)type\s*=\s*[\"']application/(?:ld\+)?json[\"']", re.I)
NONCED_STYLE = 'nonce="{{ request.csp_nonce }}"'


def _served_templates() -> list[Path]:
    """Every template but the e-mails', which are not pages (their HTML keeps its inline styles)."""
    found = [
        path
        for path in sorted(TEMPLATES.rglob("*"))
        if path.is_file() and "email" not in path.relative_to(TEMPLATES).as_posix()
    ]
    assert len(found) > 100  # the scan reached the templates
    return found


def inline_code(source: str) -> list[str]:
    """What in a template's text the policy would block: a <script> without src (JSON data excepted), a
    style or on* attribute, a javascript: URL, a <style> element without the response's nonce."""
    problems = []
    source = COMMENTS.sub(" ", source)
    for match in re.finditer(r"<style\b", source, re.I):
        if NONCED_STYLE not in source[match.start() : match.start() + 120]:
            problems.append("a <style> element without the nonce")
    html = TEMPLATE_SYNTAX.sub(" x ", source)
    for tag in TAG.finditer(html):
        name, attributes = tag.group(1).lower(), tag.group(2)
        if name == "script" and not SRC.search(attributes) and not JSON_TYPE.search(attributes):
            problems.append(f"an inline script: {tag.group(0)[:80]}")
        if handler := HANDLER.search(attributes):
            problems.append(f"an event handler attribute ({handler.group(1)}): {tag.group(0)[:80]}")
        if STYLE_ATTRIBUTE.search(attributes):
            problems.append(f"a style attribute: {tag.group(0)[:80]}")
        if JAVASCRIPT_URL.search(attributes):
            problems.append(f"a javascript: URL: {tag.group(0)[:80]}")
    return problems


def test_no_template_has_inline_script_style_or_handlers():
    found = {}
    for path in _served_templates():
        if problems := inline_code(path.read_text(encoding="utf-8")):
            found[path.relative_to(TEMPLATES).as_posix()] = problems
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">\n  go();\n</script>',
        '<button type="button" onclick="window.print()">Print</button>',
        '<a href="#" class="x"\n   onMouseOver="go()">x</a>',
        '<div class="bar" style="width: {{ percent }}%"></div>',
        '<input {% if on %}style="color: red"{% endif %}>',
        '<a href="javascript:go()">x</a>',
        "<style>p { color: red; }</style>",
    ],
)
def test_the_scan_finds_inline_code(source):
    assert inline_code(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "<script src=\"{% static 'js/forms.js' %}\" defer></script>",
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<p data-style="x">{% blocktranslate with online=n %}{{ online }} online{% endblocktranslate %}',
        "{# no <style> here, nor onclick= #}<p>{% comment %}<script>x()</script>{% endcomment %}</p>",
        '<button type="button" data-print>Print</button>',
        '<style{% if not pdf %} nonce="{{ request.csp_nonce }}"{% endif %}>@page {}</style>',
        "<p>Come on=time, styles=many</p>",
    ],
)
def test_the_scan_lets_static_and_data_through(source):
    assert inline_code(source) == []


# PDFs: WeasyPrint reads the app's static files and nothing else


def test_the_fetcher_serves_a_static_file_from_the_disk():
    fetcher = StaticFilesOnly()
    response = fetcher.fetch(f"{SITE}/static/css/print.css")
    assert response.content_type == "text/css"
    assert response.read() == (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_bytes()
    response.close()


def test_the_fetcher_serves_a_collected_file_by_its_hashed_name(settings, tmp_path):
    """Production's `{% static %}` names the manifest's copy (print.1a2b3c.css) in STATIC_ROOT."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.1a2b3c.css").write_bytes(b"html { color: #000; }")
    settings.STATIC_ROOT = tmp_path
    response = StaticFilesOnly().fetch(f"{SITE}/static/css/print.1a2b3c.css")
    assert response.read() == b"html { color: #000; }"
    response.close()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",
        "http://example.com/x.png",
        "https://example.com/static/css/print.css",  # the path of a static file, on another site
        "http://mektep.example.kg/static/css/print.css",  # the site's name, another scheme
        "https://mektep.example.kg:8443/static/css/print.css",  # another port
        "https://user@mektep.example.kg/static/css/print.css",
        f"{SITE}/media/documents/1.pdf",  # the site, outside the static files
        f"{SITE}/admin/",
        f"{SITE}/static/../../../etc/passwd",
        f"{SITE}/static/css/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{SITE}/static//etc/passwd",
        f"{SITE}/static/",
        f"{SITE}/static/css/no-such-file.css",
        f"{SITE}/static/css\\..\\..\\settings.py",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.com/x.png",
    ],
)
def test_the_fetcher_refuses_everything_else_without_opening_it(monkeypatch, url):
    def no_network(*args, **kwargs):
        raise AssertionError(f"the fetcher opened {url}")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    with pytest.raises(Refused):
        StaticFilesOnly().fetch(url)


HOSTILE = (
    '<img src="file:///etc/passwd"> <img src="http://example.com/x.png">'
    ' <link rel="stylesheet" href="http://example.com/x.css">'
)


class Spy(StaticFilesOnly):
    """The PDF's fetcher, noting each URL it is asked for and what it answered."""

    asked: list[tuple[str, str]] = []

    def fetch(self, url, headers=None):
        try:
            response = super().fetch(url, headers)
        except Refused:
            self.asked.append((url, "refused"))
            raise
        self.asked.append((url, "served"))
        return response


@pytest.fixture
def spy(monkeypatch):
    import methodology.pdf_fetcher

    Spy.asked = []
    monkeypatch.setattr(methodology.pdf_fetcher, "StaticFilesOnly", Spy)
    return Spy


def _text(document) -> str:
    texts = [
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    ]
    return " ".join(" ".join(texts).split())


def test_a_plan_whose_text_holds_html_prints_it_as_text_and_fetches_only_the_stylesheet(
    monkeypatch, client, plan, head, spy
):
    type(plan).objects.filter(pk=plan.pk).update(title="План " + HOSTILE)
    PlanItemFactory(plan=plan, activity="Иш-чара " + HOSTILE)
    documents = []
    render = weasyprint.HTML.render

    def keep(self, *args, **kwargs):
        documents.append(render(self, *args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(weasyprint.HTML, "render", keep)
    client.force_login(head)
    response = client.get(reverse("methodology:plan_pdf", args=[plan.pk]), **EN)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    # The texts are escaped: WeasyPrint sees no image nor stylesheet in them and asks for none.
    assert spy.asked == [(f"{SITE}/static/css/print.css", "served")]
    (document,) = documents
    text = _text(document)
    assert 'Иш-чара <img src="file:///etc/passwd">' in text
    assert '<link rel="stylesheet" href="http://example.com/x.css">' in text


def test_html_that_reached_a_pdf_would_read_nothing_but_static_files(monkeypatch, spy):
    """Should a template ever let markup through, WeasyPrint still reads neither the disk nor the net."""

    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint opened a URL itself")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = f"""<html><head>
      <link rel="stylesheet" href="/static/css/print.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>
        @import url("http://example.com/a.css");
        body {{ background: url("file:///etc/hostname"); }}
      </style>
    </head><body>
      {HOSTILE}
      <img src="/media/documents/1.pdf"> <img src="data:image/png;base64,iVBORw0KGgo=">
      <object data="file:///etc/shadow"></object> <iframe src="http://169.254.169.254/latest/"></iframe>
      <p>Текст</p>
    </body></html>"""
    document = weasyprint.HTML(string=html, base_url=f"{SITE}/", url_fetcher=Spy()).render()
    assert "Текст" in _text(document)
    served = [url for url, answer in spy.asked if answer == "served"]
    refused = {url for url, answer in spy.asked if answer == "refused"}
    assert served == [f"{SITE}/static/css/print.css"]
    assert {
        "file:///etc/passwd",
        "http://example.com/a.css",
        "http://example.com/x.png",
        "http://example.com/x.css",
        f"{SITE}/media/documents/1.pdf",
    } <= refused
    assert all(url.startswith(f"{SITE}/static/") for url in served)
