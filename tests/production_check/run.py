"""The production check's entry point: its options, its steps in order (tests/production_check/steps/), the report."""

import argparse
import shutil
import signal
import tempfile
import traceback
from pathlib import Path

from tests.production_check import load
from tests.production_check.client import ConnectionFailed
from tests.production_check.context import Aborted, Report, Run, clean_redis, setup
from tests.production_check.hostile import hostile_inputs
from tests.production_check.processes import SetupFailed, tail
from tests.production_check.steps.cache_flood import cache_flood
from tests.production_check.steps.load import load_run, slow_clients
from tests.production_check.steps.outages import database_outage, redis_outage, search_outage
from tests.production_check.steps.s3_storage import s3_storage
from tests.production_check.steps.smoke import smoke

# --- Main -------------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m tests.production_check", description=__doc__)
    parser.add_argument(
        "--web-ports",
        type=int,
        nargs=3,
        default=[9180, 9181, 9182],
        metavar="PORT",
        help="gunicorn's ports: the main server, Redis down, search engine down",
    )
    parser.add_argument("--pg-port", type=int, default=9185, help="the private PostgreSQL cluster's port")
    parser.add_argument("--closed-redis-port", type=int, default=9186, help="a port where no Redis listens")
    parser.add_argument("--closed-search-port", type=int, default=9187, help="a port where no engine listens")
    parser.add_argument("--s3-port", type=int, default=9188, help="moto's S3 server (media on S3)")
    parser.add_argument("--nginx-port", type=int, default=9183, help="nginx in front of the main gunicorn")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--redis-db", type=int, default=14, help="the Redis database of the run's cache")
    parser.add_argument("--database", default="production_check", help="database name in the private cluster")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--submissions-per-second", type=float, default=5)
    parser.add_argument("--readers", type=int, default=4, help="concurrent reading clients")
    parser.add_argument("--light-clients", type=int, default=10, help="addresses that stay under the limit")
    parser.add_argument(
        "--rate-limit", type=int, help="contributions per hour and address (default: between the light and heavy)"
    )
    parser.add_argument("--max-seconds", type=int, default=420, help="give up (and clean up) after this long")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    args = parser.parse_args(argv)
    if args.rate_limit is None:
        count = int(args.load_seconds * args.submissions_per_second)
        args.rate_limit = load.rate_limit_for(count, light_clients=args.light_clients)
    return args


def _abort(signum, frame):
    raise Aborted(f"signal {signal.Signals(signum).name}")


def main(argv=None):
    args = parse_args(argv)
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="production-check-"))
    workdir.chmod(0o755)  # the postgres user reaches its cluster's directory inside
    run = Run(args=args, workdir=workdir, report=report)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(signum, _abort)
    signal.alarm(args.max_seconds)
    report.print(f"Production check {run.marker} in {workdir} (gives up after {args.max_seconds} s)")
    main_server = None
    try:
        setup(run)
        main_server = run.server("main", args.web_ports[0])
        main_server.start()
        smoke(run, main_server)
        for name, step in (
            ("hostile inputs", hostile_inputs),
            ("load", load_run),
            ("slow clients", slow_clients),
            ("PostgreSQL stopped", database_outage),
        ):
            try:
                step(run, main_server)
            except (SetupFailed, ConnectionFailed, OSError, ValueError, KeyError) as error:
                report.error(f"{name}: the step could not run", f"{error}\n{traceback.format_exc(limit=3)}")
                if not run.pg.running:
                    run.pg.start()
        main_server.stop()
        for name, step, port in (
            ("Redis down", redis_outage, args.web_ports[1]),
            ("search engine down", search_outage, args.web_ports[2]),
            ("S3", s3_storage, args.web_ports[1]),
            ("cache flood", cache_flood, args.web_ports[1]),
        ):
            try:
                if name == "Redis down" and run.spare_submission is None:
                    raise SetupFailed("no prepared submission (the previous step failed early)")
                step(run, port)
            except (SetupFailed, ConnectionFailed, OSError, ValueError, KeyError) as error:
                report.error(f"{name}: the step could not run", f"{error}\n{traceback.format_exc(limit=3)}")
    except (SetupFailed, Aborted) as error:
        report.error("the check could not go on", error)
        for web in run.servers:
            if web.process is not None and web.process.returncode is None and web.log.exists():
                lines = tail(web.log, 20, skip='"level": "INFO"')
                report.print(f"--- last lines of {web.log.name} (INFO left out):\n{lines}")
    except Exception as error:  # noqa: BLE001 - reported, then everything is stopped
        report.error("unexpected error", f"{error}\n{traceback.format_exc()}")
    finally:
        signal.alarm(0)
        for web in run.servers:
            web.stop()
        if run.pg is not None:
            run.pg.destroy()
        clean_redis(run)
        if args.keep:
            report.print(f"Logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report.print(f"\nProduction check done in {report.elapsed():.0f} s.")
    report.print("   " + ", ".join(f"{title}: {seconds:.0f} s" for title, seconds in report.durations()))
    for label in report.failures:
        report.print(f"   failed: {label}")
    # The plain closing line CI reads.
    report.print(f"production-check: {report.checks - len(report.failures)} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0
