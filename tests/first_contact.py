"""The README's first command, tried as a newcomer would: `make run` on a fresh clone.

    python -m tests.first_contact [--timeout SECONDS] [--keep]

Clones the committed HEAD into a temporary directory, runs `make run PORT=<free port>`
there with a clean environment (no var/, no .venv, no database), waits until it serves,
then logs in through the real login form as each demo account with the credentials it
printed and opens the pages a newcomer opens first: each must answer 200 in Chinese.
Stops that server and removes the clone; exits non-zero, with the log's tail, on any
failure. `make test` runs it, so a broken first command fails CI.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from tests.services import BASE_DIR, free_port, log_tail, port_open

CHINESE = re.compile(r"[\u4e00-\u9fff]")
LOGIN_LINE = re.compile(r"^\s+(admin|staff|official)\s+(\S+)(?: totp:([A-Z2-7]+))?\s", re.M)
PROJECT_LINK = re.compile(r'href="(/projects/\d+/)"')
# Variables of the caller's that would point the clone at another database, broker or storage.
CLEARED = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "STATICFILES_BACKEND", "PORT")


class FirstContactError(Exception):
    pass


def clone_head(into: Path) -> Path:
    target = into / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--no-hardlinks", str(BASE_DIR), str(target)],
        check=True,
    )
    return target


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("DJANGO_")}
    env.pop("REGISTRY_REQUIRE_SERVICES", None)
    return env


def serve(clone: Path, port: int, log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as out:
        return subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=clean_env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make, its runserver and any child are stopped together
        )


def wait_until_serving(proc, port, log_path, timeout):
    started = time.monotonic()
    while not port_open(port):
        if proc.poll() is not None:
            raise FirstContactError(f"`make run` exited with {proc.returncode} before serving")
        if time.monotonic() - started > timeout:
            raise FirstContactError(f"`make run` did not serve within {timeout:.0f} s")
        time.sleep(1)
    return time.monotonic() - started


def printed_logins(log_path: Path) -> dict[str, tuple[str, str]]:
    """username → (password, TOTP secret or "") as `make run` printed them."""
    found = LOGIN_LINE.findall(log_path.read_text(errors="replace"))
    logins = {user: (password, secret) for user, password, secret in found}
    if set(logins) != {"admin", "staff", "official"}:
        raise FirstContactError(f"`make run` printed logins for {sorted(logins)} only")
    return logins


class Browser:
    """A cookie-keeping client that follows redirects, as a person's browser does."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.status, response.read().decode()

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=60) as response:
            return response.geturl(), response.status, response.read().decode()


def totp_code(secret, at=None):
    """The RFC 6238 code (SHA-1, 6 digits, 30 s) an authenticator app shows for `secret`."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30).to_bytes(8, "big")
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


def csrf_of(page, what):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise FirstContactError(f"the {what} page has no CSRF token")
    return token.group(1)


def log_in(browser, username, password, secret):
    """The login form, then the second-factor form when the site asks for it."""
    _url, _status, page = browser.get("/login/")
    data = {"username": username, "password": password}
    url, _status, page = browser.post(
        "/login/", {"csrfmiddlewaretoken": csrf_of(page, "login"), **data}
    )
    path = urllib.parse.urlparse(url)
    if path.path.startswith("/login/"):
        raise FirstContactError(f"{username} could not log in with the printed password")
    if path.path.startswith("/account/two-factor/"):
        if not secret:
            raise FirstContactError(f"{username} is asked for a second factor but got no secret")
        form = {"csrfmiddlewaretoken": csrf_of(page, "two-factor"), "token": totp_code(secret)}
        url, _status, _page = browser.post(
            path.path + (f"?{path.query}" if path.query else ""), form
        )
        if urllib.parse.urlparse(url).path.startswith("/account/two-factor/"):
            raise FirstContactError(f"{username}'s second factor was refused")


def pages_of(username, browser):
    """The pages a newcomer opens first: the province's dashboard for those who may read it,
    the ledger's imports for those who keep projects and its quarterly report for officials."""
    _url, _status, listing = browser.get("/projects/")
    project = PROJECT_LINK.search(listing)
    if project is None:
        raise FirstContactError(f"{username}'s project list links no project")
    dashboard = "/dashboards/" if username == "staff" else "/dashboards/region/130000/"
    ledger = "/ledger/quarterly/region/130000/" if username == "official" else "/ledger/"
    return ["/", "/projects/", "/projects/board/", project.group(1), dashboard, ledger]


def check_pages(base, logins, say):
    for username, (password, secret) in logins.items():
        browser = Browser(base)
        log_in(browser, username, password, secret)
        paths = pages_of(username, browser)
        for path in paths:
            try:
                _url, status, page = browser.get(path)
            except urllib.error.HTTPError as e:
                raise FirstContactError(f"{username}: {path} answered {e.code}") from e
            if status != 200 or not CHINESE.search(html.unescape(page)):
                raise FirstContactError(f"{username}: {path} answered {status} without Chinese")
            if 'class="empty-state"' in page:
                raise FirstContactError(f"{username}: {path} opens on a period without records")
        factor = " and the second factor" if secret else ""
        say(f"{username}: logged in through the form{factor}; {', '.join(paths)}: 200 in Chinese")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for serving")
    parser.add_argument("--keep", action="store_true", help="keep the clone for a look")
    args = parser.parse_args(argv)

    def say(msg):
        print(f"first contact: {msg}", flush=True)

    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="registry-first-contact-"))
    log_path = workdir / "make-run.log"
    proc = None
    try:
        clone = clone_head(workdir)
        port = free_port()
        say(f"`make run PORT={port}` in a fresh clone of HEAD ({clone})")
        proc = serve(clone, port, log_path)
        seconds = wait_until_serving(proc, port, log_path, args.timeout)
        say(f"serving on 127.0.0.1:{port} after {seconds:.0f} s")
        check_pages(f"http://127.0.0.1:{port}", printed_logins(log_path), say)
        say("OK")
        return 0
    except (FirstContactError, subprocess.CalledProcessError, OSError) as e:
        say(f"FAILED: {e}")
        if log_path.exists():
            print(log_tail(log_path, 40), file=sys.stderr)
        return 1
    finally:
        if proc is not None:
            stop(proc)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        say(f"done in {time.monotonic() - began:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
