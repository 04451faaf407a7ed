"""The servers the check starts and always stops: a private PostgreSQL cluster, gunicorn, moto, nginx and Redis."""

import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.production_check.client import request

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


class SetupFailed(Exception):
    """A server could not be started: the check cannot go on."""


def port_is_free(port, host="127.0.0.1"):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) != 0


def require_free_ports(*ports):
    busy = [port for port in ports if not port_is_free(port)]
    if busy:
        raise SetupFailed(f"port(s) already in use on 127.0.0.1: {', '.join(map(str, busy))}")


def tail(path, lines=30, skip=None):
    """The last `lines` lines of a log, leaving out those that contain `skip`."""
    try:
        kept = [line for line in Path(path).read_text(errors="replace").splitlines() if not skip or skip not in line]
    except OSError:
        return ""
    return "\n".join(kept[-lines:])


def error_lines(log, start):
    """The ERROR lines the server logged after byte `start` of its log."""
    with open(log, "rb") as stream:
        stream.seek(start)
        lines = stream.read().decode(errors="replace").splitlines()
    return [line for line in lines if '"level": "ERROR"' in line or line.startswith("Traceback")]


def postgres_bindir():
    """Where initdb and pg_ctl are: PG_BINDIR, else the newest /usr/lib/postgresql/*/bin, else the PATH."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SetupFailed("initdb not found: install PostgreSQL's server package or set PG_BINDIR")


class PrivatePostgres:
    """A throwaway cluster on 127.0.0.1:`port`, trust auth, that the check may stop and start at will.

    PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user (runuser).
    """

    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log = self.directory / "postgresql.log"
        self.port = port
        self.bindir = postgres_bindir()
        self.running = False

    def _command(self, *args):
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, *args, timeout=60):
        result = subprocess.run(  # noqa: S603 - fixed binaries, arguments built here
            self._command(*args), capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise SetupFailed(f"{args[0]} {args[1]} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def init(self):
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")

    def start(self):
        # Durability is not what is checked here: no fsync, for speed. A fast shutdown still checkpoints.
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log), "-o", options)
        self.running = True

    def stop(self, mode="fast"):
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-D", str(self.data), "-m", mode)
        self.running = False

    def destroy(self):
        """Stop the cluster if it runs (its files go with the check's temporary directory)."""
        if self.running or (self.data / "postmaster.pid").exists():
            with contextlib.suppress(SetupFailed, subprocess.TimeoutExpired):
                self.stop(mode="immediate")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres"):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True, connect_timeout=5
        )


def manage(*args, env, log, timeout=300):
    """Run `manage.py` with the production environment; its output goes to `log`."""
    with open(log, "a") as out:
        result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0:
        raise SetupFailed(f"manage.py {' '.join(args)} failed (exit {result.returncode}):\n{tail(log)}")


def start_manage(*args, env, log):
    """`manage.py` in the background (collectstatic beside the migrations)."""
    out = open(log, "a")  # noqa: SIM115 - closed by the caller through the process
    return subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
    )


class ServerProcess:
    """A server started in a session of its own (so that its group, workers included, can be stopped at once).

    Subclasses set `name`, `log` and `stop_signal`/`stop_grace` and call `launch(command)` then `wait_until(ready)`.
    """

    name = "server"
    stop_signal = signal.SIGTERM  # graceful first
    stop_grace = 15  # seconds before SIGKILL to the whole group
    process = None

    def launch(self, command, *, env=None, output_to_log=True):
        out = open(self.log, "a") if output_to_log else subprocess.DEVNULL  # noqa: SIM115 - for the server's life
        try:
            self.process = subprocess.Popen(  # noqa: S603 - commands built by the check
                command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            if output_to_log:
                out.close()

    def wait_until(self, ready, timeout, waiting_for, interval=0.2):
        """Return once `ready()` is true; SetupFailed (with the log's end) if the server exits or the time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupFailed(f"{self.name} exited ({self.process.returncode}):\n{tail(self.log)}")
            with contextlib.suppress(Exception):
                if ready():
                    return
            time.sleep(interval)
        raise SetupFailed(f"{self.name} did not {waiting_for} within {timeout} s:\n{tail(self.log)}")

    def stop(self):
        """`stop_signal` to the group, SIGKILL to the whole group after `stop_grace` seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the server leads its own group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, self.stop_signal)
        try:
            self.process.wait(timeout=self.stop_grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=5)


class Gunicorn(ServerProcess):
    """The Dockerfile's command, bound to 127.0.0.1:`port`, in a session of its own (stopped as a group)."""

    def __init__(self, name, port, env, log, workers=2):
        self.name = f"gunicorn {name}"
        self.port = port
        self.env = env
        self.log = Path(log)
        self.workers = workers

    @property
    def command(self):
        return [
            str(VENV_BIN / "gunicorn"),
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
        ]

    def start(self, timeout=60):
        require_free_ports(self.port)
        self.launch(self.command, env=self.env)

        def healthy():
            return request(self.port, "GET", "/healthz/", timeout=5).status == 200

        self.wait_until(healthy, timeout, "answer /healthz/", interval=0.3)


class MotoServer(ServerProcess):
    """moto's standalone S3 server (requirements-dev.txt) on 127.0.0.1:`port`, for media on S3."""

    name = "moto's server"
    stop_grace = 10

    def __init__(self, port, log):
        self.port = port
        self.log = Path(log)

    def start(self, timeout=30):
        require_free_ports(self.port)
        self.launch([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)])
        self.wait_until(lambda: not port_is_free(self.port), timeout, "listen")


# --- nginx ------------------------------------------------------------------------------------------------------

NGINX_TEMPLATE = BASE_DIR / "deploy" / "nginx" / "plateforme.conf.template"
NGINX_VARIABLES = ("PLATEFORME_LISTEN", "PLATEFORME_UPSTREAM", "PLATEFORME_STATIC_ROOT")


def nginx_binary():
    """Debian's nginx (apt-get install nginx), or None."""
    return shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None)


def render_nginx_template(values, template=NGINX_TEMPLATE):
    """The template with its variables replaced, as the nginx image's entrypoint does (envsubst of those names only)."""
    if set(values) != set(NGINX_VARIABLES):
        raise ValueError(f"the nginx template takes exactly {', '.join(NGINX_VARIABLES)}")
    names = "|".join(NGINX_VARIABLES)
    pattern = re.compile(rf"\$(?:\{{({names})\}}|({names})(?![A-Za-z0-9_]))")
    return pattern.sub(lambda match: str(values[match.group(1) or match.group(2)]), Path(template).read_text())


def nginx_main_config(directory, site_config):
    """The official image's nginx.conf (one http block including the site's file), its paths under `directory`."""
    directory = Path(directory)
    temp = "\n".join(
        f"    {name}_temp_path {directory / 'temp' / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by tests/production_check/processes.py: the nginx image's main configuration, here.
worker_processes auto;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} notice;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {directory / "access.log"};
    sendfile on;
    keepalive_timeout 65;
{temp}
    include {site_config};
}}
"""


class Nginx(ServerProcess):
    """Debian's nginx with the repository's template (deploy/nginx/), listening on 127.0.0.1:`port` in front of
    gunicorn on 127.0.0.1:`upstream_port`, serving `static_root`; in a session of its own, stopped as a group."""

    name = "nginx"
    stop_signal = signal.SIGQUIT  # nginx's graceful shutdown
    stop_grace = 10

    def __init__(self, directory, port, upstream_port, static_root):
        self.directory = Path(directory)
        self.port = port
        self.upstream_port = upstream_port
        self.static_root = Path(static_root)
        self.log = self.directory / "error.log"
        self.binary = nginx_binary()

    @property
    def config(self):
        return self.directory / "nginx.conf"

    def write_config(self):
        if self.binary is None:
            raise SetupFailed("nginx not found: apt-get install nginx")
        (self.directory / "temp").mkdir(parents=True, exist_ok=True)
        site = self.directory / "plateforme.conf"
        site.write_text(
            render_nginx_template(
                {
                    "PLATEFORME_LISTEN": f"127.0.0.1:{self.port}",
                    "PLATEFORME_UPSTREAM": f"127.0.0.1:{self.upstream_port}",
                    "PLATEFORME_STATIC_ROOT": str(self.static_root),
                }
            )
        )
        self.config.write_text(nginx_main_config(self.directory, site))

    def _command(self, *args):
        return [self.binary, "-p", str(self.directory), "-c", str(self.config), "-e", str(self.log), *args]

    def test(self):
        """`nginx -t`: (ok, what nginx said)."""
        self.write_config()
        result = subprocess.run(  # noqa: S603 - nginx, arguments built here
            self._command("-t"), capture_output=True, text=True, timeout=30, check=False
        )
        return result.returncode == 0, (result.stderr + result.stdout).strip()

    def start(self, timeout=15):
        ok, output = self.test()
        if not ok:
            raise SetupFailed(f"nginx -t failed:\n{output}")
        require_free_ports(self.port)
        self.launch(self._command("-g", "daemon off;"), output_to_log=False)
        self.wait_until(lambda: not port_is_free(self.port), timeout, "listen", interval=0.1)


class PrivateRedis(ServerProcess):
    """A redis-server of the check's own on a Unix socket in `directory` (no port), with extra options such as
    `--maxmemory 16mb --maxmemory-policy allkeys-lru`; in a session of its own, stopped at the end."""

    stop_signal = signal.SIGKILL  # a throwaway server that keeps nothing
    stop_grace = 10

    def __init__(self, name, directory, *options):
        self.name = f"redis-server {name}"
        self.directory = Path(directory)
        self.socket = self.directory / f"{name}.sock"
        self.log = self.directory / f"{name}.log"
        self.options = [str(option) for option in options]

    @property
    def url(self):
        return f"unix://{self.socket}?db=0"

    def client(self):
        import redis

        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=5)

    def start(self, timeout=10):
        binary = shutil.which("redis-server")
        if binary is None:
            raise SetupFailed("redis-server not found")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.launch(
            [
                binary,
                *("--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700"),
                *("--save", "", "--appendonly", "no", "--logfile", str(self.log)),
                *self.options,
            ],
            output_to_log=False,
        )
        self.wait_until(lambda: self.client().ping(), timeout, "answer", interval=0.1)
