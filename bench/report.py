"""docs/benchmarks.md from bench/results.json: the generated blocks between the `bench:` markers.

Everything outside the markers is written by hand and kept; each block is replaced whole.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"

# key: (target, how it is compared, what it measures)
TARGETS = {
    "dashboard_vs_floor": (10, "≤", "province dashboard ÷ floor, p50, 1M projects"),
    "ranking_vs_floor": (10, "≤", "province ranking of cities ÷ floor, p50, 1M projects"),
    "dashboard_1m_vs_10k": (1.3, "≤", "province dashboard at 1M ÷ at 10k, p50"),
    "list_vs_sql": (2, "≤", "project list ÷ the bare SQL of its own queries, p50, 1M"),
    "list_vs_admin": (0.5, "≤", "project list ÷ admin changelist, same filter, p50, 1M"),
    "board_vs_floor": (10, "≤", "pipeline board ÷ floor, p50, 1M"),
    "detail_vs_floor": (10, "≤", "project detail ÷ floor, p50, 1M"),
    "api_list_vs_floor": (
        5,
        "≤",
        "API project list (the list's filter, first page) ÷ floor, p50, 1M",
    ),
    "api_totals_vs_floor": (5, "≤", "API province totals (Q1 signed flow) ÷ floor, p50, 1M"),
    "search_vs_floor": (
        10,
        "≤",
        "worst keyword search (2-char, 4-char, investor) ÷ floor, p50, 1M",
    ),
    "list_first_vs_floor": (10, "≤", "province list as first opened ÷ floor, p50, 1M"),
    "board_filtered_vs_floor": (10, "≤", "board of a city and an origin ÷ floor, p50, 1M"),
    "full_recompute_vs_sql": (2.5, "≤", "full rebuild ÷ bare GROUPING SETS SQL, 1M"),
    "incremental_vs_full": (0.01, "<", "one edit's incremental recompute ÷ full rebuild, 1M"),
    "import_vs_copy": (10, "≤", "ledger import ÷ bare COPY of the same rows (issue #7)"),
}
PLAN_LINES = 24  # a plan longer than this is cut, keeping its execution time
PAGE_LABELS = {
    "floor": "floor (minimal template view)",
    "dashboard": "province dashboard",
    "list": "project list (filtered, sorted, page 3)",
    "list_sql": "— its bare SQL (count + total, page)",
    "admin": "admin changelist (same filter)",
    "board": "pipeline board (as first opened: every stage, the whole province)",
    "detail": "project detail",
    "list_all": "project list as first opened (the whole province, newest first)",
    "board_city": "pipeline board, the list's city and origin",
    "api_list": "API /api/v1/projects, the list's filter (first page + totals)",
    "api_totals": "API /api/v1/totals, the province's Q1 signed flow",
    "search_2char": "keyword search, two characters (沧州)",
    "search_4char": "keyword search, four characters (基础设施)",
    "search_investor": "keyword search, an investor's whole name",
}


def _met(value, target, op):
    if value is None or target is None:
        return ""
    return "✓" if (value <= target if op == "≤" else value < target) else "✗"


def _size(n):
    n = int(n)
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


def summary_block(results):
    lines = [
        "| ratio | measured | target | | what |",
        "|---|---:|---:|:-:|---|",
    ]
    for key, (target, op, what) in TARGETS.items():
        value = results.get(key)
        shown = "not measured" if value is None else f"{value:g}"
        goal = "see #7" if target is None else f"{op} {target:g}"
        lines.append(f"| `{key}` | {shown} | {goal} | {_met(value, target, op)} | {what} |")
    run = results.get("bench_run", {})
    machine = run.get("machine", {})
    lines += [
        "",
        f"Measured {run.get('measured_at', '?')} by `{run.get('command', '?')}` in "
        f"{run.get('duration_s', '?')} s on {machine.get('cores', '?')} cores "
        f"({machine.get('cpu', '?')}), {machine.get('memory_gib', '?')} GiB, "
        f"PostgreSQL {machine.get('postgresql', '?')}, Python {machine.get('python', '?')}, "
        f"Django {machine.get('django', '?')}.",
    ]
    for note in run.get("notes", []):
        lines.append(f"Not in this run: {note}.")
    return "\n".join(lines)


def pages_block(results):
    timings = results.get("page_timings")
    if not timings:
        return "_No page measurements yet._"
    sizes = list(timings["ms"])
    head = " | ".join(f"{_size(s)} p50 | {_size(s)} p95" for s in sizes)
    lines = [
        f"| page | {head} |",
        "|---|" + "---:|" * (2 * len(sizes)),
    ]
    for page, label in PAGE_LABELS.items():
        cells = []
        for size in sizes:
            row = timings["ms"][size].get(page)
            cells += [f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"] if row else ["", ""]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Milliseconds over {timings['requests']} rounds after {timings['warmup_rounds']} "
        "warm-up rounds; projects per database: "
        + ", ".join(f"{_size(s)} = {n:,}" for s, n in timings["sizes"].items())
        + ". Ratios at each size:",
        "",
        "| size | "
        + " | ".join(f"`{k}`" for k in next(iter(timings["ratios_at_each_size"].values())))
        + " |",
        "|---|" + "---:|" * len(next(iter(timings["ratios_at_each_size"].values()))),
    ]
    for size, ratios in timings["ratios_at_each_size"].items():
        lines.append(f"| {_size(size)} | " + " | ".join(f"{v:g}" for v in ratios.values()) + " |")
    in_process = timings.get("in_process")
    if in_process:
        lines += [
            "",
            "The same pages in-process (Django's test client, no HTTP, 9 requests after 2):"
            " the whole request, the part spent in SQL, and the number of statements:",
            "",
            "| page | "
            + " | ".join(f"{_size(s)} whole | {_size(s)} SQL | n" for s in in_process)
            + " |",
            "|---|" + "---:|---:|---:|" * len(in_process),
        ]
        for page in next(iter(in_process.values())):
            cells = []
            for size in in_process:
                row = in_process[size][page]
                cells += [
                    f"{row['p50_ms']:.1f}",
                    f"{row['sql_p50_ms']:.1f}",
                    str(row["statements"]),
                ]
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += ["", "The URLs (ids from the largest database):", ""]
    lines += [f"- {page}: `{url}`" for page, url in timings["urls"].items()]
    return "\n".join(lines)


def _short_sql(sql):
    """The statement with a long select list folded, so the plan is what one reads."""
    match = re.match(r'(SELECT )(.{160,}?)( FROM "\w+")', sql, re.DOTALL)
    if match:
        sql = match.group(1) + "…" + sql[match.end(2) :]
    return sql


def plans_block(results):
    plans = results.get("plans") or {}
    if not plans:
        return "_No plans yet._"
    size = max(plans, key=int)
    titles = {
        "list": "Project list, realistic filter: count + total, then the page",
        "list_unfiltered": "Project list, no filter (a province official's first view)",
        "board": "Pipeline board, no filter",
        "dashboard": "Province dashboard: its three slowest statements",
    }
    lines = [f"Plans at {_size(size)} projects (`EXPLAIN (ANALYZE, COSTS OFF)`):"]
    for key, title in titles.items():
        lines += ["", f"**{title}**", ""]
        for plan in plans[size].get(key, []):
            shown = plan["plan"][:PLAN_LINES]
            if len(plan["plan"]) > PLAN_LINES:
                shown += [f"… ({len(plan['plan']) - PLAN_LINES} more lines)", plan["plan"][-1]]
            lines += ["```sql", _short_sql(plan["sql"]), "```", "```", *shown, "```"]
    return "\n".join(lines)


BLOCKS = {"summary": summary_block, "pages": pages_block, "plans": plans_block}


def write_doc(results, doc=DOC):
    text = doc.read_text()
    for name, build in BLOCKS.items():
        start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
        block = f"{start}\n{build(results)}\n{end}"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _m, b=block: b, text)
        else:
            text = text.rstrip("\n") + f"\n\n{block}\n"
    doc.write_text(text)
