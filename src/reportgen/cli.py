"""The `reportgen` command: parses options, calls the library, turns its errors into messages and exit codes."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__, messages
from .config import CONFIG_NAME, Settings, default_toml, districts_line, load_settings, with_expected_districts
from .errors import InputError, ReportgenError
from .messages import line
from .model.submission import Issue

EXIT_CODES = """\
Exit codes: 0 done; 1 the workbooks have errors; 2 wrong command-line usage; 3 settings problem;
4 narrative template mistake; 5 output could not be written; 6 a report to review or compare could not be read."""


_STAGES = {"read": "part.stage.read", "aggregate": "part.stage.aggregate", "narrative": "part.stage.narrative",
           "render": "part.stage.render", "done": "part.stage.done"}
_FORMATS = {"docx": "Word", "pdf": "PDF", "html": "HTML"}


class _Progress:
    """`stage: done/total` on the terminal's last line (only on a terminal); finish() clears it, so that
    what the command prints next starts on a clean line."""

    def __init__(self, quiet: bool):
        self.shown = not quiet and sys.stderr.isatty()
        self.drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.shown:
            return
        label = str(messages.text(_STAGES[stage])) if stage in _STAGES else _FORMATS.get(stage, stage)
        click.echo(f"\r\033[K{label}: {done}/{total}", err=True, nl=False)
        self.drawn = stage != "done"
        if not self.drawn:
            click.echo("", err=True)

    def finish(self) -> None:
        if self.drawn:
            click.echo("\r\033[K", err=True, nl=False)
            self.drawn = False


def _progress(quiet: bool) -> _Progress:
    return _Progress(quiet)


def _print_issues(issues: list[Issue], err: bool) -> None:
    # by file, and within a file in the order found (sheet by sheet, top to bottom)
    for i in sorted(issues, key=lambda i: i.where.file):
        click.echo(i.format(), err=err)


def _summary(n_files: int, issues: list[Issue], fix: str | None = None) -> str:
    e = sum(1 for i in issues if i.is_error)
    return line("cli.checked", fix=fix, files=n_files, errors=e, warnings=len(issues) - e)


def _settings(config: Path | None, **overrides) -> Settings:
    # Paths typed on the command line are relative to the current folder, like any command's; only the
    # paths written in the settings file are relative to that file (load_settings resolves those).
    for key in ("inputs", "output", "templates"):
        if overrides.get(key) is not None:
            overrides[key] = Path.cwd() / overrides[key]
    return load_settings(config, **overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """reportgen — ສ້າງບົດລາຍງານປະຈຳປີວຽກງານຕ້ານການຄ້າມະນຸດ ຈາກແບບຟອມ Excel ຂອງຄະນະກຳມະການ.

    Compiles the annual anti-human-trafficking report (Lao, DOCX and PDF) from the committees' Excel forms.
    """


@main.command()
@click.option("--year", type=click.IntRange(2000, 2100), help="Reporting year (default: last year).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="Folder for the forms (default: build/<year>/forms).")
@click.option("--districts", default="",
              help="District forms to pre-fill: 'all', or codes like 0101,0102 (recorded as expected_districts).")
@click.option("--config", type=click.Path(path_type=Path), help=f"Settings file (default: ./{CONFIG_NAME}).")
def init(year: int | None, out_dir: Path | None, districts: str, config: Path | None) -> None:
    """ສ້າງແບບຟອມ Excel ສຳລັບປີລາຍງານ / write the Excel forms for a year.

    One blank form per level, and one pre-filled form per committee (national, 18 provinces, and the
    districts asked for). Also writes reportgen.toml here if there is none, and records the districts in
    its expected_districts, so that check and build list those whose form does not come back.
    """
    import datetime as dt

    from .contract.reference import DISTRICTS, DISTRICTS_BY_CODE
    from .contract.roster import NATIONAL, Level, expected
    from .pipeline import write_outputs
    from .writers.xlsx.forms import Identity, forms_bytes

    try:
        settings = _settings(config)
        cfg = settings.base / CONFIG_NAME if config is None else config
        had_settings = cfg.exists()
        year = year or settings.year or dt.date.today().year - 1
        if districts.strip().lower() == "all":
            codes = [d.code for d in DISTRICTS]
        else:
            codes = [c.strip() for c in districts.split(",") if c.strip()] or list(settings.expected_districts)
        unknown = [c for c in codes if c not in DISTRICTS_BY_CODE]
        if unknown:
            raise click.BadParameter(line("cli.unknown_districts", codes=", ".join(unknown)), param_hint="--districts")
        blanks = [Identity(Level.PROVINCE, year), Identity(Level.DISTRICT, year)]  # the place left open
        idents = blanks + [Identity(c, year) for c in expected(NATIONAL, codes)]
        blobs = {f"{ident.file_stem}.xlsx": data for ident, data in zip(idents, forms_bytes(idents), strict=True)}
        folder = out_dir or settings.path(settings.output) / str(year) / "forms"
        write_outputs(folder, blobs)
        other_year = had_settings and settings.year is not None and settings.year != year
        if not had_settings:
            text = default_toml(year)
            if codes:  # the districts given forms are expected back: check and build list those that are not
                text = with_expected_districts(text, sorted(set(codes))) or text
            write_outputs(cfg.parent, {cfg.name: text.encode("utf-8")})
            click.echo(line("cli.wrote_settings", path=_here(cfg)))
        if not had_settings:
            notes = [_recorded(cfg, sorted(set(codes)))] if codes else []
        else:
            notes = [] if other_year else _record_districts(cfg, settings, codes)
        inputs = settings.path(settings.inputs)
        inputs.mkdir(parents=True, exist_ok=True)
        if other_year:
            again = set(codes) - set(settings.expected_districts)
            notes.append(line("cli.settings_other_year", _here(cfg), found=settings.year, year=year, path=_here(cfg),
                              then=messages.text("part.then_record_districts") if again else ""))
        notes += _other_years(inputs, year)
    except ReportgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    click.echo(line("cli.wrote_forms", n=len(blobs), folder=folder, inputs=settings.inputs))
    for note in notes:
        click.echo(note)


def _here(path: Path) -> str:
    """`path` relative to the current folder when it is inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _recorded(cfg: Path, codes: list[str], edited: bool = False) -> str:
    if len(codes) <= 10:
        districts: object = ", ".join(codes)
    else:
        districts = messages.text("part.n_districts", n=len(codes), first=codes[0], last=codes[-1])
    return line("cli.districts_recorded", _here(cfg), districts=districts,
                edited=messages.text("part.no_other_line") if edited else "")


def _record_districts(cfg: Path, settings: Settings, codes: list[str]) -> list[str]:
    """Add the districts init made forms for to `expected_districts` in an existing settings file, changing
    no other line; what to say about it."""
    from ._outputs import write_outputs

    wanted = sorted(set(settings.expected_districts) | set(codes))
    if set(wanted) == set(settings.expected_districts):
        return []
    try:
        text: str | None = cfg.read_bytes().decode("utf-8")  # as it is: Windows line ends stay
    except (OSError, UnicodeDecodeError):
        text = None
    new = with_expected_districts(text, wanted) if text is not None else None
    if new is None:
        return [line("cli.districts_not_recorded", _here(cfg), setting=districts_line(wanted))]
    write_outputs(cfg.parent, {cfg.name: new.encode("utf-8")})
    return [_recorded(cfg, wanted, edited=True)]


def _other_years(inputs: Path, year: int) -> list[str]:
    """A note when the inputs folder still holds the workbooks of another year."""
    from .pipeline import collect, read_all

    try:
        paths, _ = collect(inputs)
    except ReportgenError:
        return []
    years = Counter(s.year for s in read_all(paths, inputs) if s.year is not None and s.year != year)
    if not years:
        return []
    n, shown = sum(years.values()), ", ".join(str(y) for y in sorted(years))
    return [line("cli.other_years", _here(inputs), n=n, years=shown, year=year)]


@main.command(name="check")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), help="Year being reported (default: from settings or the forms).")
@click.option("--config", type=click.Path(path_type=Path), help=f"Settings file (default: ./{CONFIG_NAME}).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
def check_cmd(folder: Path | None, year: int | None, config: Path | None, quiet: bool) -> None:
    """ກວດແບບຟອມທັງໝົດໃນໂຟນເດີ / check every workbook in FOLDER (default: inputs/).

    Lists every problem at once as file › sheet › cell. Exit code 1 if there are errors.
    """
    from .collecting.history import PreviousYear
    from .pipeline import check_folder, write_collection

    try:
        settings = _settings(config, year=year)
        progress = _progress(quiet)
        try:
            result = check_folder(folder or settings.path(settings.inputs), settings.year, progress,
                                  expected_districts=settings.expected_districts, previous=PreviousYear.from_settings(settings),
                                  secretariat=settings.path(settings.secretariat_text))
        finally:
            progress.finish()
        collection = write_collection(result, settings)
    except ReportgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    _print_issues(result.issues, err=False)
    click.echo(_summary(len(result.submissions), result.issues, "fix.errors_above" if result.errors else None))
    _say_compared(result.history)
    _say_collection(collection)
    if result.errors:
        sys.exit(1)


@main.command()
@click.option("--inputs", type=click.Path(path_type=Path), help="Folder of filled workbooks (default: inputs/).")
@click.option("--out", "output", type=click.Path(path_type=Path), help="Output folder (default: build/).")
@click.option("--year", type=click.IntRange(2000, 2100), help="Year being reported (default: from settings).")
@click.option("--to", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf, html (the HTML sent to WeasyPrint, to debug layout).")
@click.option("--config", type=click.Path(path_type=Path), help=f"Settings file (default: ./{CONFIG_NAME}).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@click.option("--force", is_flag=True,
              help="Replace report.docx/.pdf even if someone changed them since they were built; "
                   "the changed ones are first kept as report.reviewed-1.docx (-2 …).")
@click.option("--provinces", "provinces_text", metavar="all|CODES",
              help="Also write province reports to build/<year>/provinces/: 'all' (every province that sent a "
                   "workbook), codes such as LA-XA,LA-VT, or 'none' (default: the setting provinces).")
@click.option("--lang", "lang_text", metavar="lo|en|lo,en",
              help="The reports' languages: lo (report.docx), en (its English companion, report.en.docx, and the "
                   "international tables in exports/), or lo,en (default: the setting languages, else lo).")
def build(inputs: Path | None, output: Path | None, year: int | None, formats: str, config: Path | None,
          quiet: bool, force: bool, provinces_text: str | None, lang_text: str | None) -> None:
    """ສ້າງບົດລາຍງານ DOCX ແລະ PDF / build the report: build/<year>/report.docx and report.pdf.

    A report changed after it was built (reviewers' comments) is never replaced: the new one is written
    as report-2.docx (report-3.docx …) beside it; with --force it is replaced, after being kept as
    report.reviewed-1.docx. Either way the new report carries the reviewers' comments and tracked changes.
    """
    from .pipeline import build_report

    fmts = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in fmts if f not in ("docx", "pdf", "html")]
    if bad or not fmts:
        raise click.BadParameter(line("cli.unknown_format", formats=", ".join(bad) or "(none)"), param_hint="--to")
    provinces = _provinces(provinces_text)
    languages = _languages(lang_text)
    try:
        settings = _settings(config, year=year, inputs=inputs, output=output)
        progress = _progress(quiet)
        try:
            result = build_report(settings, fmts, progress, force=force, provinces=provinces, languages=languages)
        finally:
            progress.finish()
    except InputError as exc:
        res = exc.args[0]
        _print_issues(res.issues, err=True)
        click.echo(_summary(len(res.submissions), res.issues), err=True)
        _say_collection(res.collection, err=True)
        click.echo(line("cli.not_built"), err=True)
        sys.exit(exc.exit_code)
    except ReportgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    if result.issues:
        _print_issues(result.issues, err=True)
    _say_compared(result.data.previous)
    for p in result.outputs:
        click.echo(line("cli.wrote", path=p))
    _say_collection(result.collection)
    for replaced, copy in result.reviewed:
        click.echo(line("cli.kept_reviewed", replaced, copy=copy.name))
    for kept, new in result.kept:
        click.echo(line("cli.not_replaced", kept=kept, new=new.name))
    _say_carried(result)
    _print_changes(result)
    _say_provinces(result)
    _say_english(result)


def _languages(text: str | None) -> tuple[str, ...] | None:
    """--lang as the library takes it (None: not given, the setting decides); an unknown language: usage error."""
    from .config import parse_languages

    if text is None:
        return None
    try:
        return parse_languages(text)
    except ValueError as exc:
        raise click.BadParameter(line("cli.unknown_language", given=text), param_hint="--lang") from exc


def _say_english(result) -> None:
    """The English companion and the international tables the build wrote, as the national report's files are said."""
    english = result.english
    if english is None:
        return
    for p in english.outputs + result.exports:
        click.echo(line("cli.wrote", path=p))
    for kept, new in english.kept:
        click.echo(line("cli.not_replaced", kept=kept, new=new.name))
    for replaced, copy in english.reviewed:
        click.echo(line("cli.kept_reviewed", replaced, copy=copy.name))
    _say_carried(english)


def _provinces(text: str | None) -> tuple[str, ...] | None:
    """--provinces as the library takes it (None: not given, the setting decides); unknown codes: usage error."""
    from .config import UnknownProvinces, parse_provinces

    if text is None:
        return None
    try:
        return parse_provinces(text)
    except UnknownProvinces as exc:
        raise click.BadParameter(line("provinces.unknown", **exc.message_values()), param_hint="--provinces") from exc


def _say_provinces(result) -> None:
    """The province reports written, and what became of their reviewed files."""
    if result.provinces:
        folder = result.provinces[0].outputs[0].parent if result.provinces[0].outputs else ""
        reused = sum(1 for p in result.provinces if p.reused)
        click.echo(line("cli.provinces_written", n=len(result.provinces), folder=_here(Path(folder)),
                        rendered=len(result.provinces) - reused, reused=reused))
    for p in result.provinces:
        for replaced, copy in p.reviewed:
            click.echo(line("cli.kept_reviewed", replaced, copy=copy.name))
        for kept, new in p.kept:
            click.echo(line("cli.not_replaced", kept=kept, new=new.name))
        _say_carried(p)


def _say_compared(history) -> None:
    """Which data.json this year's figures were compared with (collecting/history.py), so that nobody wonders."""
    if history is not None:
        click.echo(line("cli.compared", year=history.year, path=history.shown))


def _say_collection(collection, err: bool = False) -> None:
    """The returns and status page check wrote (pipeline.write_collection)."""
    if collection is None:
        return
    for p in collection.written:
        click.echo(line("cli.wrote", path=p), err=err)
    for kept, new in collection.kept:
        click.echo(line("cli.not_replaced", kept=kept, new=new.name), err=err)
    if collection.returns:
        folder = collection.folder / "returns"
        click.echo(line("returns.written", _here(folder), n=len(collection.returns)), err=err)
    for p in collection.removed:
        click.echo(line("returns.removed", _here(p)), err=err)
    for p in collection.left:
        click.echo(line("returns.left", _here(p)), err=err)
    for file, why in collection.unreturned.items():
        click.echo(why.line(file), err=err)


def _say_carried(result) -> None:
    """What became of the reviewers' comments and tracked changes in the new draft (review/carry.py)."""
    draft = result.draft
    if draft is None or result.carried_from is None:
        return
    if result.carry_error:
        click.echo(result.carry_error, err=True)
        click.echo(line("cli.carry_failed", result.carried_from, new=draft.name), err=True)
        return
    c = result.carried
    old = dict(result.reviewed).get(result.carried_from, result.carried_from)  # replaced by --force: its copy
    click.echo(line("cli.carried", draft, old=old.name, comments=c.comments, reapplied=c.reapplied,
                    commented=c.commented, unplaced=len(c.unplaced)))
    if c.unplaced:
        click.echo(line("cli.carry_unplaced", draft, n=len(c.unplaced), new=draft.name), err=True)


@main.command()
@click.argument("docx", metavar="REVIEWED.docx", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path),
              help="The worklist to write (default: <name>-review.xlsx beside the DOCX).")
def review(docx: Path, out: Path | None) -> None:
    """ອ່ານຄຳເຫັນ ແລະ ການແກ້ໄຂຂອງຜູ້ທົບທວນ / read a reviewed report back into a worklist.

    Every comment (with its replies and resolved flag) and tracked change of REVIEWED.docx, each with its
    source — template file and line, committees, workbook › sheet › cells — in an Excel worklist: by
    committee (the queries to send back), by template (wording), everything, and reportgen's own comments
    apart. The DOCX is only read, never changed.
    """
    from .pipeline import review_report
    from .review.worklist import summary_lines

    try:
        result = review_report(docx, out)
    except ReportgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    for text in summary_lines(result.summary):
        click.echo(str(text))
    click.echo(line("cli.wrote", path=result.output))
    if result.kept is not None:
        click.echo(line("cli.review_kept", result.kept, new=result.output.name), err=True)




def _print_changes(result) -> None:
    """The one line on what changed since the previous build, with the command that shows each change
    while the previous report is still there to compare with."""
    ch, previous = result.changes, result.previous
    if ch is None or previous is None:
        return
    if not ch.any:
        click.echo(line("compare.unchanged_since", previous=_here(previous)))
        return
    new = next((p for p in result.outputs if p.suffix == ".docx"), None)
    still = dict(result.reviewed).get(previous) if previous == new else previous  # replaced: its kept copy
    if still is not None and new is not None:
        click.echo(line("compare.since_previous", previous=_here(previous), n_figures=len(ch.figures),
                        n_paragraphs=ch.paragraphs, command=f"reportgen compare {_here(still)} {_here(new)}"))
    else:
        click.echo(line("compare.since_replaced", previous=_here(previous), n_figures=len(ch.figures),
                        n_paragraphs=ch.paragraphs))


_FIGURES_SHOWN = 20  # on the terminal; the compare file's comment lists them all


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path),
              help="The compare file to write (default: <NEW name>-compare.docx beside NEW).")
def compare(old: Path, new: Path, out: Path | None) -> None:
    """ປຽບທຽບສອງສະບັບ / compare two drafts: NEW with tracked changes from OLD.

    Writes NEW-compare.docx: the new draft with what differs from the old one as tracked changes (by
    "reportgen"), and a comment on its first page listing every figure that changed, old → new, with the
    workbooks behind it. OLD and NEW are only read.
    """
    from .pipeline import compare_reports

    try:
        result = compare_reports(old, new, out)
    except ReportgenError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_code)
    click.echo(line("cli.wrote", path=result.out))
    for kept, written in result.kept:
        click.echo(line("compare.not_replaced", kept=kept, new=written.name))
    ch = result.changes
    if not ch.matched and (ch.figures or ch.paragraphs):
        click.echo(line("compare.no_ids"), err=True)
    click.echo(line("compare.summary", old=old.name, n_figures=len(ch.figures), n_paragraphs=ch.paragraphs))
    for f in ch.figures[:_FIGURES_SHOWN]:
        click.echo("  " + f.line)
    if len(ch.figures) > _FIGURES_SHOWN:
        click.echo("  " + line("compare.more_in_file", n=len(ch.figures) - _FIGURES_SHOWN, path=result.out))
    if ch.unmarked:
        click.echo(line("compare.unmarked", n=len(ch.unmarked)), err=True)
