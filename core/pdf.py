"""HTML to PDF bytes with WeasyPrint. Every PDF of the app goes through `html_to_pdf`."""

from pathlib import Path

from django.conf import settings
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

# Built once per process: fontconfig's font list is read here, not on every render.
FONTS = FontConfiguration()


def static_base_url() -> str:
    """Where relative URLs of a document (its stylesheet) resolve: the collected static files
    when `collectstatic` has run, else the project's own static folder."""
    root = settings.STATIC_ROOT
    folder = Path(root) if root and Path(root).is_dir() else Path(settings.STATICFILES_DIRS[0])
    return folder.resolve().as_uri() + "/"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render `html` (a whole document) to PDF bytes; relative URLs resolve against
    `base_url`, by default the static files (see `static_base_url`)."""
    document = HTML(string=html, base_url=base_url or static_base_url())
    return document.write_pdf(font_config=FONTS)
