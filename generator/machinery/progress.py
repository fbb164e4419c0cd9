"""Build progress: a bar per stage on a terminal, plain lines otherwise, nothing with --quiet."""
from __future__ import annotations

import sys
import time
from typing import TextIO

STAGE_NAMES = {
    "vi": {"load": "Đọc nội dung", "leaflets": "Tờ rơi (PDF)", "loudspeaker": "Bài đọc trên loa",
           "site": "Trang web", "images": "Ảnh", "share": "Ảnh và bài chia sẻ", "search": "Chỉ mục tìm kiếm",
           "feeds": "Bản tin, sơ đồ trang", "calendar": "Lịch sơ kết, tổng kết", "write": "Ghi kết quả",
           "schedule": "Lịch phát thanh", "brief": "Bản tóm tắt ngắn",
           "brief-loudspeaker": "Bản tóm tắt ngắn đọc trên loa", "qa-sheet": "Hỏi – đáp",
           "lecture": "Bộ tài liệu cho báo cáo viên"},
    "en": {"load": "Reading content", "leaflets": "Leaflets (PDF)", "loudspeaker": "Loudspeaker material",
           "site": "Website", "images": "Images", "share": "Share images and posts", "search": "Search index",
           "feeds": "Feeds and sitemap", "calendar": "Review calendar", "write": "Writing output",
           "schedule": "Broadcast schedule", "brief": "Short version",
           "brief-loudspeaker": "Short version for the loudspeaker", "qa-sheet": "Questions and answers",
           "lecture": "Lecturer's kit"},
}


class Progress:
    """Receives stage and item events from the pipeline and builders."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False, lang: str = "vi"):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.names = STAGE_NAMES.get(lang, STAGE_NAMES["vi"])
        self.stage = ""
        self.total = 0
        self.done = 0
        self.started = 0.0

    def start(self, stage: str, total: int = 0) -> None:
        self.stage, self.total, self.done, self.started = stage, total, 0, time.perf_counter()
        if not self.quiet and not self.tty:
            suffix = f" ({total})" if total else ""
            print(f"{self.label}{suffix}…", file=self.stream, flush=True)
        self._draw()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw()

    def finish(self) -> None:
        if self.quiet:
            return
        seconds = time.perf_counter() - self.started
        line = f"{self.label}: {seconds:.1f} s"
        print(f"\r{line:<60}" if self.tty else line, file=self.stream, flush=True)

    @property
    def label(self) -> str:
        return self.names.get(self.stage, self.stage)

    def _draw(self) -> None:
        if self.quiet or not self.tty or not self.total:
            return
        width = 24
        filled = int(width * min(self.done, self.total) / self.total)
        bar = "█" * filled + "·" * (width - filled)
        print(f"\r{self.label} {bar} {self.done}/{self.total}", end="", file=self.stream, flush=True)


class NoProgress(Progress):
    def __init__(self) -> None:
        super().__init__(quiet=True)
