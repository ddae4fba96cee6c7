"""Page latency at every size, side by side: each page against the floor, the list against
its own bare SQL and against the admin changelist, the dashboard at 1M against 10k.

    DATABASE_URL=... .venv/bin/python bench/pages.py prepare   # one database: user, SQL, plans
    .venv/bin/python bench/run.py                              # the whole run (make bench)

For every database it starts gunicorn (sync workers, loopback) with bench.settings (the
registry plus the floor page), logs in once through the real login form as an official of
the province who may also view the admin's project list, and then requests every page of
every database in rounds: each round visits all of them once, in a freshly shuffled order,
so that whatever else the machine is doing lands on all of them alike. The list's bare SQL
— the exact statements the list ran (captured on a request with Django's query capture),
replayed on a raw psycopg2 connection — is one more item of every round.
"""

import contextlib
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.services import free_port, port_open, spawn, stop_process, venv_bin  # noqa: E402

USERNAME = "bench-official"
PROVINCE = "130000"
CITY = "130900"  # 沧州市: a city of about average size
STATIC_PLAIN = "django.contrib.staticfiles.storage.StaticFilesStorage"
# What every page is, given the prepared database's ids.
PAGES = {
    "floor": lambda ids: "/bench/floor/",
    "dashboard": lambda ids: f"/dashboards/region/{PROVINCE}/",
    "ranking": lambda ids: f"/dashboards/ranking/region/{PROVINCE}/",
    "list": lambda ids: "/projects/?" + urlencode(ids["list_query"]),
    "admin": lambda ids: "/admin/projects/project/?" + urlencode(ids["admin_query"]),
    "board": lambda ids: "/projects/board/",
    "detail": lambda ids: f"/projects/{ids['project']}/",
    # The JSON API (issue 21): the list's filter (first page, with its totals) and a province total.
    "api_list": lambda ids: "/api/v1/projects?" + urlencode(api_list_query(ids["city"])),
    "api_totals": lambda ids: "/api/v1/totals?" + urlencode(API_TOTALS_QUERY),
    # Not in the ratios: the list and board as first opened, and the board of the city.
    "list_all": lambda ids: "/projects/",
    "board_city": lambda ids: "/projects/board/?" + urlencode(board_query(ids["city"])),
    # Keyword searches of the province (issue #22): a place's two characters, four
    # characters of a name, and an investor's whole name; the worst is search_vs_floor.
    "search_2char": lambda ids: "/projects/?" + urlencode({"q": "沧州"}),
    "search_4char": lambda ids: "/projects/?" + urlencode({"q": "基础设施"}),
    "search_investor": lambda ids: "/projects/?" + urlencode({"q": ids["investor_query"]}),
}
SEARCH_PAGES = ("search_2char", "search_4char", "search_investor")


def list_query(city_id):
    """The realistic list: a city's projects signed from Beijing, largest first, page 3."""
    return {
        "region": city_id,
        "stage": "signed",
        "origin": "beijing",
        "o": "-investment",
        "page": 3,
    }


def api_list_query(city_id):
    """The list's filter through the API: its first page of 25 and the totals of all of them."""
    return {k: v for k, v in list_query(city_id).items() if k != "page"}


# The province's projects signed in the first quarter: a flow read from the totals tables.
API_TOTALS_QUERY = {
    "region": PROVINCE,
    "measure": "flow",
    "stage": "signed",
    "start": "2023-01-01",
    "end": "2023-03-31",
}


def board_query(city_id):
    """The board of the list's filter, without the stage (the board's columns are stages)."""
    return {"region": city_id, "origin": "beijing"}


def admin_query(city_id):
    """The same rows on the admin changelist (its own parameter names), page 3, largest first."""
    # o=-6: descending on list_display[6], total_investment (a view-only user has no
    # action checkbox column to shift the indexes); prepare() checks the SQL says so.
    return {"region": city_id, "stage": "signed", "origin__exact": "beijing", "o": "-6", "p": 3}


# --------------------------------------------------------------------------- prepare


def prepare():
    """In one database: the bench user, the ids the pages need, the list's SQL and its plans."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("STATICFILES_BACKEND", STATIC_PLAIN)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import connection, transaction
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from platforms.models import Region
    from projects.models import Membership, Project, Unit

    password = os.urandom(12).hex()
    province = Region.objects.get(code=PROVINCE)
    city = Region.objects.get(code=CITY)
    with transaction.atomic():
        user = get_user_model().objects.filter(username=USERNAME).first()
        if user is None:
            user = get_user_model()(username=USERNAME)
        user.is_staff = True  # may open the admin's project list, read-only
        user.set_password(password)
        user.save()
        user.user_permissions.set([Permission.objects.get(codename="view_project")])
        unit, _ = Unit.objects.get_or_create(
            name=f"{province.name}领导（基准测试）", defaults={"scope_region": province}
        )
        Membership.objects.update_or_create(
            user=user, defaults={"unit": unit, "role": Membership.Role.OFFICIAL}
        )
        # Officials sign in with a second factor (issue 19): the bench user has a TOTP device.
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    # A project with a full life: produced, with reports and plans (the detail's most work).
    project = (
        Project.objects.filter(provenance="synthetic", producing_on__isnull=False)
        .filter(investment_reports__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    ids = {
        "project": project,
        "investor_query": Project.objects.filter(pk=project)
        .values_list("investor__name", flat=True)
        .first()
        or "合成企业",
        "city": city.pk,
        "list_query": list_query(city.pk),
        "admin_query": admin_query(city.pk),
        "projects": Project.objects.count(),
    }
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # as a finished TOTP step leaves it
    session.save()
    ids["list_sql"] = _captured(client, connection, PAGES["list"](ids), "projects_project")
    admin_sql = _captured(client, connection, PAGES["admin"](ids), "projects_project")
    by_amount = 'ORDER BY "projects_project"."total_investment" DESC'
    if not any(by_amount in sql for sql in admin_sql):
        raise RuntimeError(f"the admin changelist does not sort by amount: {admin_sql}")
    ids["plans"] = {
        "list": _plans(connection, ids["list_sql"]),
        "list_unfiltered": _plans(
            connection, _captured(client, connection, "/projects/", "projects_project")
        ),
        "board": _plans(
            connection, _captured(client, connection, PAGES["board"](ids), "projects_project")
        ),
        "dashboard": _plans(
            connection,
            _captured(client, connection, PAGES["dashboard"](ids), "projects_"),
            slowest=3,
        ),
    }
    ids["breakdown"] = {
        page: _breakdown(client, connection, PAGES[page](ids))
        for page in (
            "floor",
            "dashboard",
            "ranking",
            "list",
            "admin",
            "board",
            "detail",
            "api_list",
            "api_totals",
        )
    }
    ids["breakdown"]["cycle_medians_uncached"] = _cycle_medians_ms(province)
    ids["password"] = password
    ids["totp_key"] = device.key
    return ids


def _cycle_medians_ms(scope):
    """The dashboard's one read over the projects, which it caches per totals generation:
    what the first view after a recompute pays for it (best of three)."""
    from dashboards.cycles import cycle_times
    from projects.periods import PeriodForm

    period = PeriodForm(None).period()
    best = min(_seconds(lambda: cycle_times(scope, period)) for _ in range(3))
    return {"p50_ms": round(best * 1000, 2), "sql_p50_ms": round(best * 1000, 2), "statements": 1}


def _seconds(fn):
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _breakdown(client, connection, url, runs=9):
    """In-process (Django's test client, no HTTP): p50 of the whole request and of the
    time spent in SQL, and the number of statements — what a page costs besides its SQL."""
    totals, in_sql, counts = [], [], []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += 1

    for run in range(runs + 2):
        spent = [0.0, 0]
        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            client.get(url)
        if run >= 2:  # two warm-up requests
            totals.append(time.perf_counter() - started)
            in_sql.append(spent[0])
            counts.append(spent[1])
    return {
        "p50_ms": round(statistics.median(totals) * 1000, 2),
        "sql_p50_ms": round(statistics.median(in_sql) * 1000, 2),
        "statements": max(counts),
    }


def _captured(client, connection, url, table):
    """The exact SQL (parameters bound) of the SELECTs a request ran on `table` (a prefix)."""
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    client.get(url)  # warm caches
    with connection.execute_wrapper(capture):
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    with connection.cursor() as cursor:
        bound = [cursor.mogrify(sql, params).decode() for sql, params in statements]
    return [s for s in bound if _main_table(s).startswith(table)]


def _main_table(sql):
    """The table a SELECT reads first (not one named in a subquery further on)."""
    match = re.search(r' FROM "(\w+)"', sql)
    return match.group(1) if match and sql.lstrip("(").startswith("SELECT") else ""


def _plans(connection, statements, slowest=None):
    """EXPLAIN ANALYZE of each statement (the `slowest` few only, when given)."""
    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            total = float(re.search(r"Execution Time: ([\d.]+)", lines[-1]).group(1))
            plans.append({"sql": sql, "plan": lines, "ms": total})
    if slowest:
        plans = sorted(plans, key=lambda p: -p["ms"])[:slowest]
    return plans


# --------------------------------------------------------------------------- serve and measure


class Server:
    """gunicorn on a loopback port against one database, logged in once."""

    def __init__(self, name, database_url, log_dir):
        self.name = name
        self.database_url = database_url
        self.port = free_port()
        self.log_path = Path(log_dir) / f"gunicorn-{name}.log"
        self.cookie = ""
        self.proc = None

    def start(self, workers=2):
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "STATICFILES_BACKEND": STATIC_PLAIN,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "false",
            "PYTHONPATH": str(ROOT),
        }
        cmd = [
            *venv_bin("gunicorn"),
            "registry.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--chdir",
            str(ROOT),
            "--timeout",
            "120",
        ]
        self.proc = spawn(cmd, self.log_path, env=env)
        deadline = time.monotonic() + 60
        while not port_open(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn for {self.name} did not start; see {self.log_path}")
            time.sleep(0.2)

    def stop(self):
        if self.proc is not None:
            stop_process(self.proc)

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            conn.request(
                method, path, body=body, headers={"Cookie": self.cookie, **(headers or {})}
            )
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def login(self, username, password, totp_key=None):
        """The real login form: GET it for the CSRF token, POST it, keep the session cookie;
        then, for a user with a TOTP device (hex key), the two-factor step."""
        response, body = self.request("GET", "/login/")
        csrf = _cookie(response, "csrftoken")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        self.cookie = f"csrftoken={csrf}"
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        response, body = self.request(
            "POST",
            "/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        session = _cookie(response, "sessionid")
        if response.status != 302 or not session:
            raise RuntimeError(f"login to {self.name} failed: {response.status} {body[:300]!r}")
        csrf = _cookie(response, "csrftoken") or csrf  # Django rotates the token at login
        self.cookie = f"csrftoken={csrf}; sessionid={session}"
        if totp_key:
            self._second_factor(totp_key)

    def _second_factor(self, totp_key):
        from django_otp.oath import totp

        response, body = self.request("GET", "/account/two-factor/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        code = f"{totp(bytes.fromhex(totp_key)):06d}"
        form = urlencode({"token": code, "csrfmiddlewaretoken": token})
        response, body = self.request(
            "POST",
            "/account/two-factor/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status != 302:
            raise RuntimeError(f"two-factor step on {self.name} failed: {body[:300]!r}")

    def timed_get(self, path):
        started = time.perf_counter()
        response, body = self.request("GET", path)
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{self.name} {path}: {response.status} {body[:300]!r}")
        return elapsed


def _cookie(response, name):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


class BareSQL:
    """The list's captured statements on one persistent connection, as Django keeps one."""

    def __init__(self, database_url, statements):
        import psycopg2

        self.connection = psycopg2.connect(database_url)
        self.connection.autocommit = True
        self.statements = statements

    def timed(self):
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            for sql in self.statements:
                cursor.execute(sql)
                cursor.fetchall()
        return time.perf_counter() - started

    def close(self):
        self.connection.close()


def summary(timings):
    ms = sorted(t * 1000 for t in timings)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ms[0], 2),
        "max_ms": round(ms[-1], 2),
        "n": len(ms),
    }


def prepare_in(database_url):
    """`prepare()` in a process of its own, pointed at `database_url`."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "STATICFILES_BACKEND": STATIC_PLAIN,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    out = subprocess.run(
        [sys.executable, str(Path(__file__)), "prepare"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(databases, requests=60, warmup=5, log_dir=None, seed=8):
    """Measure every page of every database ({size: url}); p50/p95 per page and the ratios."""
    log_dir = Path(log_dir or ROOT / "var" / "bench-pg")
    sizes = sorted(databases)
    prepared = {size: prepare_in(url) for size, url in databases.items()}
    servers, bare = {}, {}
    try:
        for size in sizes:
            server = Server(f"{size}", databases[size], log_dir)
            server.start()
            server.login(USERNAME, prepared[size]["password"], prepared[size].get("totp_key"))
            servers[size] = server
            bare[size] = BareSQL(databases[size], prepared[size]["list_sql"])
        items = [(size, page) for size in sizes for page in PAGES] + [
            (size, "list_sql") for size in sizes
        ]
        timings = {item: [] for item in items}
        rng = random.Random(seed)
        for round_ in range(warmup + requests):
            order = items[:]
            rng.shuffle(order)
            for size, page in order:
                if page == "list_sql":
                    elapsed = bare[size].timed()
                else:
                    elapsed = servers[size].timed_get(PAGES[page](prepared[size]))
                if round_ >= warmup:
                    timings[(size, page)].append(elapsed)
            if round_ % 10 == 9:
                print(f"[pages] round {round_ + 1}/{warmup + requests}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        for connection in bare.values():
            with contextlib.suppress(Exception):
                connection.close()
    return _results(sizes, prepared, timings, requests, warmup)


def _results(sizes, prepared, timings, requests, warmup):
    stats = {
        str(size): {page: summary(timings[(size, page)]) for page in [*PAGES, "list_sql"]}
        for size in sizes
    }
    small, large = str(sizes[0]), str(sizes[-1])

    def p50(size, page):
        return stats[size][page]["p50_ms"]

    def ratio(a, b):
        return round(a / b, 3)

    return {
        "dashboard_vs_floor": ratio(p50(large, "dashboard"), p50(large, "floor")),
        "dashboard_1m_vs_10k": ratio(p50(large, "dashboard"), p50(small, "dashboard")),
        "ranking_vs_floor": ratio(p50(large, "ranking"), p50(large, "floor")),
        "list_vs_sql": ratio(p50(large, "list"), p50(large, "list_sql")),
        "list_vs_admin": ratio(p50(large, "list"), p50(large, "admin")),
        "board_vs_floor": ratio(p50(large, "board"), p50(large, "floor")),
        "detail_vs_floor": ratio(p50(large, "detail"), p50(large, "floor")),
        "api_list_vs_floor": ratio(p50(large, "api_list"), p50(large, "floor")),
        "api_totals_vs_floor": ratio(p50(large, "api_totals"), p50(large, "floor")),
        **issue_22_ratios(lambda page: p50(large, page), ratio),
        "page_timings": {
            "sizes": {str(s): prepared[s]["projects"] for s in sizes},
            "requests": requests,
            "warmup_rounds": warmup,
            "urls": {page: PAGES[page](prepared[sizes[-1]]) for page in PAGES},
            "list_sql": prepared[sizes[-1]]["list_sql"],
            "in_process": {str(s): prepared[s]["breakdown"] for s in sizes},
            "ms": stats,
            "ratios_at_each_size": {
                str(size): {
                    "dashboard_vs_floor": ratio(
                        p50(str(size), "dashboard"), p50(str(size), "floor")
                    ),
                    "ranking_vs_floor": ratio(p50(str(size), "ranking"), p50(str(size), "floor")),
                    "list_vs_sql": ratio(p50(str(size), "list"), p50(str(size), "list_sql")),
                    "list_vs_admin": ratio(p50(str(size), "list"), p50(str(size), "admin")),
                    "board_vs_floor": ratio(p50(str(size), "board"), p50(str(size), "floor")),
                    "detail_vs_floor": ratio(p50(str(size), "detail"), p50(str(size), "floor")),
                    "api_list_vs_floor": ratio(p50(str(size), "api_list"), p50(str(size), "floor")),
                    "api_totals_vs_floor": ratio(
                        p50(str(size), "api_totals"), p50(str(size), "floor")
                    ),
                    **issue_22_ratios(lambda page, size=size: p50(str(size), page), ratio),
                }
                for size in sizes
            },
        },
        "plans": {str(size): prepared[size]["plans"] for size in sizes},
    }


def issue_22_ratios(p50, ratio):
    """The province at work: the worst keyword search, the list as first opened and the board
    of a city and an origin, each against the floor (p50 of the given size)."""
    floor = p50("floor")
    return {
        "search_vs_floor": ratio(max(p50(page) for page in SEARCH_PAGES), floor),
        "list_first_vs_floor": ratio(p50("list_all"), floor),
        "board_filtered_vs_floor": ratio(p50("board_city"), floor),
    }


def main():
    if sys.argv[1:] == ["prepare"]:
        print(json.dumps(prepare(), ensure_ascii=False))
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
