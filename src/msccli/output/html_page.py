"""HTML pages from Jinja2 templates, escaped by the one guard: every value a template prints passes
guard.html_text (markup characters escaped, control characters made visible) unless the page's builder made it
markup itself (`markup`: SVG that msc drew from guarded text). Jinja2 is imported only when a page is written
(about 40 ms): a template a reader can see whole serves a page of this size better than HTML built in strings."""

from __future__ import annotations

from functools import cache
from typing import Any

from msccli.output.guard import html_text


def markup(text: str) -> Any:
    """Markup msc made from guarded text (an SVG picture), printed as it is."""
    from markupsafe import Markup

    return Markup(text)  # noqa: S704 - made by msc from text that passed the guard


def render(package: str, template: str, /, **context: Any) -> str:
    """The template `template` of `package`'s templates/ folder, filled with `context`."""
    page: str = _environment(package).get_template(template).render(**context)
    return page


@cache
def _environment(package: str) -> Any:
    import jinja2
    from markupsafe import Markup

    def guarded(value: Any) -> Markup:
        if isinstance(value, Markup):
            return value
        return Markup(html_text("" if value is None else str(value)))  # noqa: S704 - the guard has escaped it

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,  # the guard runs first (finalize); autoescape is the net under it
        finalize=guarded,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
