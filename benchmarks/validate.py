"""Benchmark ``taskbook validate`` against check-jsonschema on the same 1,000 books.

Run it with ``benchmarks/run`` (not part of the tests). It generates the books (see
``books.py``), then times, side by side in one run:

(a) ``taskbook validate`` over all books, as a subprocess (best of ``--repeat`` runs);
(b) ``check-jsonschema --schemafile schema/taskbook.schema.json`` over the same front
    matters written out as ``.yaml`` files, as a subprocess;

and prints both, the ratio and the budgets of DESIGN.md (under 1.5 s; at least 15 times
faster). It also measures peak memory for 250 and 1,000 books (validate streams file by
file, so memory should not grow with the number of books beyond the cross-file index).

Every generated book must be valid: each ``root-<k>/cities`` tree is checked on its own
and must have no diagnostic at all. Checked together, the trees can only collide on
城市序号 and 任务编号 (a valid repository holds at most 99 books, the sequence number
being two digits), so the combined run must report exactly those duplicates and nothing
else. Anything else is a benchmark failure. Exit status: 0 within budget, 1 not.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import books

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schema" / "taskbook.schema.json"
BIN = Path(sys.executable).parent
BUDGET_SECONDS = 1.5
BUDGET_RATIO = 15.0
CROSS_FILE = {"duplicate-seq", "duplicate-task-id"}


@dataclass(frozen=True)
class Run:
    """One timed subprocess."""

    seconds: float
    cpu_seconds: float
    """User plus system CPU time of the process and its workers: less sensitive than the
    wall time to other work on the machine."""
    peak_kib: int
    """Peak resident set of the process and its workers (the largest one), in KiB."""
    status: int
    output: str


def run(command: list[str], cwd: Path) -> Run:
    """Run ``command`` and return its wall time, peak RSS and output.

    The peak comes from ``os.wait4``: it is the child's own (including its reaped worker
    processes), where ``getrusage(RUSAGE_CHILDREN)`` would be a running maximum over
    every child this script has started, so later runs could not be told apart.
    """
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode, output)


def check_generated(generated: books.Generated, count: int) -> list[str]:
    """Return the problems with the generated books (none when every tree is valid)."""
    from taskbook.checker import check_paths

    problems = []
    for root in generated.roots:
        report = check_paths([root])
        for diagnostic in report.diagnostics[:5]:
            problems.append(f"{diagnostic.file}:{diagnostic.line}: {diagnostic.message} [{diagnostic.code}]")
    per_root = [sum(1 for _ in root.glob("*/taskbook.md")) for root in generated.roots]
    if sum(per_root) != count:
        problems.append(f"{sum(per_root)} books written, {count} asked for")
    return problems


def expected_duplicates(generated: books.Generated) -> Counter:
    """The cross-file diagnostics the combined run must give: a sequence number (and so a
    task id) used in several trees is reported on every book that uses it."""
    sizes = [sum(1 for _ in root.glob("*/taskbook.md")) for root in generated.roots]
    users = [sum(size >= seq for size in sizes) for seq in range(1, max(sizes) + 1)]
    involved = sum(count for count in users if count > 1)
    return Counter({"duplicate-seq": involved, "duplicate-task-id": involved})


def validate_command(paths: list[Path], *extra: str) -> list[str]:
    return [str(BIN / "taskbook"), "validate", *extra, *map(str, paths)]


def check_combined(folder: Path, generated: books.Generated) -> list[str]:
    """Run validate once with JSON output and compare its diagnostics with the expected."""
    result = run(validate_command(generated.roots, "--format", "json"), folder)
    try:
        report = json.loads(result.output)
    except json.JSONDecodeError:
        return [f"taskbook validate --format json did not print JSON: {result.output[:300]}"]
    found = Counter(d["code"] for d in report["diagnostics"])
    problems = []
    if report["files"] != len(generated.files):
        problems.append(f"validate checked {report['files']} files, {len(generated.files)} written")
    if found != expected_duplicates(generated):
        other = [d for d in report["diagnostics"] if d["code"] not in CROSS_FILE][:5]
        problems.append(f"unexpected diagnostics {dict(found)}; first others: {other}")
    return problems


def time_validate(folder: Path, generated: books.Generated, repeat: int) -> list[Run]:
    """Time the plain ``taskbook validate`` a user runs, ``repeat`` times."""
    runs = []
    for _ in range(repeat):
        result = run(validate_command(generated.roots), folder)
        if result.status not in (0, 1) or "共检查" not in result.output:
            raise SystemExit(f"taskbook validate failed ({result.status}):\n{result.output[-2000:]}")
        runs.append(result)
    return runs


def time_check_jsonschema(folder: Path, generated: books.Generated) -> Run:
    """Time check-jsonschema on the front matters; it must accept every one."""
    command = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA),
               *(str(p) for p in generated.front_matters)]
    result = run(command, folder)
    if result.status != 0:
        raise SystemExit(f"check-jsonschema rejected the front matters:\n{result.output[-2000:]}")
    return result


def memory(folder: Path, generated: books.Generated, sizes: list[int]) -> list[tuple[int, str, Run]]:
    """Peak RSS of validate for the first ``n`` books, single process and default workers."""
    rows = []
    for size in sizes:
        files = generated.files[:size]
        for label, extra in (("单进程", ("--jobs", "1")), ("多进程", ())):
            rows.append((size, label, run(validate_command(files, *extra), folder)))
    return rows


def profile(folder: Path, generated: books.Generated) -> None:
    """Print where the time goes: imports of the CLI and a cProfile of check_paths."""
    importtime = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import taskbook.cli, taskbook.checker"],
        capture_output=True, text=True, check=True)
    rows = [line.split("|") for line in importtime.stderr.splitlines()[1:]]
    top = sorted(rows, key=lambda r: int(r[1]), reverse=True)[:8]
    print("\n导入耗时（微秒，累计，前 8 项）：")
    for _, cumulative, name in top:
        print(f"  {int(cumulative):>8}  {name.rstrip()}")
    script = (
        "import cProfile, pstats, sys\n"
        "from taskbook.checker import check_paths\n"
        "cProfile.run('check_paths(sys.argv[1:], jobs=1)', 'profile.out')\n"
        "pstats.Stats('profile.out').sort_stats('tottime').print_stats(15)\n")
    result = subprocess.run([sys.executable, "-c", script, *map(str, generated.roots)],
                            cwd=folder, capture_output=True, text=True, check=True)
    print("\ncProfile（check_paths，单进程，按自身耗时排序，前 15 项）：")
    print("\n".join(line for line in result.stdout.splitlines() if line.strip())[-2500:])


def _verdict(ok: bool) -> str:
    return "达标" if ok else "未达标"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--books", type=int, default=1000, help="number of books (default 1000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of taskbook validate (best is kept)")
    parser.add_argument("--memory", default="250,1000", help="book counts for the memory section, or ''")
    parser.add_argument("--skip-check-jsonschema", action="store_true", help="time taskbook only")
    parser.add_argument("--profile", action="store_true", help="print import times and a cProfile")
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="taskbook-bench-"))
    try:
        start = time.perf_counter()
        generated = books.generate(folder, args.books)
        sizes = [p.stat().st_size for p in generated.files]
        print(f"生成 {len(sizes)} 份任务书（{len(generated.roots)} 个 cities 文件夹），"
              f"平均 {statistics.mean(sizes) / 1024:.1f} KiB，用时 {time.perf_counter() - start:.1f} s；"
              f"CPU 核数 {os.cpu_count()}；开始时系统负载 {os.getloadavg()[0]:.2f}"
              "（明显大于 0 时有别的进程在争用 CPU，计时偏慢）。")
        problems = check_generated(generated, args.books) + check_combined(folder, generated)
        if problems:
            print("生成的任务书不全有效，基准测试无效：", *problems, sep="\n  ")
            return 1
        print("每个 cities 文件夹单独校验全部通过；合并校验只报跨文件的城市序号和任务编号重复"
              f"（{sum(expected_duplicates(generated).values())} 条，序号最多两位数所致）。")

        runs = time_validate(folder, generated, args.repeat)
        best = min(runs, key=lambda r: r.seconds)
        times = ", ".join(f"{r.seconds:.2f}" for r in runs)
        print(f"\n(a) taskbook validate：最好 {best.seconds:.2f} s，中位数 "
              f"{statistics.median(r.seconds for r in runs):.2f} s（{times}）；"
              f"CPU {best.cpu_seconds:.2f} s；峰值内存 {best.peak_kib / 1024:.0f} MiB")
        ok = best.seconds < BUDGET_SECONDS
        print(f"    预算 < {BUDGET_SECONDS} s：{_verdict(ok)}")
        if not args.skip_check_jsonschema:
            other = time_check_jsonschema(folder, generated)
            ratio = other.seconds / best.seconds
            median = other.seconds / statistics.median(r.seconds for r in runs)
            print(f"(b) check-jsonschema：{other.seconds:.2f} s；CPU {other.cpu_seconds:.2f} s；"
                  f"峰值内存 {other.peak_kib / 1024:.0f} MiB")
            print(f"    倍数 {ratio:.1f}×（按中位数 {median:.1f}×），预算 ≥ {BUDGET_RATIO:.0f}×："
                  f"{_verdict(ratio >= BUDGET_RATIO)}")
            ok = ok and ratio >= BUDGET_RATIO

        counts = [int(n) for n in args.memory.split(",") if n.strip()]
        if counts:
            print("\n峰值内存（最大的单个进程，RSS）：")
            rows = memory(folder, generated, [n for n in counts if n <= args.books])
            for size, label, result in rows:
                print(f"  {size:>5} 份  {label}  {result.peak_kib / 1024:6.1f} MiB  {result.seconds:.2f} s")
            single = {size: r.peak_kib for size, label, r in rows if label == "单进程"}
            if len(single) >= 2:
                (low, low_kib), (high, high_kib) = min(single.items()), max(single.items())
                per_book = (high_kib - low_kib) / (high - low)
                print(f"  单进程每多一份任务书增加 {per_book:.1f} KiB（跨文件索引和诊断信息）。")
        if args.profile:
            profile(folder, generated)
        return 0 if ok else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
