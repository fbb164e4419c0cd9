"""The study-round commands (`records template`, `report`, and the records part of `check`);
cli.py only wires their arguments."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Mapping

from .diagnostics import error, format_report, has_errors, message


def records_dir(args: argparse.Namespace) -> Path:
    """--records, else records/ beside the content folder."""
    return args.records if args.records is not None else args.content.parent / "records"


def check_records(args: argparse.Namespace, slugs: Mapping[str, Any] | None) -> int:
    """The records half of `check`: nothing to do without a records folder. 1 on errors."""
    from .records.load import load_records
    folder = records_dir(args)
    if not folder.is_dir():
        if args.records is None:
            return 0                    # no records/ beside content/: nothing to check
        print(format_report([error(folder, None, "records-missing-folder", folder=str(folder))], args.lang))
        return 1
    records, problems = load_records(folder, resolutions=slugs)
    if problems:
        print(format_report(problems, args.lang, base=folder))
    if records is not None:
        print(message("records-check-ok", args.lang, folder=str(folder), cells=sum(1 for _ in records.root.cells()),
                      members=sum(len(r) for r in records.rosters.values()), rounds=len(records.rounds)))
    return 1 if records is None else 0


def _load(args: argparse.Namespace, rounds: set[str] | None) -> tuple[Any, Any] | None:
    """The content and the records, or None after printing every problem."""
    from .load import load_site
    from .records.load import load_records
    site, problems = load_site(args.content)
    if site is None or has_errors(problems):
        print(format_report([p for p in problems if p.is_error], args.lang), file=sys.stderr)
        return None
    folder = records_dir(args)
    if not folder.is_dir():
        print(format_report([error(folder, None, "records-missing-folder", folder=str(folder))], args.lang),
              file=sys.stderr)
        return None
    records, problems = load_records(folder, resolutions={r.slug: r.issued for r in site.resolutions}, slugs=rounds)
    if problems:
        print(format_report(problems, args.lang, base=folder), file=sys.stderr)
    return None if records is None else (site, records)


def _resolution(site: Any, slug: str, lang: str) -> Any:
    import difflib
    found = site.resolution(slug)
    if found is None:
        slugs = [r.slug for r in site.resolutions]
        close = [s for s in slugs if s.startswith(slug)] or difflib.get_close_matches(slug, slugs, n=3) or slugs
        print(format_report([error(None, None, "report-unknown-resolution", slug=slug,
                                   close=", ".join(close[:10]) or "—")], lang), file=sys.stderr)
    return found


def cmd_records_template(args: argparse.Namespace) -> int:
    from .records.template import write_results_template
    loaded = _load(args, rounds=set())
    if loaded is None:
        return 1
    site, records = loaded
    resolution = _resolution(site, args.slug, args.lang)
    if resolution is None:
        return 1
    top = records.root if args.unit is None else records.root.find(args.unit)
    if top is None:
        ids = ", ".join(unit.id for unit in records.root.walk() if unit.id)
        print(format_report([error(None, None, "records-unknown-unit", id=args.unit, ids=ids)], args.lang),
              file=sys.stderr)
        return 1
    folder = records_dir(args) / "study" / resolution.slug
    written = kept = 0
    for cell in top.cells():
        if any((folder / f"{cell.id}{suffix}").exists() for suffix in (".xlsx", ".csv")):
            kept += 1
            print(message("records-template-kept", args.lang, file=str(folder / f"{cell.id}.xlsx")))
            continue
        path = folder / f"{cell.id}.xlsx"
        title = next(iter(resolution.summaries.values())).title
        try:
            write_results_template(path, cell, records.rosters.get(cell.id, ()), resolution.code, title)
        except OSError as exc:
            print(format_report([error(path, None, "records-template-failed", file=str(path),
                                       detail=exc.strerror or str(exc))], args.lang), file=sys.stderr)
            return 1
        written += 1
        print(message("records-template-written", args.lang, file=str(path)))
    print(message("records-template-done", args.lang, written=written, kept=kept, folder=str(folder)))
    return 0


def _replaceable(target: Path, lang: str) -> bool:
    """False (and the message) when `target` is not a previous report: `--reports records/study` or
    `--reports content/resolutions` would otherwise delete the cells' results or a resolution."""
    from .report.write import NotAReport, check_target
    try:
        check_target(target)
    except NotAReport:
        print(format_report([error(None, None, "report-not-a-report", folder=str(target))], lang), file=sys.stderr)
        return False
    return True


def cmd_report(args: argparse.Namespace) -> int:
    from .dates import reference_date
    from .records.units import report_settings
    from .report.write import ReportHeld, ReportsInsideOutput, check_reports_dir, held_files, write_folder
    if (args.slug is None) == (args.year is None):
        print(message("report-needs-slug-or-year", args.lang), file=sys.stderr)
        return 2
    try:
        check_reports_dir(args.reports, args.output)
    except ReportsInsideOutput:
        print(format_report([error(None, None, "report-inside-output", reports=str(args.reports),
                                   output=str(args.output))], args.lang), file=sys.stderr)
        return 2
    loaded = _load(args, rounds=None if args.slug is None else {args.slug})
    if loaded is None:
        return 1
    site, records = loaded
    settings = report_settings(records.folder / "units.yaml")
    day = reference_date()
    if args.slug is not None:
        from .report.files import round_files
        from .report.round import round_report
        resolution = _resolution(site, args.slug, args.lang)
        if resolution is None:
            return 1
        target = args.reports / resolution.slug
        if not _replaceable(target, args.lang):
            return 2
        files = round_files(round_report(resolution, records, settings), records, day, site.content_dir)
    else:
        from .report.year import year_files, year_rounds
        rounds = year_rounds(args.year, site.resolutions, records)
        if not rounds:
            print(message("report-no-rounds", args.lang, year=args.year), file=sys.stderr)
            return 1
        target = args.reports / str(args.year)
        if not _replaceable(target, args.lang):
            return 2
        titles = {r.slug: next(iter(r.summaries.values())).title for r in site.resolutions}
        files = year_files(args.year, rounds, titles, records, settings, day)
    from .pdf import PdfTemplateError
    try:
        names = write_folder(target, files)
    except PdfTemplateError as exc:
        print(format_report([error(None, None, "report-pdf-failed", detail=str(exc))], args.lang), file=sys.stderr)
        return 1
    except OSError as exc:
        # Only the previous report a program will not let go of is named, by its files (none
        # found: the folder's error as it is); any other failure says what it was.
        held = held_files(target) if isinstance(exc, ReportHeld) else []
        if held:
            problem = error(None, None, "report-held", folder=str(target), files=", ".join(f"'{name}'" for name in held))
        else:
            problem = error(None, None, "report-write-failed", folder=str(target), detail=str(exc))
        print(format_report([problem], args.lang), file=sys.stderr)
        return 1
    shown = [name for name in names if not name.startswith("diem-danh/")]
    if len(shown) < len(names):
        shown.append(f"diem-danh/ ({len(names) - len(shown)} PDF)")
    print(message("report-written", args.lang, folder=str(target), files=", ".join(shown)))
    return 0


def add_records_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--records", type=Path, default=None,
                        help="thư mục sổ sách học tập / records folder (mặc định: records/ cạnh content/)")


def add_commands(commands: Any, add_common: Any) -> None:
    records = commands.add_parser("records", help="sổ sách học tập, quán triệt: tạo bảng gửi các chi bộ")
    actions = records.add_subparsers(dest="action", required=True, metavar="VIỆC")
    template = actions.add_parser("template", help="tạo bảng Excel kết quả học tập cho từng chi bộ từ danh sách")
    template.add_argument("slug", help="thư mục của văn bản, ví dụ nq-57-khoa-hoc-cong-nghe")
    template.add_argument("--unit", default=None, help="chỉ chi bộ này (hoặc các chi bộ của đảng bộ này)")
    add_common(template, writes=False)
    add_records_option(template)
    template.set_defaults(func=cmd_records_template)
    report = commands.add_parser("report", help="báo cáo kết quả học tập (DOCX, XLSX, PDF) vào reports/")
    report.add_argument("slug", nargs="?", default=None, help="thư mục của văn bản")
    report.add_argument("--year", type=int, default=None, help="tổng hợp các đợt học tập trong năm này")
    report.add_argument("--reports", type=Path, default=Path("reports"),
                        help="thư mục ghi báo cáo (mặc định: reports/; không được nằm trong output/)")
    add_common(report, writes=True)
    add_records_option(report)
    report.set_defaults(func=cmd_report)
