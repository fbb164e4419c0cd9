"""Command line: argument parsing and one small function per command."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from .builders.base import BuildOptions
from .diagnostics import ContentError, format_report, has_errors, message
from .output import UnsafeOutputError

Command = Callable[[argparse.Namespace], int]


def _add_common(parser: argparse.ArgumentParser, writes: bool) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="thư mục nội dung / content folder (mặc định: content/)")
    if writes:
        parser.add_argument("--output", type=Path, default=Path("output"),
                            help="thư mục kết quả / output folder (mặc định: output/)")
    parser.add_argument("--lang", choices=("vi", "en"), default=os.environ.get("TUYENTRUYEN_LANG", "vi"),
                        help="ngôn ngữ thông báo / message language (vi, en)")


def cmd_check(args: argparse.Namespace) -> int:
    from .content.loader import load_site
    site, problems = load_site(args.content)
    if problems:
        print(format_report(problems, args.lang))
    if site is not None and not has_errors(problems):
        print(message("check-ok", args.lang, resolutions=len(site.resolutions),
                      summaries=sum(len(r.summaries) for r in site.resolutions)))
    return 1 if has_errors(problems) or site is None else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import build
    options = BuildOptions(no_audio=args.no_audio, jobs=args.jobs, message_lang=args.lang,
                           only=frozenset(args.only.split(",")) if args.only else None)
    try:
        result = build(args.content, args.output, options)
    except ContentError as exc:
        print(format_report(exc.problems, args.lang), file=sys.stderr)
        print(message("build-refused", args.lang), file=sys.stderr)
        return 1
    except UnsafeOutputError:
        print(message("output-unsafe", args.lang, output=str(args.output)), file=sys.stderr)
        return 2
    warnings = [p for p in result.problems]
    if warnings:
        print(format_report(warnings, args.lang), file=sys.stderr)
    if not args.quiet:
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(result.counts().items()))
        print(message("build-done", args.lang, output=str(args.output), seconds=f"{result.seconds:.1f}",
                      counts=counts))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, create_resolution
    try:
        folder = create_resolution(args.content, args.slug)
    except ScaffoldError as exc:
        print(message(exc.code, args.lang, **exc.params), file=sys.stderr)
        return 1
    print(message("new-created", args.lang, folder=str(folder), file=str(folder / "vi.md")))
    return 0


def cmd_spoken(args: argparse.Namespace) -> int:
    """Text on stdin → spoken form on stdout, with the site's broadcast settings if it has any."""
    from .spoken import LegacyEncodingError, spoken_form
    from .script import spoken_options
    options = None
    if (args.content / "site.yaml").is_file():
        from .broadcast import broadcast_settings
        from .content.loader import load_site
        site, _ = load_site(args.content)
        if site is not None:
            options = spoken_options(broadcast_settings(site.config))
    if options is not None:
        from dataclasses import replace
        options = replace(options, legacy="error")
    text = sys.stdin.read()
    try:
        result = spoken_form(text, args.lang, options)
        sys.stdout.write(result if result.endswith("\n") else result + "\n")
    except LegacyEncodingError as exc:
        print(message("spoken-legacy", "vi", snippet=exc.snippets[0][:40]), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tuyentruyen",
        description="Dựng trang web, tờ rơi và bài đọc trên loa từ bản tóm tắt nghị quyết.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    build = commands.add_parser("build", help="dựng toàn bộ: trang web, tờ rơi, bài đọc trên loa")
    _add_common(build, writes=True)
    build.add_argument("--no-audio", action="store_true", help="không tạo tệp âm thanh")
    build.add_argument("--jobs", type=int, default=None, help="số tiến trình song song")
    build.add_argument("--only", default=None, help="chỉ dựng phần này, ví dụ: site")
    build.add_argument("--quiet", action="store_true", help="không in tiến độ")
    build.set_defaults(func=cmd_build)

    check = commands.add_parser("check", help="kiểm tra nội dung, báo mọi lỗi kèm tệp và dòng")
    _add_common(check, writes=False)
    check.set_defaults(func=cmd_check)

    new = commands.add_parser("new", help="tạo thư mục cho một văn bản mới")
    new.add_argument("slug", help="tên thư mục, ví dụ nghi-quyet-57-nq-tw")
    _add_common(new, writes=False)
    new.set_defaults(func=cmd_new)
    spoken = commands.add_parser("spoken", help="chuyển văn bản (đọc từ stdin) sang dạng đọc trên loa")
    spoken.add_argument("--lang", default="vi", help="ngôn ngữ của văn bản (vi, hmn)")
    spoken.add_argument("--content", type=Path, default=Path("content"),
                        help="thư mục nội dung, để dùng bảng viết tắt riêng trong site.yaml (nếu có)")
    spoken.set_defaults(func=cmd_spoken)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Old Windows consoles default to a code page without Vietnamese letters.
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
