"""Benchmark: the lifecycle at full scale, 99 cities each with its book and eight reports.

1. ``taskbook validate`` of 99 books and 792 reports (every report checked against its book:
   items, dates, funds, cumulative figures), in a fresh process, median of ``--repeat``
   runs; budget 1.5 s.
2. The site of the same 99 cities with every report page, the matrix, each province's
   view, the timelines and the latest summary, built with the plugin, against a plain
   mkdocs-material build of the very same pages written out as files (as
   ``benchmarks/site.py`` does for books); budget 1.15x.

    benchmarks/run-lifecycle [--repeat 3] [--keep DIR]
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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

TODAY = "2023-07-01"
EXAMPLE = ROOT / "cities" / "xian" / "taskbook.md"
STEMS = "东西南北中新安平阳昌兴宁华庆丰泰和德清永福"
PINYIN = ("dong", "xi", "nan", "bei", "zhong", "xin", "an", "ping", "yang", "chang", "xing",
          "ning", "hua", "qing", "feng", "tai", "he", "de", "qing", "yong", "fu")
PROVINCES = ("河北省", "山西省", "山东省", "河南省", "陕西省")
DATES = ("2021-08-12", "2021-11-15", "2022-02-15", "2022-05-13", "2022-08-12", "2022-11-14",
         "2023-02-14", "2023-05-12")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def report(quarters: list[dict[str, str]], number: int, city: str) -> str:
    """A valid report of quarter ``number`` for a book with these quarters."""
    from taskbook.lifecycle.items import split

    quarter = quarters[number - 1]
    lines = ["---", "schema_version: 1", f"quarter: {number}", f'date: "{DATES[number - 1]}"',
             "reporter: {name: 罗佳怡, phone: 029-88301234, email: luojy@example.org.cn}"]
    for key in ("plan", "indicators"):
        lines.append(f"{key}:")
        for index, item in enumerate(split(quarter[key])):
            if number % 3 == 0 and index == 0 and key == "plan":
                lines += [f"  - item: {_q(item)}", "    progress: 部分完成",
                          "    reason: 现场调研推迟。", "    remedy: 下季度补充完成。"]
            else:
                lines += [f"  - item: {_q(item)}", "    progress: 完成"]
    lines += ["deliverables:", f"  - {{name: {city}第 {number} 季度观测数据, kind: 数据, location: 共享平台}}",
              "statistics:", f"  on_site: {8 + number % 3}", f"  person_months: {20 * number}", "  funds:",
              f"    central: {{received: {20 * number}, spent: {15 * number}}}",
              f"    local: {{received: {30 * number}, spent: {25 * number}}}",
              "    other: {received: 0, spent: 0}", "  reports: 1", "  briefs: 2",
              f"next_plan: {_q(quarters[number]['plan'] if number < 8 else '做好验收准备。')}", "---", "",
              "## 主要进展", "", f"{city}第 {number} 季度按计划推进各项工作。", "",
              "## 存在的问题和建议", "", "无。", "", "## 支撑地方工作情况", "", "参加空气质量会商。", ""]
    return "\n".join(lines)


def generate(folder: Path, count: int = 99) -> None:
    """Write ``count`` signed books with eight reports each into ``folder/cities`` (git)."""
    from taskbook.loader import parse

    example = EXAMPLE.read_text(encoding="utf-8")
    parties = ["management_office: {name: 大气重污染成因与治理攻关项目管理办公室, members: [office-a]}",
               "joint_centre: {name: 国家大气污染防治攻关联合中心, members: [centre-a]}", "provinces:"]
    parties += [f"  {p}: {{name: {p}生态环境厅, members: [prov-{i}]}}" for i, p in enumerate(PROVINCES)]
    parties.append("cities:")
    for index in range(count):
        a, b = divmod(index, len(STEMS))
        name = f"{STEMS[a]}{STEMS[b]}市"
        slug = f"{PINYIN[a]}{PINYIN[b]}{index}"
        seq = index + 1
        province = PROVINCES[index % len(PROVINCES)]
        text = (example.replace("西安市", name).replace("DQGG202131", f"DQGG2021{seq:02d}")
                .replace("seq: 31\n", f"seq: {seq}\n").replace("province: 陕西省", f"province: {province}")
                .replace("陕西省生态环境厅", f"{province}生态环境厅"))
        book = folder / "cities" / slug / "taskbook.md"
        (book.parent / "reports").mkdir(parents=True)
        book.write_text(text, encoding="utf-8")
        loaded = parse(text.encode("utf-8"), str(book)).book
        assert loaded is not None
        for number in range(1, 9):
            (book.parent / "reports" / f"{number}.md").write_text(
                report(loaded.data["quarters"], number, name), encoding="utf-8")
        parties.append(f"  {name}: {{name: {name}人民政府, slug: {slug}, province: {province}, "
                       f"members: [city-{index}]}}")
    (folder / ".github").mkdir()
    (folder / ".github" / "parties.yml").write_text("\n".join(parties) + "\n", encoding="utf-8")
    shutil.copy(ROOT / ".github" / "programme.yml", folder / ".github" / "programme.yml")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-06-01T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2021-06-01T10:00:00+08:00"}
    for command in (["init", "-q"], ["add", "cities"],
                    ["-c", "user.name=bench", "-c", "user.email=bench@example.org",
                     "commit", "-q", "-m", "新增任务书和季度报告"]):
        subprocess.run(["git", *command], cwd=folder, check=True, env=env, capture_output=True)


def time_validate(project: Path, repeat: int) -> list[float]:
    """Wall time of ``taskbook validate cities`` in a fresh process, ``repeat`` times."""
    taskbook = Path(sys.executable).with_name("taskbook")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run([str(taskbook), "validate", "cities"], cwd=project,
                              capture_output=True, text=True, env={**os.environ, "TASKBOOK_TODAY": TODAY})
        times.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stdout[-2000:]
    return times


def prepare_site(folder: Path) -> tuple[Path, Path]:
    """The plugin project (books, reports, programme) and the plain project of its pages."""
    import datetime

    from taskbook.context import Context

    site_bench = _site_bench()
    plugin = site_bench.plugin_project(folder, generate)
    pages = site_bench.site_pages(plugin, Context.load(today=datetime.date.fromisoformat(TODAY)))
    plain = site_bench.write_plain(folder / "plain", pages, ("cities", "provinces", "status", "reports"))
    return plugin, plain


def _site_bench() -> Any:
    """``benchmarks/site.py`` (a file named like the standard library's ``site``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_bench", HERE / "site.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="taskbook-lifecycle-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["TASKBOOK_TODAY"] = TODAY
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        site_bench = _site_bench()
        plugin, plain = prepare_site(folder)
        files = sum(1 for _ in (plugin / "cities").rglob("*.md"))
        runs = time_validate(plugin, args.repeat)
        median = statistics.median(runs)
        print(f"validate: 99 books + 792 reports ({files} files), cores: {os.cpu_count()}, "
              f"load: {os.getloadavg()[0]:.2f}")
        print(f"  taskbook validate cities: {median:.2f} s median, {min(runs):.2f} s best "
              f"(runs: {', '.join(f'{t:.2f}' for t in runs)}) (budget 1.5 s) -> "
              f"{'OK' if median <= 1.5 else 'OVER BUDGET'}")
        site_bench.timed(plain, folder / "site-warm")
        plain_times, plugin_times = [], []
        for _ in range(args.repeat):
            plain_times.append(site_bench.timed(plain, folder / "site-plain"))
            plugin_times.append(site_bench.timed(plugin, folder / "site-plugin"))
        a, b = statistics.median(plain_times), statistics.median(plugin_times)
        pages = sum(1 for _ in (folder / "site-plugin").rglob("index.html"))
        print(f"site: 99 cities, pages: {pages}, runs: {args.repeat}, load: {os.getloadavg()[0]:.2f}")
        print(f"  plain mkdocs-material build: {a:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in plain_times)})")
        print(f"  taskbook plugin build:       {b:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in plugin_times)})")
        pairs = statistics.median(p / q for p, q in zip(plugin_times, plain_times, strict=True))
        print(f"  ratio: {b / a:.3f}x of the medians, {pairs:.3f}x the median of back-to-back pairs, "
              f"{min(plugin_times) / min(plain_times):.3f}x of the best runs "
              f"(budget 1.15x) -> {'OK' if b / a <= 1.15 else 'OVER BUDGET'}")
        return 0 if median <= 1.5 and b / a <= 1.15 else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
