"""Monthly completed-investment rows: one project, one month, one amount.

The rules are services.investment_report's: the project must have started,
the month may not precede its start nor lie ahead, the amount is a
non-negative amount; a second report for the same month replaces the first.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ledger import bulk, cells
from ledger.cells import CellError
from ledger.columns import REPORT_COLUMNS
from ledger.marks import Source
from ledger.plans import Plan, chunks, display, read_rows
from projects.models import Enterprise, InvestmentReport, Project

HEADERS = {c.key: c.header for c in REPORT_COLUMNS}
REPORT_FIELDS = ["project_id", "month", "completed_investment", "reported_by_id", "reported_at"]


class ReportRows:
    def __init__(self, *, places, columns, today):
        self.places = places
        self.columns = columns
        self.today = today

    def header(self, key):
        found = self.columns.get(key)
        return found[2] if found else HEADERS[key]

    def read(self, number, values, plan):
        record, ok = {}, True
        width = len(values)
        for key, (position, unit, header) in self.columns.items():
            value = values[position] if position < width else None
            try:
                if key == "completed_investment":
                    record[key] = cells.amount(value, unit)
                elif key == "month":
                    record[key] = cells.month(value)
                elif key == "platform":
                    record[key] = None if cells.is_blank(value) else self.places.platform(value)
                else:
                    record[key] = " ".join(cells.text(value).split())
                if key in ("completed_investment", "month") and record[key] is None:
                    raise CellError(_("必填，不能为空。"))
            except CellError as e:
                plan.reject(number, header, str(e), cells.text(value)[:100])
                ok = False
        return record if ok else None

    def plan(self, rows, progress=None):
        plan = Plan("reports")
        parsed = read_rows(self.read, rows, plan, progress)
        projects = self._projects([r for _n, r in parsed])
        reports = self._reports(projects, {r["month"] for _n, r in parsed})
        seen = {}
        for number, record in parsed:
            project = self._project(plan, number, record, projects)
            if project is not None:
                self._decide(plan, number, record, project, reports, seen)
        plan.details = {
            "created": [
                {"row": r["row"], "code": r["code"], "name": r["name"], "month": r["label"]}
                for r in plan.creates[:50]
            ],
            "updated": [
                {
                    "row": u["row"],
                    "code": u["code"],
                    "name": u["name"],
                    "changes": [
                        [f"{u['label']} {self.header('completed_investment')}", *u["shown"]]
                    ],
                }
                for u in plan.updates[:50]
            ],
        }
        return plan

    def _projects(self, records):
        codes = {r["code"] for r in records if r.get("code")}
        names = {r["name"] for r in records if not r.get("code") and r.get("name")}
        found = {}
        for chunk in chunks(codes):
            found.update((p.pk, p) for p in Project.objects.filter(code__in=chunk))
        investor_ids = {}
        for chunk in chunks({r.get("investor", "") for r in records}):
            investor_ids.update(Enterprise.objects.filter(name__in=chunk).values_list("name", "pk"))
        for chunk in chunks(names):
            found.update((p.pk, p) for p in Project.objects.filter(name__in=chunk))
        by_identity = {}
        for p in found.values():
            by_identity.setdefault((p.investor_id, p.name, p.platform_id), []).append(p)
        return {
            "by_code": {p.code: p for p in found.values()},
            "by_identity": by_identity,
            "investor_ids": investor_ids,
        }

    def _reports(self, projects, months):
        """The reports already in for the file's projects and months."""
        ids = [p.pk for p in projects["by_code"].values()]
        found = {}
        for chunk in chunks(ids):
            reports = InvestmentReport.objects.filter(project_id__in=chunk, month__in=months)
            for report in reports:
                found[(report.project_id, report.month)] = report
        return found

    def _project(self, plan, row, record, projects):
        """The row's project, if it exists and the user may see it; both misses read alike,
        so the answer never tells whether another unit's project code exists."""
        code = record.get("code")
        if code:
            project = projects["by_code"].get(code)
            if project is None or not self._visible(project):
                plan.reject(
                    row,
                    self.header("code"),
                    _("没有编号为“%(code)s”的项目，或它不在您的管辖范围内。") % {"code": code},
                )
                return None
            return project
        investor_id = projects["investor_ids"].get(record.get("investor", ""))
        platform = record.get("platform")
        key = (investor_id, record.get("name", ""), platform.pk if platform else None)
        matches = projects["by_identity"].get(key, []) if investor_id else []
        matches = [p for p in matches if self._visible(p)]
        if len(matches) != 1:
            plan.reject(
                row,
                self.header("name"),
                _(
                    "在您的管辖范围内，按投资方、项目名称和承接平台找不到唯一的项目，请填写项目编号。"
                ),
            )
            return None
        return matches[0]

    def _visible(self, project):
        return self.places.visible(project.region_id, project.platform_id)

    def _decide(self, plan, row, record, project, reports, seen):
        month = record["month"]
        header = self.header("month")
        if not project.started_on:
            plan.reject(row, header, _("项目开工后才能填报完成投资。"))
            return
        if month < project.started_on.replace(day=1):
            plan.reject(row, header, _("填报月份不能早于开工月份。"))
            return
        if month > self.today:
            plan.reject(row, header, _("不能填报未来月份。"))
            return
        key = (project.pk, month)
        if key in seen:
            plan.reject(
                row, header, _("与第%(row)s行重复（同一项目、同一月份）。") % {"row": seen[key]}
            )
            return
        seen[key] = row
        amount = record["completed_investment"]
        existing = reports.get(key)
        label = f"{month:%Y-%m}"
        item = {
            "row": row,
            "project": project,
            "code": project.code,
            "name": project.name,
            "month": month,
            "label": label,
            "amount": amount,
        }
        if existing is None:
            plan.creates.append(item)
            plan.feed("+", row, project.pk, month, amount)
        elif existing.completed_investment != amount:
            item["report"] = existing
            item["shown"] = [display(existing.completed_investment), display(amount)]
            plan.updates.append(item)
            plan.feed("~", row, existing.pk, month, amount)
        else:
            plan.unchanged.append((row, existing.pk, 0))
            plan.feed("=", row, existing.pk)


def write_reports(plan, *, actor, places, marks, reason):
    now = timezone.now()
    user_id = getattr(actor, "pk", None)
    ids = bulk.allocate_ids(InvestmentReport, len(plan.creates))
    records = []
    for pk, item in zip(ids, plan.creates, strict=True):
        records.append(
            {
                "id": pk,
                "project_id": item["project"].pk,
                "month": item["month"],
                "completed_investment": item["amount"],
                "reported_by_id": user_id,
                "reported_at": now,
            }
        )
    columns = ["id", *REPORT_FIELDS]
    bulk.insert(InvestmentReport, columns, [[r[c] for c in columns] for r in records])
    bulk.insert_history(
        InvestmentReport, records, history_type="+", user=actor, reason=reason, when=now
    )
    changed = []
    for item in plan.updates:
        report = item["report"]
        report.completed_investment = item["amount"]
        report.reported_by_id = user_id
        report.reported_at = now
        changed.append(report)
    bulk.update(
        InvestmentReport, ["completed_investment", "reported_by_id", "reported_at"], changed
    )
    bulk.insert_history(
        InvestmentReport, changed, history_type="~", user=actor, reason=reason, when=now
    )
    for item in [*plan.creates, *plan.updates]:
        project = item["project"]
        marks.add(project.region_id, project.platform_id, [item["month"]], Source.INVESTMENT)
