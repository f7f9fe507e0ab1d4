"""The one exception root, a family per stage, and the exit code of each (documented in the README)."""

from __future__ import annotations

from typing import Self

from .messages import line


class ReportgenError(Exception):
    """Anything reportgen reports to its user instead of crashing. `exit_code` is what the CLI returns."""

    exit_code = 1
    code = ""  # the catalogue code of its message (reportgen/messages/catalogue.toml), when it has one

    @classmethod
    def of(cls, code: str, where: object = None, **values: object) -> Self:
        """The error with catalogue message `code` (see messages.line), e.g. ConfigError.of("config.not_found", path)."""
        error = cls(line(code, where, **values))
        error.code = code
        return error


class InputError(ReportgenError):
    """The workbooks have errors (the issues are listed separately)."""

    exit_code = 1


class ConfigError(ReportgenError):
    """reportgen.toml or a command-line option is wrong."""

    exit_code = 3


class TemplateError(ReportgenError):
    """A narrative template has a mistake; the message names its file and line."""

    exit_code = 4


class OutputError(ReportgenError):
    """A report could not be written (disk full, file open in Word, …)."""

    exit_code = 5


class ReviewError(ReportgenError):
    """A report given to `review` or `compare` cannot be read (missing, not a Word file, not made by reportgen,
    damaged), or the file to write is that report itself."""

    exit_code = 6
