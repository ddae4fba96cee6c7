"""Real services on loopback for the tests and for `make stack`.

Standard library only, so it runs before the venv is complete:

    python -m tests.services ensure-packages [PKG ...]
    python -m tests.services with-postgres -- CMD [ARG ...]
    python -m tests.services stack        # PostgreSQL + Redis + Celery + beat + gunicorn
    python -m tests.services stop         # stops a running `stack`

Every server listens on 127.0.0.1 on a free port and is stopped when its context
manager exits, also on error or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
STACK_DIR = Path(os.environ.get("REGISTRY_STACK_DIR", BASE_DIR / "var" / "stack"))
DEBIAN_PACKAGES = [
    "postgresql",
    "redis-server",
    "chromium",
    "chromium-driver",
    "fonts-wqy-microhei",
]
DB_USER = "registry"
DB_NAME = "registry"


class ServiceError(RuntimeError):
    """A service could not be installed, started or reached."""


def log(msg: str) -> None:
    print(f"[services] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def wait_for(
    predicate, timeout: float, what: str, proc: subprocess.Popen | None = None, log_path=None
):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise ServiceError(f"{what}: exited with code {proc.returncode}{log_tail(log_path)}")
        time.sleep(0.1)
    raise ServiceError(f"{what}: not ready after {timeout:.0f} s{log_tail(log_path)}")


def log_tail(path, lines: int = 30) -> str:
    if not path or not Path(path).exists():
        return ""
    text = Path(path).read_text(errors="replace").splitlines()[-lines:]
    return f"\n--- last lines of {path} ---\n" + "\n".join(text)


def venv_bin(name: str) -> list[str]:
    """The venv's console script `name`, or `python -m name` as a fallback."""
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


def stop_process(proc: subprocess.Popen, timeout: float = 20, sig=signal.SIGTERM) -> None:
    """Signal a process (and its group when it leads one), then kill it if it lingers."""
    if proc.poll() is not None:
        return
    try:
        pgid = os.getpgid(proc.pid)
        group = pgid == proc.pid
    except ProcessLookupError:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig) if group else proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        log(f"pid {proc.pid} ignored {signal.Signals(sig).name}; killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL) if group else proc.kill()
        proc.wait(5)
    if group:  # leftover children (e.g. prefork pool processes)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)


def spawn(cmd: list[str], log_path: Path, env: dict | None = None, **kw) -> subprocess.Popen:
    """Start `cmd` in its own process group, output appended to `log_path`."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as out:
        return subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=kw.pop("cwd", BASE_DIR),
            start_new_session=True,
            **kw,
        )


# --------------------------------------------------------------------------- Debian


def missing_debian_packages(packages) -> list[str]:
    missing = []
    for pkg in packages:
        r = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True
        )
        if r.returncode != 0 or "install ok installed" not in r.stdout:
            missing.append(pkg)
    return missing


def ensure_debian_packages(packages=DEBIAN_PACKAGES) -> None:
    """apt-get install whichever of `packages` are missing; raise ServiceError if that fails."""
    if shutil.which("dpkg-query") is None:
        raise ServiceError(
            f"not a Debian system (no dpkg-query): install {' '.join(packages)} yourself"
        )
    missing = missing_debian_packages(packages)
    if not missing:
        return
    sudo = []
    if os.geteuid() != 0:
        if shutil.which("sudo") is None:
            raise ServiceError(f"missing Debian packages {missing}; run as root or install sudo")
        sudo = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    apt = [*sudo, "apt-get", "-o", "DPkg::Lock::Timeout=900", "-y", "-q"]
    install = [*apt, "install", "--no-install-recommends", *missing]
    log(f"installing missing Debian packages: {' '.join(missing)}")
    if subprocess.run(install, env=env).returncode != 0:
        log("apt-get install failed; running apt-get update and retrying")
        subprocess.run([*apt, "update"], env=env, check=False)
        if subprocess.run(install, env=env).returncode != 0:
            raise ServiceError(f"apt-get could not install {' '.join(missing)}")
    still = missing_debian_packages(packages)
    if still:
        raise ServiceError(f"Debian packages still missing after apt-get: {' '.join(still)}")


# --------------------------------------------------------------------------- PostgreSQL


def pg_bindir() -> Path:
    dirs = glob.glob("/usr/lib/postgresql/*/bin")
    dirs = [d for d in dirs if Path(d, "initdb").exists()]
    if not dirs:
        found = shutil.which("initdb") or shutil.which("pg_ctl")
        if found:
            return Path(found).parent
        raise ServiceError("PostgreSQL not found: install the Debian package `postgresql`")
    return Path(max(dirs, key=lambda d: int(Path(d).parent.name.split(".")[0])))


def _as_pg_user(cmd: list[str]) -> list[str]:
    """Run as the `postgres` user when we are root (initdb refuses to run as root)."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]


def _own_by_pg(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _pg_run(cmd: list[str], what: str, **kw) -> subprocess.CompletedProcess:
    r = subprocess.run(_as_pg_user(cmd), capture_output=True, text=True, cwd="/", **kw)
    if r.returncode != 0:
        raise ServiceError(f"{what} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def _pg_init(bindir: Path, datadir: Path, password: str) -> None:
    pwfile = datadir.parent / "initdb.pw"
    pwfile.write_text(password + "\n")
    _own_by_pg(pwfile)
    try:
        _pg_run(
            [
                str(bindir / "initdb"),
                "-D",
                str(datadir),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth-local=peer" if os.geteuid() == 0 else "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
                "--no-sync",
            ],
            "initdb",
        )
    finally:
        pwfile.unlink(missing_ok=True)


def _pg_start(bindir: Path, datadir: Path, sockdir: Path, port: int, logfile: Path) -> None:
    opts = (
        f"-k {sockdir} -p {port} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=100 -c shared_buffers=64MB"
    )
    try:
        _pg_run(
            [
                str(bindir / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(datadir),
                "-l",
                str(logfile),
                "-o",
                opts,
            ],
            "pg_ctl start",
        )
    except ServiceError as e:
        raise ServiceError(f"{e}{log_tail(logfile, 15)}") from None


def _pg_stop(bindir: Path, datadir: Path) -> None:
    if not (datadir / "postmaster.pid").exists():
        return
    r = subprocess.run(
        _as_pg_user(
            [str(bindir / "pg_ctl"), "stop", "-w", "-t", "30", "-m", "fast", "-D", str(datadir)]
        ),
        capture_output=True,
        text=True,
        cwd="/",
    )
    if r.returncode != 0 and (datadir / "postmaster.pid").exists():
        _pg_run(
            [str(bindir / "pg_ctl"), "stop", "-w", "-m", "immediate", "-D", str(datadir)],
            "pg_ctl stop -m immediate",
        )


def _psql(bindir: Path, sockdir: Path, port: int, sql: str, db: str = "postgres"):
    return _pg_run(
        [
            str(bindir / "psql"),
            "-h",
            str(sockdir),
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-qAt",
            "-c",
            sql,
        ],
        f"psql: {sql}",
    )


def _pg_create_role(bindir: Path, sockdir: Path, port: int, password: str) -> None:
    exists = _psql(bindir, sockdir, port, f"SELECT 1 FROM pg_roles WHERE rolname='{DB_USER}'")
    verb = "ALTER" if exists.stdout.strip() == "1" else "CREATE"
    pw = password.replace("'", "''")
    _psql(bindir, sockdir, port, f"{verb} ROLE {DB_USER} WITH LOGIN SUPERUSER PASSWORD '{pw}'")
    has_db = _psql(bindir, sockdir, port, f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'")
    if has_db.stdout.strip() != "1":
        _psql(bindir, sockdir, port, f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")


def _pg_url(password: str, port: int) -> str:
    return f"postgres://{DB_USER}:{quote(password, safe='')}@127.0.0.1:{port}/{DB_NAME}"


@contextlib.contextmanager
def postgres_cluster(base_dir: Path | None = None, port: int | None = None) -> Iterator[str]:
    """Start a PostgreSQL cluster and yield its DATABASE_URL.

    Without `base_dir` the cluster lives in a temporary directory removed afterwards;
    with it the data (and the role's password) persist across runs.
    """
    bindir = pg_bindir()
    persistent = base_dir is not None
    if persistent:
        base = Path(base_dir)
        base.mkdir(parents=True, exist_ok=True)
    else:
        base = Path(tempfile.mkdtemp(prefix="registry-pg-"))
    datadir, sockdir, logfile = base / "data", base / "sock", base / "postgres.log"
    try:
        _own_by_pg(base)
        sockdir.mkdir(exist_ok=True)
        _own_by_pg(sockdir)
        if os.geteuid() == 0:
            probe = subprocess.run(_as_pg_user(["test", "-w", str(base)]), cwd="/")
            if probe.returncode != 0:
                raise ServiceError(
                    f"the postgres user cannot write {base}: a parent directory is not "
                    "traversable by it; set REGISTRY_STACK_DIR to a directory it can reach"
                )
        pwpath = base / "password"
        if persistent and pwpath.exists():
            password = pwpath.read_text().strip()
        else:
            password = secrets.token_urlsafe(18)
        if not (datadir / "PG_VERSION").exists():
            datadir.mkdir(exist_ok=True)
            _own_by_pg(datadir)
            datadir.chmod(0o700)
            _pg_init(bindir, datadir, password)
        if persistent:
            pwpath.write_text(password + "\n")
            pwpath.chmod(0o600)
        _pg_stop(bindir, datadir)  # a leftover server from a crashed run
        for attempt in range(5):
            use_port = port or free_port()
            try:
                _pg_start(bindir, datadir, sockdir, use_port, logfile)
                break
            except ServiceError:
                if port or attempt == 4:
                    raise
                log(f"PostgreSQL could not start on port {use_port}; trying another")
        try:
            _pg_create_role(bindir, sockdir, use_port, password)
            yield _pg_url(password, use_port)
        finally:
            _pg_stop(bindir, datadir)
    finally:
        if not persistent:
            shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- Redis


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def redis_server(base_dir: Path | None = None, port: int | None = None) -> Iterator[str]:
    """Start redis-server and yield redis://127.0.0.1:PORT/0.

    Without `base_dir`: no persistence, temp dir removed afterwards. With it the
    append-only file keeps queued tasks across restarts.
    """
    exe = shutil.which("redis-server")
    if exe is None:
        raise ServiceError("redis-server not found: install the Debian package `redis-server`")
    persistent = base_dir is not None
    base = Path(base_dir) if persistent else Path(tempfile.mkdtemp(prefix="registry-redis-"))
    base.mkdir(parents=True, exist_ok=True)
    logfile = base / "redis.log"
    try:
        for attempt in range(5):
            use_port = port or free_port()
            cmd = [
                exe,
                "--port",
                str(use_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(base),
                "--daemonize",
                "no",
                "--protected-mode",
                "yes",
                "--logfile",
                str(logfile),
            ]
            if persistent:
                cmd += [
                    "--save",
                    "60 1",
                    "--appendonly",
                    "yes",
                    "--pidfile",
                    str(base / "redis.pid"),
                ]
            else:
                cmd += ["--save", "", "--appendonly", "no"]
            proc = spawn(cmd, logfile)
            try:
                wait_for(lambda p=use_port: _redis_ping(p), 20, "redis-server", proc, logfile)
                break
            except ServiceError:
                stop_process(proc)
                if port or attempt == 4:
                    raise
                log(f"redis-server could not start on port {use_port}; trying another")
        try:
            yield f"redis://127.0.0.1:{use_port}/0"
        finally:
            stop_process(proc, timeout=10)
    finally:
        if not persistent:
            shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- Celery


def _base_env(env: dict | None) -> dict:
    merged = {**os.environ, **(env or {})}
    merged.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    merged["PYTHONUNBUFFERED"] = "1"
    return merged


@contextlib.contextmanager
def celery_worker(
    env: dict, log_path: Path | None = None, timeout: float = 60, include: tuple[str, ...] = ()
) -> Iterator[subprocess.Popen]:
    """Start a Celery worker (prefork, 1 process, queue `celery`) and wait until it is ready.

    `include` adds task modules beyond the apps' own (the tests' probe task).
    """
    env = _base_env(env)
    if not env.get("CELERY_BROKER_URL"):
        raise ServiceError("celery_worker needs CELERY_BROKER_URL in env")
    tmp = None
    if log_path is None:
        tmp = Path(tempfile.mkdtemp(prefix="registry-celery-"))
        log_path = tmp / "worker.log"
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    start = log_path.stat().st_size if log_path.exists() else 0
    node = f"worker-{secrets.token_hex(4)}@%h"
    cmd = [
        *venv_bin("celery"),
        "-A",
        "registry",
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "-Q",
        "celery",
        "-l",
        "info",
        "-n",
        node,
        "--without-gossip",
        "--without-mingle",
        *(f"--include={module}" for module in include),
    ]

    def ready() -> bool:
        with open(log_path, "rb") as f:
            f.seek(start)
            return b" ready." in f.read()

    proc = spawn(cmd, log_path, env=env)
    try:
        wait_for(ready, timeout, "celery worker", proc, log_path)
        yield proc
    finally:
        # SIGTERM = warm shutdown: the current task finishes, then the pool exits.
        stop_process(proc, timeout=20)
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- commands


class _Terminated(Exception):
    pass


def _raise_on_sigterm(*_):
    raise _Terminated


def _run_manage(args: list[str], env: dict) -> None:
    cmd = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    log("$ manage.py " + " ".join(args))
    r = subprocess.run(cmd, env=env, cwd=BASE_DIR)
    if r.returncode != 0:
        raise ServiceError(f"manage.py {' '.join(args)} failed with code {r.returncode}")


def cmd_with_postgres(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print("usage: python -m tests.services with-postgres -- CMD [ARG ...]", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    # REGISTRY_PG_DIR keeps the cluster's data between runs (benchmarks reuse their data).
    keep = os.environ.get("REGISTRY_PG_DIR")
    with postgres_cluster(Path(keep) if keep else None) as url:
        log(f"PostgreSQL ready at {url.split('@')[1]}")
        child = subprocess.Popen(argv, env={**os.environ, "DATABASE_URL": url})
        try:
            return child.wait()
        except (KeyboardInterrupt, _Terminated):
            child.send_signal(signal.SIGINT)
            try:
                child.wait(30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            return 130


def _stack_secret() -> str:
    path = STACK_DIR / "secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cmd_stack(argv: list[str]) -> int:
    """PostgreSQL + Redis + worker + beat + gunicorn until Ctrl-C or `make stop`."""
    bind = os.environ.get("STACK_BIND", "127.0.0.1:8000")
    host, _, http_port = bind.rpartition(":")
    STACK_DIR.mkdir(parents=True, exist_ok=True)
    pidfile = STACK_DIR / "stack.pid"
    if pidfile.exists() and _pid_alive(int(pidfile.read_text().split()[0])):
        log(f"a stack is already running (pid {pidfile.read_text().strip()}); `make stop` first")
        return 1
    if port_open(int(http_port), host):
        log(f"{bind} is already in use; set STACK_BIND=127.0.0.1:PORT")
        return 1
    logs, pids = STACK_DIR / "logs", STACK_DIR / "pids"
    logs.mkdir(exist_ok=True)
    pids.mkdir(exist_ok=True)
    pidfile.write_text(f"{os.getpid()}\n")
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    procs: list[tuple[str, subprocess.Popen]] = []
    try:
        with contextlib.ExitStack() as stack:
            db_url = stack.enter_context(postgres_cluster(STACK_DIR / "postgres"))
            broker = stack.enter_context(redis_server(STACK_DIR / "redis"))
            env = _base_env(
                {
                    "DATABASE_URL": db_url,
                    "CELERY_BROKER_URL": broker,
                    "DJANGO_SECRET_KEY": _stack_secret(),
                    "DJANGO_DEBUG": "false",
                }
            )
            env.pop("STATICFILES_BACKEND", None)
            (STACK_DIR / "stack.env").write_text(
                "".join(f"{k}={env[k]}\n" for k in ("DATABASE_URL", "CELERY_BROKER_URL"))
            )
            _run_manage(["migrate", "--noinput"], env)
            _run_manage(["collectstatic", "--noinput", "-v0"], env)
            _run_manage(["bootstrap"], env)

            worker = stack.enter_context(celery_worker(env, logs / "worker.log"))
            procs.append(("celery worker", worker))
            stack.callback(lambda: (pids / "worker.pid").unlink(missing_ok=True))
            (pids / "worker.pid").write_text(f"{worker.pid}\n")

            beat = spawn(
                [
                    *venv_bin("celery"),
                    "-A",
                    "registry",
                    "beat",
                    "-l",
                    "info",
                    "-s",
                    str(STACK_DIR / "celerybeat-schedule"),
                ],
                logs / "beat.log",
                env=env,
            )
            stack.callback(stop_process, beat)
            stack.callback(lambda: (pids / "beat.pid").unlink(missing_ok=True))
            (pids / "beat.pid").write_text(f"{beat.pid}\n")
            procs.append(("celery beat", beat))

            gunicorn = spawn(
                [
                    *venv_bin("gunicorn"),
                    "registry.wsgi",
                    "--bind",
                    bind,
                    "--workers",
                    "2",
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "10",
                ],
                logs / "gunicorn.log",
                env=env,
            )
            stack.callback(stop_process, gunicorn)
            stack.callback(lambda: (pids / "gunicorn.pid").unlink(missing_ok=True))
            (pids / "gunicorn.pid").write_text(f"{gunicorn.pid}\n")
            procs.append(("gunicorn", gunicorn))
            wait_for(
                lambda: port_open(int(http_port), host),
                60,
                "gunicorn",
                gunicorn,
                logs / "gunicorn.log",
            )

            print(
                f"\nStack up: http://{bind}/  (Ctrl-C or `make stop` to stop)\n"
                f"  database  {db_url.split('@')[1]}\n  broker    {broker}\n"
                f"  logs      {logs}/\n  env       {STACK_DIR / 'stack.env'}\n",
                flush=True,
            )
            while True:
                for name, p in procs:
                    if p.poll() is not None:
                        raise ServiceError(
                            f"{name} exited with code {p.returncode}; stopping the stack"
                        )
                time.sleep(1)
    except (KeyboardInterrupt, _Terminated):
        log("stopping the stack…")
        return 0
    except ServiceError as e:
        log(str(e))
        return 1
    finally:
        pidfile.unlink(missing_ok=True)
        log("stack stopped")


def cmd_stop(argv: list[str]) -> int:
    pidfile = STACK_DIR / "stack.pid"
    if pidfile.exists():
        pid = int(pidfile.read_text().split()[0])
        if _pid_alive(pid):
            log(f"stopping stack supervisor pid {pid}")
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 90
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not _pid_alive(pid):
                log("stack stopped")
                return 0
            log(f"supervisor {pid} did not exit in time; cleaning up its children")
        pidfile.unlink(missing_ok=True)
    # Leftovers of a supervisor that died: stop the pieces named in the pid files.
    found = False
    for f in sorted((STACK_DIR / "pids").glob("*.pid")):
        pid = int(f.read_text().split()[0])
        if _pid_alive(pid):
            found = True
            log(f"stopping {f.stem} (pid {pid})")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
        f.unlink(missing_ok=True)
    redis_pid = STACK_DIR / "redis" / "redis.pid"
    if redis_pid.exists():
        pid = int(redis_pid.read_text().split()[0])
        if _pid_alive(pid):
            found = True
            log(f"stopping redis-server (pid {pid})")
            os.kill(pid, signal.SIGTERM)
        redis_pid.unlink(missing_ok=True)
    datadir = STACK_DIR / "postgres" / "data"
    if (datadir / "postmaster.pid").exists():
        found = True
        log("stopping PostgreSQL")
        _pg_stop(pg_bindir(), datadir)
    log("stopped leftovers" if found else "no stack is running")
    return 0


def main(argv: list[str]) -> int:
    commands = {
        "ensure-packages": lambda a: ensure_debian_packages(a or DEBIAN_PACKAGES) or 0,
        "with-postgres": cmd_with_postgres,
        "stack": cmd_stack,
        "stop": cmd_stop,
    }
    if not argv or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return commands[argv[0]](argv[1:])
    except ServiceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
