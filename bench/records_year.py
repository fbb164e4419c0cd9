"""Bench: `report --year` over 10 rounds for 3 000 members in 120 cells (target: under 10 s).

    .venv/bin/python bench/records_year.py [--append]

Makes, in a temporary folder, a content folder with 10 resolutions and a records/
folder (10 communes × 12 cells × 25 members), the results of every round written
as the template workbooks filled in; then times `tuyentruyen report --year 2025`.
With --append, adds a section to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import make_site, standard_resolution  # noqa: E402
from generator.cli import main  # noqa: E402

COMMUNES, CELLS, MEMBERS, ROUNDS = 10, 12, 25, 10
ATTENDANCE = ("có mặt", "có mặt", "có mặt", "vắng có lý do", "học bù", "vắng không lý do")


def make_corpus(root: Path) -> Path:
    resolutions = {f"nq-{n:02d}": standard_resolution(f"{n:02d}-NQ/TW", "2025-01-10", f"Nghị quyết số {n:02d}")
                   for n in range(1, ROUNDS + 1)}
    content = make_site(root, resolutions)
    records = root / "records"
    (records / "members").mkdir(parents=True)
    lines = ["name: Đảng bộ huyện Bench", "units:"]
    for c in range(COMMUNES):
        lines += [f"  - id: xa-{c}", f"    name: Đảng bộ xã {c}", "    units:"]
        for k in range(CELLS):
            cell = f"cb-{c}-{k}"
            lines += [f"      - id: {cell}", f"        name: Chi bộ {c}-{k}", f"        rural: {str(k % 2 == 0).lower()}"]
            roster = ["Họ và tên,Năm sinh,Chức vụ,Miễn"] + [
                f"Đảng viên {c}-{k}-{m},{1950 + m * 2},{'Bí thư' if m == 0 else ''},{'Ốm' if m == 24 else ''}"
                for m in range(MEMBERS)]
            (records / "members" / f"{cell}.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    (records / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for n in range(1, ROUNDS + 1):
        assert main(["records", "template", f"nq-{n:02d}", "--content", str(content)]) == 0
        for path in (records / "study" / f"nq-{n:02d}").glob("*.xlsx"):
            book = openpyxl.load_workbook(path)
            sheet = book["Danh sách"]
            for row in range(2, MEMBERS + 2):
                sheet.cell(row, 3, ATTENDANCE[row % len(ATTENDANCE)])
                sheet.cell(row, 4, (row * 7 + n) % 11)
            book["Thông tin"].cell(1, 2, dt.datetime(2025, n, 10))
            book.save(path)
    return content


def main_bench() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--append", action="store_true", help="add a section to bench/RESULTS.md")
    parser.add_argument("--corpus", type=Path, default=None, help="keep the corpus in this folder (reused if there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = args.corpus or Path(folder)
        content = root / "content" if (root / "records" / "study" / f"nq-{ROUNDS:02d}").is_dir() else make_corpus(root)
        started, cpu = time.perf_counter(), time.process_time()
        code = main(["report", "--year", "2025", "--content", str(content), "--reports", str(root / "reports")])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    verdict = "pass" if code == 0 and seconds < 10 else "MISS"
    line = (f"report --year 2025: {COMMUNES * CELLS} cells, {COMMUNES * CELLS * MEMBERS} members, {ROUNDS} rounds "
            f"({COMMUNES * CELLS * ROUNDS} result workbooks): {seconds:.2f} s wall, {cpu:.2f} s CPU "
            f"(target < 10 s: {verdict}); load average {load} on 2 cores shared with other jobs")
    print(line)
    if args.append:
        with (REPO / "bench" / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write(f"\n## Study records: report --year ({dt.date.today().isoformat()})\n\n"
                          f"`bench/records_year.py`; machine: {platform.machine()}, Python "
                          f"{platform.python_version()}. The corpus: 10 communes × 12 cells × 25 members, "
                          f"results as `records template` workbooks filled in with openpyxl.\n\n- {line}\n")
    return 0 if verdict == "pass" else 1


if __name__ == "__main__":
    sys.exit(main_bench())
