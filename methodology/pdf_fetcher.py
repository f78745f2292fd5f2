"""What WeasyPrint may read while it lays out a PDF (issue 16): the app's own static files and nothing else.

A PDF is laid out from the same template as its print page, with the record's texts in it. Those texts are
escaped, but WeasyPrint's own fetcher would follow any link that reached the HTML (an image, a stylesheet,
an @import): `file:///etc/passwd` from the server's disk, an address on the school's network, a tracker on
another site. This fetcher answers only the static files' URLs (settings.STATIC_URL at the site's address,
as `{% static %}` writes them and base_url resolves them), reading the file from the disk: the static
folders (the finders, as in development) or the collected files (STATIC_ROOT, whose names carry the
manifest's hash in production). Everything else is refused without being opened: other schemes (file:,
data:, ftp:), other hosts and ports, this site's pages and uploads, a path that climbs out ("..").
data: URLs are refused too: none of the forms uses one, and a document needs nothing it does not name.

Imported only when a PDF is made: WeasyPrint loads Pango and HarfBuzz, which no other page needs.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from school_gov.sites import site_url


class Refused(ValueError):
    """A URL the PDF may not read. WeasyPrint logs it and lays the document out without the resource."""


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's `url_fetcher`: the app's static files, read locally; any other URL is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("http", "https"), allow_redirects=False)
        self.prefix = urlsplit(urljoin(site_url("/"), settings.STATIC_URL))

    def static_name(self, url: str) -> str:
        """The static file's name ("css/print.css") that `url` addresses, or Refused."""
        parts, prefix = urlsplit(url), self.prefix
        same_site = (parts.scheme, parts.netloc) == (prefix.scheme, prefix.netloc)
        if not same_site or not parts.path.startswith(prefix.path):
            raise Refused(f"Not one of the app's static files: {url[:200]}")
        name = unquote(parts.path[len(prefix.path) :])
        segments = name.split("/")
        if not name or "\\" in name or "\0" in name or any(s in ("", ".", "..") for s in segments):
            raise Refused(f"Not a static file's name: {url[:200]}")
        return name

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        name = self.static_name(url)
        found = finders.find(name)
        if found:
            body = Path(found).read_bytes()
        elif staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as file:
                body = file.read()
        else:
            raise Refused(f"No such static file: {name}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})
