"""Renders the narrative templates (Jinja2, in Lao) with the report data into the document model.

Templates are written in a small markup (h1–h3, p, ul/ol/li, table, b, name, pagebreak, meta; see
docs/templates.md) so that secretariat staff can change a sentence in a text editor. Which templates: those
for the report's language and level (templates/lo/national/…), falling back to the language's shared ones.
"""

from __future__ import annotations

import traceback

import jinja2

from ..aggregate import ReportData
from ..config import Settings
from ..errors import TemplateError
from ..model.document import Document, Meta
from ..model.secretariat import SecretariatText
from .api import ReportView
from .environment import MAIN_TEMPLATE, WARNED_MARK, builtin_templates, make_environment, template_folders
from .markup import located, parse_markup

__all__ = ["WARNED_MARK", "build_document", "builtin_templates", "render_markup", "report_level", "template_folders"]

LANGUAGES = {"lo": "lo-LA", "en": "en-US"}  # the report languages there are templates for


def report_level(data: ReportData) -> str:
    """Which report this is, by the level of the committee whose scope it covers: "national", "province"."""
    return str(data.scope.level)


def render_markup(data: ReportData, settings: Settings, language: str = "lo",
                  secretariat: SecretariatText | None = None) -> tuple[str, object]:
    """The rendered templates and the figures, remarks and places they filed (see marks.py). `secretariat`: the
    secretariat's own paragraphs (secretariat.txt), as `sec` in the templates."""
    from .marks import Marks

    marks = Marks()
    if language == "en":  # the English companion: its own filters beside the shared ones (reportgen/english/)
        from ..english.narrative import english_settings, extend

        settings = english_settings(settings)
    env = make_environment(settings, template_folders(settings, language, report_level(data)), marks)
    if language == "en":
        extend(env, settings)
    try:
        template = env.get_template(MAIN_TEMPLATE)
        markup = template.render(r=ReportView(data), s=settings, sec=secretariat or SecretariatText(),
                                 year=data.year, next_year=data.year + 1)
    except jinja2.TemplateSyntaxError as exc:
        raise located("template.syntax", exc.name or exc.filename or "?", exc.lineno,
                      detail=exc.message or "") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError.of("template.not_found", None, name=exc.name) from exc
    except Exception as exc:  # an error inside a template expression: name its file and line
        where = _template_frame(exc)
        raise located("template.error", where[0], where[1], detail=f"{type(exc).__name__}: {exc}") from exc
    return markup, marks


def _template_frame(exc: BaseException) -> tuple[str, int]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return frames[-1].filename, frames[-1].lineno or 0
    return "?", 0


def build_document(data: ReportData, settings: Settings, language: str = "lo",
                   secretariat: SecretariatText | None = None) -> Document:
    """ReportData → Document, through the narrative templates of `language` and the report's level."""
    markup, marks = render_markup(data, settings, language, secretariat)
    meta = Meta(title="", short_title="", subject="", author=settings.issuing_body,
                language=LANGUAGES.get(language, language), date=settings.report_date, year=data.year,
                sample=data.sample)
    return parse_markup(markup, marks, meta)
