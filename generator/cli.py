"""Command line: argument parsing and one small function per command."""
from __future__ import annotations

import argparse
import functools
import gc
import os
import shutil
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import records_cli
from .arguments import Parser, requested_language
from .console import prepare_streams, read_input
from .builders.base import BuildOptions
from .build_summary import files_in_words
from .diagnostics import ContentError, error, format_report, has_errors, message
from .machinery.forked import worker_died
from .machinery.os_errors import environment_problem
from .machinery.output import UnsafeOutputError
from .machinery.progress import Progress

Command = Callable[[argparse.Namespace], int]
CACHE_FOLDER = ".tuyentruyen-cache"   # beside the output folder; git-ignored
ONLY_HELP = "chỉ dựng các phần này, cách nhau bởi dấu phẩy, ví dụ: site hoặc site,leaflets"


def _add_common(parser: argparse.ArgumentParser, writes: bool) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="thư mục nội dung / content folder (mặc định: content/)")
    if writes:
        parser.add_argument("--output", type=Path, default=Path("output"),
                            help="thư mục kết quả / output folder (mặc định: output/)")
    parser.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("TUYENTRUYEN_LANG", "vi"),
                        help="ngôn ngữ thông báo / message language (vi, en)")


def parse_only(value: str, lang: str = "vi") -> frozenset[str]:
    """`--only site,leaflets`: builder names; an unknown one is refused (a typo would
    otherwise build nothing and replace the output with an empty site), in message language `lang`."""
    from .pipeline import BUILDERS
    known = [builder.name for builder in BUILDERS]
    parts = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(parts - set(known))
    if unknown or not parts:
        said = {"parts": ", ".join(unknown) or "''", "known": ", ".join(known)}
        raise argparse.ArgumentTypeError(message("only-unknown", lang, **said))
    return parts


def positive_int(value: str, lang: str = "vi") -> int:
    """`--jobs N`: a whole number from 1 (a negative count crashed the audio step)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(message("jobs-not-positive", lang, value=value))
    return number


def cmd_check(args: argparse.Namespace) -> int:
    from .load import load_site
    site, problems = load_site(args.content)
    if site is not None and not has_errors(problems):
        from .builders.template_fonts import template_font_problems
        from .builders.loudspeaker import missing_spoken_tables
        problems += missing_spoken_tables(site)      # the same warning as `build`
        from .theme import moved_template_problems
        problems += moved_template_problems(site.content_dir)
        problems += template_font_problems(site)     # a font the site's own templates name but lack
        from .builders.brief import brief_problems
        problems += brief_problems(site)             # a short version that is not short
        from .loudspeaker.recordings import recording_problems
        problems += recording_problems(site)
        from .builders.schedule import pinned_problems
        problems += pinned_problems(site)
    if site is not None and not has_errors(problems) and not args.fast:
        # Leaflets that do not fit are a content problem too: the editor must cut text.
        from .builders.leaflet import fit_problems
        problems += fit_problems(site, cache_dir=args.content.resolve().parent / CACHE_FOLDER)
    if problems:
        print(format_report(problems, args.lang))
    if site is not None and not has_errors(problems):
        print(message("check-ok", args.lang, resolutions=len(site.resolutions),
                      summaries=sum(len(r.summaries) for r in site.resolutions)))
    from .records_cli import check_records      # records/ beside content/, when there is one
    records_failed = check_records(args, {r.slug: r.issued for r in site.resolutions} if site is not None else None)
    return 1 if has_errors(problems) or site is None or records_failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build
    cache_dir = args.output.resolve().parent / CACHE_FOLDER
    if args.clean:
        shutil.rmtree(cache_dir, ignore_errors=True)
    options = BuildOptions(no_audio=args.no_audio, jobs=args.jobs, message_lang=args.lang, cache_dir=cache_dir,
                           only=args.only)
    try:
        result = build(args.content, args.output, options, Progress(quiet=args.quiet, lang=args.lang))
    except ContentError as exc:
        print(format_report(exc.problems, args.lang), file=sys.stderr)
        print(message("build-refused", args.lang), file=sys.stderr)
        return 1
    except UnsafeOutputError:
        print(message("output-unsafe", args.lang, output=str(args.output)), file=sys.stderr)
        return 2
    except OSError as exc:
        print(format_report([environment_problem(exc, args.output)], args.lang), file=sys.stderr)
        print(message("build-failed-environment", args.lang), file=sys.stderr)
        return 1
    except Exception as exc:
        if not worker_died(exc):
            raise
        died = error(None, None, "build-worker-died", detail=str(exc).rstrip("."))
        print(format_report([died], args.lang), file=sys.stderr)
        return 1
    if result.problems:
        print(format_report(result.problems, args.lang), file=sys.stderr)
    if not args.quiet:
        counts = files_in_words(result.counts(), args.lang)
        print(message("build-done", args.lang, output=str(args.output), seconds=f"{result.seconds:.1f}",
                      counts=counts, warnings=len(result.problems)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve
    options = BuildOptions(no_audio=args.no_audio, jobs=args.jobs, message_lang=args.lang,
                           cache_dir=args.output.resolve().parent / CACHE_FOLDER,
                           only=args.only)
    return serve(args.content, args.output, options, host=args.host, port=args.port, lang=args.lang)


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create_resolution
    try:
        folder = create_resolution(args.content, args.slug)
    except ScaffoldError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(message("new-created", args.lang, folder=str(folder), file=str(folder / "vi.md")))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create_site
    try:
        content = create_site(args.folder)
    except ScaffoldError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(message("init-created", args.lang, folder=str(args.folder), content=str(content)))
    return 0


def cmd_spoken(args: argparse.Namespace) -> int:
    """Text on stdin → spoken form on stdout, with the site's broadcast settings if it has any."""
    from .spoken import LegacyEncodingError, available_languages, has_table, review_entries, spoken_form
    from .loudspeaker.script import spoken_options
    if not has_table(args.lang):
        print(message("spoken-no-table", "vi", language=args.lang, languages=", ".join(available_languages())),
              file=sys.stderr)
        return 2
    if args.review:
        entries = review_entries(args.lang)
        print(message("spoken-review", "vi", language=args.lang, count=len(entries)))
        for key, note in entries.items():
            print(f"  {key}: {note}")
        return 0
    options = None
    if (args.content / "site.yaml").is_file():
        from .loudspeaker.settings import loudspeaker_settings
        from .load import load_site
        site, _ = load_site(args.content)
        if site is not None:
            options = spoken_options(loudspeaker_settings(site.config))
    if options is not None:
        from dataclasses import replace
        options = replace(options, legacy="error")
    text = read_input()
    try:
        result = spoken_form(text, args.lang, options)
        sys.stdout.write(result if result.endswith("\n") else result + "\n")
    except LegacyEncodingError as exc:
        print(message("spoken-legacy", "vi", snippet=exc.snippets[0][:40], lines=", ".join(map(str, exc.lines))),
              file=sys.stderr)
        return 1
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def _translatable_site(args: argparse.Namespace):
    """The loaded site for the `translations` actions, or None after printing why not."""
    from .load import load_site
    site, problems = load_site(args.content)
    if site is None or has_errors(problems):
        print(format_report(problems, args.lang), file=sys.stderr)
        return None
    return site


def cmd_translations(args: argparse.Namespace) -> int:
    import json
    from .translations.report import as_json, format_text
    from .translations.translation_review import site_statuses
    site = _translatable_site(args)
    if site is None:
        return 1
    languages = [args.language] if args.language else list(site.config.language_codes[1:])
    if any(code not in site.config.languages or code == site.config.default_language for code in languages):
        print(message("mark-bad-language", args.lang, language=args.language,
                      languages=", ".join(site.config.language_codes[1:])), file=sys.stderr)
        return 2
    statuses = site_statuses(site.resolutions, site.config, languages)
    damaged = [problem for status in statuses for problem in status.problems]
    if damaged:
        print(format_report(damaged, args.lang), file=sys.stderr)
    if args.format == "json":
        print(json.dumps(as_json(statuses, site.glossary, languages, site.config.default_language),
                         ensure_ascii=False, indent=2))
    else:
        print(format_text(statuses, site.glossary, languages, args.lang))
    return 0


def cmd_translations_mark(args: argparse.Namespace) -> int:
    from .translations.update import TranslationError, mark_reviewed
    site = _translatable_site(args)
    if site is None:
        return 1
    res = site.resolution(args.slug)
    if res is None:
        print(message("translations-unknown-resolution", args.lang, slug=args.slug), file=sys.stderr)
        return 1
    try:
        marked = mark_reviewed(res, args.target_lang, site.config)
    except TranslationError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    for group, theirs, ours in marked.uneven:
        print(message("mark-uneven", args.lang, group=group, translated=theirs, source=ours))
    print(message("mark-done", args.lang, slug=args.slug, language=args.target_lang, file=str(marked.path),
                  count=marked.recorded))
    return 0


def cmd_translations_export(args: argparse.Namespace) -> int:
    from collections import Counter
    from .translations.exchange import export
    from .translations.update import TranslationError
    site = _translatable_site(args)
    if site is None:
        return 1
    try:
        done = export(site, args.target_lang, args.to)
    except TranslationError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    counts = Counter(item.status for item in done.items)
    print(message("export-done", args.lang, po=str(done.po), csv=str(done.csv), count=len(done.items),
                  statuses=", ".join(f"{state}: {n}" for state, n in sorted(counts.items()))))
    return 0


def cmd_translations_import(args: argparse.Namespace) -> int:
    from .translations.exchange import ImportRefused, apply_import, plan_import
    from .translations.update import TranslationError
    site = _translatable_site(args)
    if site is None:
        return 1
    try:
        imported = plan_import(site, args.file, args.target_lang)
    except ImportRefused as exc:
        print(format_report(exc.problems, args.lang), file=sys.stderr)
        print(message("import-refused", args.lang, file=str(args.file)), file=sys.stderr)
        return 1
    except TranslationError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    if imported.notes:
        print(format_report(imported.notes, args.lang), file=sys.stderr)
    if not args.dry_run:
        apply_import(site, imported)
    # A dry run tells what would happen ("Sẽ cập nhật…"), a real one what did ("Đã cập nhật…").
    codes = ("import-will-create", "import-will-update", "import-will-keep") if args.dry_run else \
        ("import-created", "import-updated", "import-unchanged")
    for update in imported.updates:
        changes = ", ".join(f"{message('import-' + kind, args.lang)} {seg}" for kind, seg in update.changes)
        code = codes[0] if update.created else codes[1] if update.changes else codes[2]
        print(message(code, args.lang, file=str(update.path), changes=changes, record=str(update.record)))
    if args.dry_run:
        print(message("import-dry-run", args.lang))
    return 0


def cmd_recordings_mark(args: argparse.Namespace) -> int:
    from .load import load_site
    from .dates import reference_date
    from .loudspeaker.recordings import RecordingError, write_mark
    site, problems = load_site(args.content)
    if site is None or has_errors(problems):
        print(format_report(problems, args.lang), file=sys.stderr)
        return 1
    try:
        path, count = write_mark(site, args.slug, args.target_lang, args.reader, reference_date())
    except RecordingError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(message("recordings-mark-done", args.lang, slug=args.slug, language=args.target_lang, count=count,
                  file=str(path)))
    return 0


def make_parser(message_lang: str = "vi") -> argparse.ArgumentParser:
    """The command tree; its help and parse errors in `message_lang` (arguments.Parser)."""
    parser = Parser(
        message_lang=message_lang, prog="tuyentruyen",
        description="Dựng trang web, tờ rơi và bài đọc trên loa từ bản tóm tắt nghị quyết.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    only = functools.partial(parse_only, lang=message_lang)      # their refusals in the message language
    jobs = functools.partial(positive_int, lang=message_lang)

    build = commands.add_parser("build", help="dựng toàn bộ: trang web, tờ rơi, bài đọc trên loa")
    _add_common(build, writes=True)
    build.add_argument("--no-audio", action="store_true", help="không tạo tệp âm thanh")
    build.add_argument("--jobs", type=jobs, default=None, help="số tiến trình song song")
    build.add_argument("--only", type=only, default=None, help=ONLY_HELP)
    build.add_argument("-q", "--quiet", action="store_true", help="không in tiến độ")
    build.add_argument("--clean", action="store_true", help="bỏ bộ nhớ đệm, dựng lại tất cả từ đầu")
    build.set_defaults(func=cmd_build)

    check = commands.add_parser("check", help="kiểm tra nội dung, báo mọi lỗi kèm tệp và dòng")
    _add_common(check, writes=False)
    check.add_argument("--fast", action="store_true",
                       help="bỏ qua bước thử dàn trang tờ rơi / skip the leaflet fit check")
    records_cli.add_records_option(check)
    check.set_defaults(func=cmd_check)

    serve = commands.add_parser("serve", help="xem trước trên trình duyệt, tự dựng lại và tải lại trang khi sửa nội dung")
    _add_common(serve, writes=True)
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ máy chủ (mặc định: 127.0.0.1, chỉ máy này)")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định: 8000)")
    serve.add_argument("--no-audio", dest="no_audio", action="store_true", default=True,
                       help="không tạo tệp âm thanh (mặc định khi xem trước)")
    serve.add_argument("--audio", dest="no_audio", action="store_false", help="tạo cả tệp âm thanh")
    serve.add_argument("--only", type=only, default=None, help=ONLY_HELP)
    serve.add_argument("--jobs", type=jobs, default=None, help="số tiến trình song song")
    serve.set_defaults(func=cmd_serve)

    new = commands.add_parser("new", help="tạo thư mục cho một văn bản mới")
    new.add_argument("slug", help="tên thư mục, ví dụ nghi-quyet-57-nq-tw")
    _add_common(new, writes=False)
    new.set_defaults(func=cmd_new)
    init = commands.add_parser("init", help="tạo thư mục trang mới có sẵn một văn bản mẫu")
    init.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục mới (hoặc trống), ví dụ trang-tuyen-truyen")
    init.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("TUYENTRUYEN_LANG", "vi"),
                      help="ngôn ngữ thông báo / message language (vi, en)")
    init.set_defaults(func=cmd_init)
    spoken = commands.add_parser("spoken", help="chuyển văn bản (đọc từ stdin) sang dạng đọc trên loa")
    spoken.add_argument("--lang", default="vi", help="ngôn ngữ của văn bản (vi, hmn)")
    spoken.add_argument("--review", action="store_true",
                        help="liệt kê các mục của bảng cách đọc còn chờ người bản ngữ duyệt")
    spoken.add_argument("--content", type=Path, default=Path("content"),
                        help="thư mục nội dung, để dùng bảng viết tắt riêng trong site.yaml (nếu có)")
    spoken.set_defaults(func=cmd_spoken)

    translations = commands.add_parser("translations", help="bản dịch: còn thiếu, đã cập nhật hay đã lỗi thời")
    _add_common(translations, writes=False)
    translations.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")
    translations.add_argument("--language", default=None, help="chỉ ngôn ngữ dịch này, ví dụ hmn")
    translations.set_defaults(func=cmd_translations)
    actions = translations.add_subparsers(dest="action", required=False, metavar="VIỆC")
    here = argparse.SUPPRESS  # --content may also follow the action; keep the value given before it
    mark = actions.add_parser("mark-reviewed", help="ghi nhận bản dịch đã được đối chiếu với bản tiếng Việt hiện tại")
    mark.add_argument("slug", help="thư mục của văn bản")
    mark.add_argument("target_lang", metavar="NGÔN_NGỮ", help="mã ngôn ngữ dịch, ví dụ hmn")
    mark.add_argument("--content", type=Path, default=here, help="thư mục nội dung")
    mark.set_defaults(func=cmd_translations_mark)
    export = actions.add_parser("export", help="xuất các đoạn cần dịch ra tệp .po và .csv")
    export.add_argument("--lang", dest="target_lang", required=True, help="mã ngôn ngữ dịch, ví dụ hmn")
    export.add_argument("--to", type=Path, required=True, help="thư mục ghi tệp <lang>.po và <lang>.csv")
    export.add_argument("--content", type=Path, default=here, help="thư mục nội dung")
    export.set_defaults(func=cmd_translations_export)
    imp = actions.add_parser("import", help="nhập bản dịch từ tệp .po hoặc .csv vào các tệp <lang>.md")
    imp.add_argument("file", type=Path, metavar="TỆP", help="tệp .po hoặc .csv")
    imp.add_argument("--lang", dest="target_lang", default=None, help="ngôn ngữ của tệp nếu tệp không ghi")
    imp.add_argument("--dry-run", action="store_true", help="chỉ báo sẽ thay đổi gì, không ghi")
    imp.add_argument("--content", type=Path, default=here, help="thư mục nội dung")
    imp.set_defaults(func=cmd_translations_import)
    records_cli.add_commands(commands, _add_common)

    recordings = commands.add_parser("recordings", help="bản ghi âm bài đọc trên loa")
    recording_actions = recordings.add_subparsers(dest="action", required=True, metavar="VIỆC")
    record_mark = recording_actions.add_parser("mark", help="ghi nhận bản ghi âm đọc đúng bài đọc hiện tại")
    record_mark.add_argument("slug", help="thư mục của văn bản")
    record_mark.add_argument("target_lang", metavar="NGÔN_NGỮ", help="mã ngôn ngữ của bản ghi âm, ví dụ hmn")
    record_mark.add_argument("--reader", default="", help="tên người đọc")
    _add_common(record_mark, writes=False)
    record_mark.set_defaults(func=cmd_recordings_mark)
    return parser


def _message_lang(args: argparse.Namespace) -> str:
    """The language of messages (`spoken --lang` names the text's language instead)."""
    lang = getattr(args, "lang", "vi")
    return lang if lang in ("vi", "en") else "vi"


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()       # a code page without Vietnamese letters (console.py)
    args = make_parser(requested_language(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    if args.func is not cmd_build:
        gc.enable()     # started without the collector (__main__.run); a build pauses it itself anyway
    try:
        code = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`tuyentruyen translations --format json | head -1`): not our error.
        # The Python docs' recipe: send the rest of stdout to devnull so the flush at exit is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        # Ctrl+C: a build removes its staging folder on the way out; the output stays as it was.
        print(message("interrupted", _message_lang(args)), file=sys.stderr)
        return 130
    except Exception as exc:
        # A library's clean-up that fails because Ctrl+C cut it short replaces the
        # KeyboardInterrupt with its own error (zipfile: "Can't close the ZIP file while there is
        # an open writing handle"): still a Ctrl+C, not a traceback.
        if _caused_by_ctrl_c(exc):
            print(message("interrupted", _message_lang(args)), file=sys.stderr)
            return 130
        if isinstance(exc, OSError):
            # Any command on a read-only, full or busy disk (`new`, `check`, `translations import`…).
            print(format_report([environment_problem(exc, Path.cwd())], _message_lang(args)), file=sys.stderr)
            return 1
        raise
    return code


def _caused_by_ctrl_c(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is among the errors `exc` was raised while handling."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, KeyboardInterrupt):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
