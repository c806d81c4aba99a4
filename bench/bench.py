#!/usr/bin/env python3
"""make bench: booking throughput, spike, cold start, memory and freshness, each against a ceiling of the same run.

Starts the local system (or reuses one that answers on every port), measures the database's own ceiling with pgbench,
drives the scenarios with wrk, and writes bench/report/report.md with SVG charts. Only the Python standard library.
See bench/README.md for what each figure means; every knob is an environment variable (KNOBS below).
"""
import datetime
import glob
import http.client
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report as report_writer  # noqa: E402  (bench/report.py)

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, "report")
RAW = os.path.join(OUT, "raw")
STACK_ROOT = os.path.join(BENCH, ".stack")

KNOBS = {
    "BENCH_DURATION": ("20", "seconds of each steady run (gateway max, direct max, half max)"),
    "BENCH_WARMUP": ("30", "seconds of warm-up load before the first measured run (JIT, pools)"),
    "BENCH_CONNECTIONS": ("32", "wrk connections of the steady max runs (closed loop)"),
    "BENCH_THREADS": ("2", "wrk threads"),
    "BENCH_HALF": ("0.5", "the half-max run's rate, as a fraction of the gateway max"),
    "BENCH_SPIKE_CUSTOMERS": ("10000", "customers in the spike, one booking each"),
    "BENCH_SPIKE_STOCK": ("2000", "stock of the spike's hot vaccine"),
    "BENCH_SPIKE_RATE": ("2000", "arrival rate the spike aims at (customers/s); 0 = as fast as answers come"),
    "BENCH_SPIKE_CONNECTIONS": ("10000", "wrk connections of the spike (10000: one per customer, so that all can arrive within seconds)"),
    "BENCH_BURST_CUSTOMERS": ("1000", "customers of each burst (clients that never retry), right after start and warm"),
    "BENCH_BURST_IN_FLIGHT": ("128 256", "requests in flight of the bursts, direct to booking-fn"),
    "BENCH_BURST_STOCK": ("100", "stock of each burst's vaccine"),
    "BENCH_PGBENCH_SECONDS": ("8", "seconds of each pgbench run"),
    "BENCH_PGBENCH_CLIENTS": ("4 16", "pgbench client counts tried per ceiling; the best counts"),
    "BENCH_FRESHNESS_RATE": ("5", "freshness probes per second during the half-max run"),
    "BENCH_FRESHNESS_POLL_MS": ("20", "how often a probe polls GET /mypages/{customerId}"),
    "BENCH_SWEEP": ("1 2 4 8 16 32 64", "connections of the concurrency sweep, direct to booking-fn (per-instance capacity)"),
    "BENCH_SWEEP_SECONDS": ("8", "seconds of each step of the concurrency sweep"),
    "BENCH_COLD_RUNS": ("2", "cold starts per function and variant"),
    "BENCH_AOT": ("1", "1: build the aot-jar, train its AOT cache and measure it; 0: skip"),
    "BENCH_JFR": ("1", "1: JFR recording of booking-fn, vaccine-fn and mypage-fn during the direct max run"),
    "BENCH_SKIP_BUILD": ("0", "1: do not run make build before starting the system"),
    "BENCH_KEEP": ("0", "1: leave a system that the bench started running"),
}


def knob(name):
    return os.environ.get(name, KNOBS[name][0])


FUNCTIONS = ["vaccine-fn", "booking-fn", "mypage-fn", "injection-fn"]
PORTS = {"vaccine-fn": 8081, "booking-fn": 8082, "mypage-fn": 8083, "injection-fn": 8084, "gateway": 8088}
DATABASES = {"vaccine-fn": "vaccine", "booking-fn": "booking", "mypage-fn": "mypage", "injection-fn": "injection"}
PG = {"host": "localhost", "port": "15432", "user": "anticorona", "password": "anticorona"}
KAFKA = "localhost:9092"
GATEWAY = "localhost:8088"
# Where each component answers /q/health: on its port, but the gateway's /q/ is on its management interface only.
HEALTH_PORTS = {**PORTS, "gateway": 9000}
KEYCLOAK = "localhost:8180"
# Every call is made with a real token from the local realm, as a client would: the booking agent books for the
# many distinct customers of a run, the vaccine admin registers the vaccines (README "Sign-in").
AGENT, VADMIN, NURSE = "agent", "vadmin", "nurse"
BOOKING = "localhost:8082"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------------------------------------- tools

def java_home():
    home = os.environ.get("JAVA_HOME")
    if not home or not os.path.exists(os.path.join(home, "bin", "java")):
        home = subprocess.run([os.path.join(ROOT, "scripts", "find-jdk.sh")], capture_output=True, text=True,
                              check=True).stdout.strip()
    return home


def ensure_tool(name, package, extra_dirs=()):
    found = shutil.which(name)
    for pattern in extra_dirs:
        if not found:
            found = next(iter(sorted(glob.glob(pattern), reverse=True)), None)
    if found:
        return found
    if os.geteuid() != 0:
        raise BenchError(f"'{name}' is missing and this is not root: install it first, e.g. sudo apt-get install -y {package}")
    log(f"installing {package} (for {name}) with apt-get")
    result = subprocess.run(["apt-get", "install", "-y", package], capture_output=True, text=True,
                            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if result.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True)
        result = subprocess.run(["apt-get", "install", "-y", package], capture_output=True, text=True,
                                env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    found = shutil.which(name)
    if result.returncode != 0 or not found:
        raise BenchError(f"could not install {package} for '{name}' with apt-get:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return found


# ----------------------------------------------------------------------------------------------------------- HTTP

def call(method, hostport, path, body=None, timeout=10.0, headers=None):
    """One request on a fresh connection: (status, body text, headers dict); (None, error, {}) when unreachable."""
    host, port = hostport.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        all_headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), dict(response.getheaders())
    except (OSError, http.client.HTTPException) as e:
        return None, str(e), {}
    finally:
        connection.close()


_TOKENS = {}


def token(user):
    """A user's access token (password grant of anticorona-cli), kept until a minute before it expires."""
    cached = _TOKENS.get(user)
    if cached and time.monotonic() < cached[1]:
        return cached[0]
    form = urllib.parse.urlencode({"grant_type": "password", "client_id": "anticorona-cli",
                                   "username": user, "password": user})
    host, port = KEYCLOAK.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/realms/anticorona/protocol/openid-connect/token", body=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        answer = json.loads(response.read().decode())
    except (OSError, http.client.HTTPException, ValueError) as e:
        raise BenchError(f"no token for {user} from Keycloak at {KEYCLOAK}: {e}")
    finally:
        connection.close()
    if "access_token" not in answer:
        raise BenchError(f"Keycloak refused a token for {user}: {answer}")
    _TOKENS[user] = (answer["access_token"], time.monotonic() + max(5, answer.get("expires_in", 60) - 60))
    return answer["access_token"]


def bearer(user):
    return {"Authorization": "Bearer " + token(user)}


class KeepAlive:
    """A keep-alive HTTP/1.1 connection that reconnects when the server closed it."""

    def __init__(self, hostport, timeout=15.0, user=AGENT):
        self.user = user
        self.host, port = hostport.split(":")
        self.port = int(port)
        self.timeout = timeout
        self.connection = None

    def request(self, method, path, body=None):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                data = json.dumps(body).encode() if body is not None else None
                headers = {"Content-Type": "application/json"} if body is not None else {}
                headers.update(bearer(self.user))
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read().decode(errors="replace")
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        return None, ""

    def close(self):
        if self.connection:
            self.connection.close()


def is_ready(port, timeout=2.0):
    status, _, _ = call("GET", f"localhost:{port}", "/q/health/ready", timeout=timeout)
    return status == 200


def is_listening(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# ------------------------------------------------------------------------------------------------------ processes

def pid_listening_on(port):
    """The pid of the process listening on a TCP port, from /proc (no ss or lsof needed)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(fields[9])
        except OSError:
            pass
    for proc in glob.glob("/proc/[0-9]*"):
        try:
            for fd in os.listdir(proc + "/fd"):
                link = os.readlink(f"{proc}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return int(proc[6:])
        except OSError:
            continue
    return None


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def proc_stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # fields[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17, ppid=4
        return {"ppid": int(fields[1]), "self": int(fields[11]) + int(fields[12]),
                "children": int(fields[13]) + int(fields[14])}
    except (OSError, IndexError, ValueError):
        return None


def cpu_ticks(pid, with_children=False):
    """CPU ticks of a process; with_children adds its live children and the reaped ones (PostgreSQL's backends)."""
    stat = proc_stat(pid)
    if stat is None:
        return 0
    total = stat["self"]
    if with_children:
        total += stat["children"]
        for proc in glob.glob("/proc/[0-9]*"):
            child = proc_stat(proc[6:])
            if child and child["ppid"] == pid:
                total += child["self"] + child["children"]
    return total


def machine_ticks():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, sum(fields[:8]), fields[7] if len(fields) > 7 else 0


THREAD_GROUPS = [  # (prefix of /proc/<pid>/task/<tid>/comm, what it is)
    ("C1 CompilerThre", "JIT compilers"), ("C2 CompilerThre", "JIT compilers"),
    ("GC Thread", "GC and VM"), ("G1 ", "GC and VM"), ("VM ", "GC and VM"),
    ("ForkJoinPool-", "virtual-thread carriers (REST, ORM, JDBC, REST client)"),
    ("executor-thread", "worker pool (outbox relay, scheduler jobs, consumers' blocking work)"),
    ("vert.x-eventloo", "Vert.x event loops (HTTP in and out)"), ("vert.x-acceptor", "Vert.x event loops (HTTP in and out)"),
    ("smallrye-kafka-", "Kafka consumers and producer"), ("kafka-producer-", "Kafka consumers and producer"),
    ("kafka-coordinat", "Kafka consumers and producer"),
    ("JFR ", "JFR"),
]


def thread_group(name):
    for prefix, group in THREAD_GROUPS:
        if name.startswith(prefix):
            return group
    return "other threads"


def thread_ticks(pid):
    """CPU ticks of a JVM's threads, summed by what the threads do."""
    groups = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                name = f.read().strip()
            with open(task + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        group = thread_group(name)
        groups[group] = groups.get(group, 0) + int(fields[11]) + int(fields[12])
    return groups


class CpuMeter:
    """Cores used by each component between start() and stop(), from /proc: where the machine's time went."""

    def __init__(self, components, jvms):
        self.components = components  # name -> (pid, with_children)
        self.jvms = jvms  # name -> pid, whose threads are broken down

    def _snapshot(self):
        busy, total, steal = machine_ticks()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        me = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "t": time.monotonic(), "busy": busy, "total": total, "steal": steal,
            "loadgen": children.ru_utime + children.ru_stime + me.ru_utime + me.ru_stime,
            "components": {name: cpu_ticks(pid, kids) for name, (pid, kids) in self.components.items() if pid},
            "threads": {name: thread_ticks(pid) for name, pid in self.jvms.items() if pid},
        }

    def start(self):
        self.before = self._snapshot()

    def stop(self):
        after = self._snapshot()
        seconds = after["t"] - self.before["t"]
        cores = {name: (after["components"][name] - self.before["components"].get(name, 0)) / CLK_TCK / seconds
                 for name in after["components"]}
        cores["load generator (wrk, probes, psql)"] = (after["loadgen"] - self.before["loadgen"]) / seconds
        machine_busy = (after["busy"] - self.before["busy"]) / CLK_TCK / seconds
        ours = sum(cores.values())
        cores["everything else on the machine"] = max(0.0, machine_busy - ours)
        threads = {}
        for name, groups in after["threads"].items():
            before = self.before["threads"].get(name, {})
            # a thread that ended during the run takes its ticks with it: clamp at zero
            used = {g: max(0, t - before.get(g, 0)) / CLK_TCK / seconds for g, t in groups.items()}
            threads[name] = {g: round(v, 3) for g, v in sorted(used.items(), key=lambda x: -x[1]) if v >= 0.005}
        return {"seconds": round(seconds, 1), "machine_busy_cores": round(machine_busy, 2), "threads": threads,
                "steal_cores": round((after["steal"] - self.before["steal"]) / CLK_TCK / seconds, 2),
                "cores": {k: round(v, 2) for k, v in cores.items()}}


NOT_OURS = ("everything else", "load generator")
QUIET_CORES = 0.35  # our processes with nothing to do use about 0.2 (Kafka polls, schedulers, PostgreSQL)


def ours_of(cpu):
    return sum(v for k, v in cpu["cores"].items() if not k.startswith(NOT_OURS))


def await_quiet(components, limit_s=90):
    """Waits until our processes are quiet, so the work a run left behind (events, mails, Keycloak lookups) is done;
    returns the seconds waited, or None if they were still busy after limit_s."""
    started = time.monotonic()
    while time.monotonic() - started < limit_s:
        meter = CpuMeter(components, {})
        meter.start()
        time.sleep(1)
        if ours_of(meter.stop()) < QUIET_CORES:
            return round(time.monotonic() - started, 1)
    return None


# ------------------------------------------------------------------------------------------------------ PostgreSQL

class Psql:
    """A psql session kept open: queries are written to its stdin, answers read back up to a marker."""

    def __init__(self, database, psql_path):
        self.process = subprocess.Popen(
            [psql_path, "-X", "-q", "-At", "-F", "|", "-v", "ON_ERROR_STOP=0", "-h", PG["host"], "-p", PG["port"],
             "-U", PG["user"], "-d", database],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
            env=dict(os.environ, PGPASSWORD=PG["password"]))
        self.lock = threading.Lock()

    def rows(self, sql):
        with self.lock:
            self.process.stdin.write(sql.strip().rstrip(";") + ";\nselect '__END__';\n")
            self.process.stdin.flush()
            out = []
            while True:
                line = self.process.stdout.readline()
                if not line:
                    raise BenchError("psql ended unexpectedly")
                line = line.rstrip("\n")
                if line == "__END__":
                    return [row.split("|") for row in out]
                out.append(line)

    def value(self, sql):
        rows = self.rows(sql)
        return rows[0][0] if rows and rows[0] else None

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()


def psql_file(psql_path, database, path):
    result = subprocess.run([psql_path, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG["host"], "-p", PG["port"],
                             "-U", PG["user"], "-d", database, "-f", path],
                            capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=PG["password"]))
    if result.returncode != 0:
        raise BenchError(f"psql -f {path} failed: {result.stderr}")


class ActivitySampler(threading.Thread):
    """Samples pg_stat_activity (what active backends wait on) and the booking outbox backlog every 0.5 s."""

    QUERY = """select coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, 'running'), datname, count(*)
               from pg_stat_activity where backend_type = 'client backend' and state <> 'idle'
               and pid <> pg_backend_pid() group by 1, 2"""

    def __init__(self, psql_path):
        super().__init__(daemon=True)
        self.psql = Psql("booking", psql_path)
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            t = time.monotonic()
            try:
                rows = self.psql.rows(self.QUERY)
                outbox = self.psql.rows("select count(*), coalesce(extract(epoch from clock_timestamp() - "
                                        "min(created_at)) * 1000, 0)::int from outbox_event")[0]
            except (BenchError, IndexError):
                return
            self.samples.append({"t": t, "active": [(r[0], r[1], int(r[2])) for r in rows if len(r) == 3],
                                 "outbox": int(outbox[0] or 0), "oldest_ms": int(outbox[1] or 0)})
            self.stopped.wait(0.5)

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)
        self.psql.close()
        return summarize_activity(self.samples)


def summarize_activity(samples):
    if not samples:
        return {}
    waits, per_db = {}, {}
    for sample in samples:
        for wait, db, n in sample["active"]:
            waits[wait] = waits.get(wait, 0) + n
            per_db[db] = per_db.get(db, 0) + n
    count = len(samples)
    backlog = [s["outbox"] for s in samples]
    oldest = [s["oldest_ms"] for s in samples]
    return {
        "samples": count,
        "mean_active_backends": round(sum(per_db.values()) / count, 2),
        "active_by_database": {db: round(n / count, 2) for db, n in sorted(per_db.items(), key=lambda x: -x[1])},
        "active_by_wait": {w: round(n / count, 2) for w, n in sorted(waits.items(), key=lambda x: -x[1])[:8]},
        "booking_outbox_backlog": {"mean": round(statistics.mean(backlog), 1), "max": max(backlog),
                                   "oldest_ms_mean": round(statistics.mean(oldest)), "oldest_ms_max": max(oldest)},
    }


# ------------------------------------------------------------------------------------------------------ the system

class System:
    """The local system: reused when every component answers, else started from bench/.stack with fresh data."""

    def __init__(self, java):
        self.java = java
        self.started = False
        self.launcher = None
        self.pids = {}

    def ensure(self):
        ready = {name: is_ready(port) for name, port in HEALTH_PORTS.items()}
        if all(ready.values()):
            log("reusing the running system (every component is ready)")
            self.mode = "reused a system that was already running (its data was not fresh)"
            self.pids = {name: pid_listening_on(port) for name, port in PORTS.items()}
            aot_build(self.java)
            return
        busy = [f"{name} ({port})" for name, port in PORTS.items() if is_listening(port)]
        busy += [f"{what} ({port})" for what, port in (("PostgreSQL", 15432), ("Kafka", 9092)) if is_listening(port)]
        if busy:
            raise BenchError("part of a system is running, but not all of it is ready: " + ", ".join(busy)
                             + ". Stop it (make stop) or start all of it (make run), then run make bench again.")
        self.start()

    def start(self, runtime="jvm"):
        if knob("BENCH_SKIP_BUILD") != "1" and runtime == "jvm":
            log("make build (mvn install, tests skipped) ...")
            result = subprocess.run(["make", "-s", "build"], cwd=ROOT, stdout=open(os.path.join(RAW, "build.log"), "w"),
                                    stderr=subprocess.STDOUT)
            if result.returncode != 0:
                raise BenchError(f"make build failed; see {os.path.relpath(RAW, ROOT)}/build.log")
        classpath_file = os.path.join(ROOT, "devstack", "target", "classpath.txt")
        if not os.path.exists(classpath_file):
            raise BenchError("devstack/target/classpath.txt is missing: run make build")
        if runtime == "jvm":
            aot_build(self.java)
        # A root of its own: fresh PostgreSQL and Kafka data for every run, the packaged jars through symlinks.
        for leftover in (".data", ".run"):
            shutil.rmtree(os.path.join(STACK_ROOT, leftover), ignore_errors=True)
        os.makedirs(STACK_ROOT, exist_ok=True)
        for entry in [*PORTS, "jvm.options", "devstack"]:
            link = os.path.join(STACK_ROOT, entry)
            if not os.path.islink(link):
                os.symlink(os.path.join("..", "..", entry), link)
        classpath = os.path.join(ROOT, "devstack", "target", "classes") + ":" + open(classpath_file).read().strip()
        log("starting PostgreSQL, Kafka, the functions and the gateway (fresh data in bench/.stack/.data) ...")
        self.launcher = subprocess.Popen(
            [os.path.join(self.java, "bin", "java"), f"-Danticorona.root={STACK_ROOT}", "-Danticorona.skip=",
             f"-Danticorona.runtime={runtime}", "-cp", classpath, "io.anticorona.devstack.LocalStack"],
            cwd=STACK_ROOT, stdout=open(os.path.join(RAW, "stack.log"), "w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        self.started = True
        self.mode = self.mode if runtime != "jvm" else \
            "started by the bench (make build, then the make run launcher on fresh data in bench/.stack)"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.launcher.poll() is not None:
                raise BenchError(f"the system did not start; see {os.path.relpath(RAW, ROOT)}/stack.log and "
                                 f"bench/.stack/.run/logs/")
            if all(is_ready(port, 1.0) for port in HEALTH_PORTS.values()):
                break
            time.sleep(1)
        else:
            raise BenchError("the system was not ready within 300 s; see bench/.stack/.run/logs/")
        pid_dir = os.path.join(STACK_ROOT, ".run", "pids")
        self.pids = {name: int(open(os.path.join(pid_dir, name + ".pid")).read()) for name in PORTS}
        log("system ready")

    def kafka_pid(self):
        return self.launcher.pid if self.launcher else pid_listening_on(9092)

    def postgres_pid(self):
        return pid_listening_on(15432)

    def keycloak_pid(self):
        return pid_listening_on(int(KEYCLOAK.rsplit(":", 1)[1]))

    def components(self, pids):
        """What the CPU meter counts as ours: the functions, the gateway, Kafka, PostgreSQL with its backends, and
        Keycloak (mypage-fn asks it for each new customer's address; the bench's tokens are fetched before the runs)."""
        components = {name: (pid, False) for name, pid in pids.items()}
        components["kafka (in the launcher JVM)"] = (self.kafka_pid(), False)
        components["postgresql"] = (self.postgres_pid(), True)
        components["keycloak"] = (self.keycloak_pid(), False)
        return components

    def stop(self):
        if not self.started or knob("BENCH_KEEP") == "1":
            if self.started:
                log(f"leaving the system running (BENCH_KEEP=1); stop it with: kill {self.launcher.pid}")
            return
        log("stopping the system the bench started ...")
        self.launcher.send_signal(signal.SIGTERM)
        try:
            self.launcher.wait(timeout=120)
        except subprocess.TimeoutExpired:
            log("the launcher did not stop in 120 s; killing what it started, by pid")
            for pid in [self.launcher.pid] + list(self.pids.values()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            postmaster = os.path.join(STACK_ROOT, ".data", "postgres", "postmaster.pid")
            if os.path.exists(postmaster):
                try:
                    os.kill(int(open(postmaster).readline()), signal.SIGINT)
                except (OSError, ValueError):
                    pass


# ------------------------------------------------------------------------------------------------------------- AOT

AOT_DIR = "bench-aot"


def aot_build(java):
    """Packages the functions as aot-jar (classes on the class path, which the JDK's AOT cache needs) into
    target/bench-aot, next to the fast-jar in target/quarkus-app that make run uses, and trains the cache with each
    function's @QuarkusIntegrationTests: Quarkus runs the packaged jar with -XX:AOTCacheOutput (JEP 514) during them."""
    global AOT_STATE
    if knob("BENCH_AOT") != "1":
        AOT_STATE = {"built": False, "note": "skipped (BENCH_AOT=0)"}
        return
    version = subprocess.run([os.path.join(java, "bin", "java"), "-version"], capture_output=True, text=True).stderr
    major = re.search(r'version "(\d+)', version)
    if not major or int(major.group(1)) < 25:
        AOT_STATE = {"built": False, "note": f"the JDK's AOT cache needs JDK 25 or newer (JEP 514); {java} is not"}
        log(AOT_STATE["note"])
        return
    log("packaging the functions as aot-jar into <module>/target/bench-aot and training the AOT caches with the "
        "integration tests (quarkus.package.jar.aot.enabled=true, -DskipITs=false) ...")
    saved = {}
    for module in FUNCTIONS:
        path = os.path.join(ROOT, module, "target", "quarkus-artifact.properties")
        if os.path.exists(path):
            saved[path] = open(path).read()
    started = time.monotonic()
    env = dict(os.environ, JAVA_HOME=java, PATH=os.path.join(java, "bin") + ":" + os.environ.get("PATH", ""))
    result = subprocess.run(
        ["mvn", "-B", "-ntp", "-pl", ",".join(FUNCTIONS), "verify", "-DskipITs=false",
         "-Dtest=NONE", "-Dsurefire.failIfNoSpecifiedTests=false",
         # The training run uses the options of the measured runs (the cache records, e.g., the GC).
         "-Dquarkus.test.arg-line=" + " ".join(JVM_OPTIONS),
         "-Dquarkus.package.jar.aot.enabled=true", "-Dquarkus.package.jar.aot.type=AOT",
         f"-Dquarkus.package.output-directory={AOT_DIR}"],
        cwd=ROOT, env=env, stdout=open(os.path.join(RAW, "aot-build.log"), "w"), stderr=subprocess.STDOUT)
    # make run and the system tests read target/quarkus-app; keep the artifact pointer where it was.
    for path, content in saved.items():
        with open(path, "w") as f:
            f.write(content)
    if result.returncode != 0:
        AOT_STATE = {"built": False, "note": "the aot-jar build or its integration tests failed; see bench/report/raw/aot-build.log"}
        log(AOT_STATE["note"])
        return
    caches = {m: os.path.join(ROOT, m, "target", AOT_DIR, "app.aot") for m in FUNCTIONS}
    AOT_STATE = {"built": True, "build_seconds": round(time.monotonic() - started, 1),
                 "training": {m: "trained" if os.path.exists(c) else "no cache written" for m, c in caches.items()},
                 "cache_mib": {m: round(os.path.getsize(c) / 2**20) for m, c in caches.items() if os.path.exists(c)},
                 "tests": integration_tests(open(os.path.join(RAW, "aot-build.log")).read())}
    log(f"AOT caches: {AOT_STATE['training']}")


def integration_tests(build_log):
    """How many integration tests trained each cache, from failsafe's summary lines."""
    return sum(int(n) for n in re.findall(r"Tests run: (\d+), Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [^\n]*IT\b", build_log))


AOT_STATE = {"built": False, "note": "not attempted"}


# ------------------------------------------------------------------------------------------------------- pgbench

# The tables one booking touches, created in the scratch database from the functions' own migrations.
MIGRATIONS = [
    "fn-common/src/main/resources/db/common/V1__outbox_and_inbox.sql",
    "vaccine-fn/src/main/resources/db/migration/V2__vaccines_and_reservations.sql",
    "booking-fn/src/main/resources/db/migration/V2__bookings.sql",
    "booking-fn/src/main/resources/db/migration/V3__outbox_traceparent.sql",
]


def ceiling(pgbench, psql):
    """The database's own ceiling: one booking's SQL in pgbench, spread over 10 vaccines and on 1 hot vaccine."""
    ceiling_dir = os.path.join(BENCH, "ceiling")
    admin = Psql("postgres", psql)
    if admin.value("select count(*) from pg_database where datname = 'bench_ceiling'") == "0":
        admin.rows("create database bench_ceiling")
    admin.close()
    psql_file(psql, "bench_ceiling", os.path.join(ceiling_dir, "schema.sql"))
    for migration in MIGRATIONS:
        psql_file(psql, "bench_ceiling", os.path.join(ROOT, migration))
    psql_file(psql, "bench_ceiling", os.path.join(ceiling_dir, "seed.sql"))
    drift = schema_drift(psql)
    seconds = int(knob("BENCH_PGBENCH_SECONDS"))
    results = {"drift": drift}
    for mode in ("spread", "hot"):
        runs = []
        for clients in [int(c) for c in knob("BENCH_PGBENCH_CLIENTS").split()]:
            psql_file(psql, "bench_ceiling", os.path.join(ceiling_dir, "reset.sql"))
            log(f"pgbench {mode}, {clients} clients, {seconds} s ...")
            result = subprocess.run(
                [pgbench, "-n", "-M", "prepared", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"],
                 "-f", os.path.join(ceiling_dir, f"booking-{mode}.sql"), "-c", str(clients), "-j", "2",
                 "-T", str(seconds), "-P", "1", "bench_ceiling"],
                capture_output=True, text=True, env=dict(os.environ, PGPASSWORD=PG["password"]))
            with open(os.path.join(RAW, f"pgbench-{mode}-{clients}.log"), "w") as f:
                f.write(result.stdout + result.stderr)
            tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout)
            latency = re.search(r"latency average = ([\d.]+) ms", result.stdout)
            failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
            if result.returncode != 0 or not tps:
                raise BenchError(f"pgbench failed ({mode}, {clients} clients): {result.stderr[-1500:]}")
            progress = [float(m) for m in re.findall(r"progress: [\d.]+ s, ([\d.]+) tps", result.stderr)]
            runs.append({"clients": clients, "tps": float(tps.group(1)),
                         "latency_ms": float(latency.group(1)) if latency else None,
                         "failed": int(failed.group(1)) if failed else 0, "progress": progress})
        best = max(runs, key=lambda r: r["tps"])
        results[mode] = {"runs": runs, "tps": best["tps"], "clients": best["clients"]}
        log(f"ceiling {mode}: {best['tps']:.0f} bookings/s ({best['clients']} clients)")
    psql_file(psql, "bench_ceiling", os.path.join(ceiling_dir, "reset.sql"))
    return results


def schema_drift(psql):
    """Columns of the scratch tables against the live ones, so that the ceiling never silently measures old tables."""
    query = """select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
               from information_schema.columns where table_schema = 'public' and table_name in ({})
               order by 1"""
    live = set()
    for database, tables in (("vaccine", "'vaccine','reservation'"), ("booking", "'booking','outbox_event'")):
        session = Psql(database, psql)
        live |= {row[0] for row in session.rows(query.format(tables))}
        session.close()
    session = Psql("bench_ceiling", psql)
    scratch = {row[0] for row in session.rows(query.format("'vaccine','reservation','booking','outbox_event'"))}
    session.close()
    return {"missing_in_scratch": sorted(live - scratch), "extra_in_scratch": sorted(scratch - live)}


# ----------------------------------------------------------------------------------------------------------- wrk

def finished_threads(samples):
    count = 0
    for path in glob.glob(samples + ".*.csv"):
        with open(path) as f:
            count += sum(1 for line in f if line.startswith("D,"))
    return count


def run_wrk(wrk, name, target, vaccines, connections, duration, rate=0, limit=0, timeout=30):
    """One wrk run of bookings; returns wrk's summary with the Lua counters and the per-answer samples' path."""
    threads = min(int(knob("BENCH_THREADS")), connections)  # wrk wants a connection per thread at least
    samples = os.path.join(RAW, f"{name}.samples")
    for old in glob.glob(samples + ".*.csv"):
        os.remove(old)
    env = dict(os.environ, BENCH_PREFIX=f"{RUN_ID}-{name}", BENCH_VACCINES=",".join(map(str, vaccines)),
               BENCH_AUTHORIZATION=bearer(AGENT)["Authorization"],
               BENCH_THREADS=str(threads), BENCH_RATE=str(rate), BENCH_LIMIT=str(limit), BENCH_SAMPLES=samples,
               # The filler (bench/wrk/bookings.lua): the gateway answers nothing under /q/ on its public port.
               BENCH_FILLER="/index.html" if target == GATEWAY else "/q/health/live")
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", f"{timeout}s", "--latency",
               "-s", os.path.join(BENCH, "wrk", "bookings.lua"), f"http://{target}"]
    started = time.monotonic()
    with open(os.path.join(RAW, f"{name}.wrk.out"), "w+") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True, env=env)
        if limit:
            # wrk sleeps out its -d even when every thread has stopped; SIGINT makes it print its summary at once.
            while process.poll() is None:
                if finished_threads(samples) >= threads:
                    time.sleep(0.2)
                    process.send_signal(signal.SIGINT)
                    break
                time.sleep(0.2)
        try:
            process.wait(timeout=duration + 120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.seek(0)
        stdout = output.read()
    os.remove(os.path.join(RAW, f"{name}.wrk.out"))
    wall = time.monotonic() - started
    with open(os.path.join(RAW, f"{name}.wrk.txt"), "w") as f:
        f.write(" ".join(command) + "\n" + stdout)
    line = next((l for l in stdout.splitlines() if l.startswith("BENCH-JSON ")), None)
    if line is None:
        raise BenchError(f"wrk failed for {name}: {stdout[-3000:]}")
    summary = json.loads(line[len("BENCH-JSON "):])
    summary.update({"name": name, "target": target, "connections": connections, "rate_target": rate, "timeout_s": timeout,
                    "limit": limit, "wall_seconds": round(wall, 1), "samples": samples})
    seconds = summary["duration_us"] / 1e6
    summary["bookings_per_s"] = round(summary["c201"] / seconds, 1)
    summary["answers_per_s"] = round((summary["c201"] + summary["c503ra"] + summary["c503"] + summary["c409"]
                                      + summary["cother"]) / seconds, 1)
    return summary


# ------------------------------------------------------------------------------------------- concurrency sweep

# Knative's default container-concurrency-target-percentage: it scales out when in-flight requests reach 70 % of
# the target.
KNATIVE_TARGET_UTILIZATION = 0.7


def concurrency_sweep(wrk, vaccines):
    """Closed-loop runs direct to booking-fn at growing concurrency: the knee is the fewest requests in flight that
    reach 90 % of the best throughput; past it, more in flight only adds queueing. Knative's concurrency target is
    the knee over its target utilization, so that it scales out when an instance reaches its knee."""
    seconds = int(knob("BENCH_SWEEP_SECONDS"))
    steps = []
    for connections in [int(c) for c in knob("BENCH_SWEEP").split()]:
        summary = run_wrk(wrk, f"sweep-{connections}", BOOKING, vaccines, connections, seconds)
        steps.append({"connections": connections, "bookings_per_s": summary["bookings_per_s"],
                      "p50_ms": summary["latency_us"]["p"]["50"] / 1000, "p99_ms": summary["latency_us"]["p"]["99"] / 1000,
                      "non_201": summary["c503ra"] + summary["c503"] + summary["c409"] + summary["cother"]})
        log(f"sweep {connections} in flight: {summary['bookings_per_s']} bookings/s, "
            f"p50 {steps[-1]['p50_ms']:.0f} ms, p99 {steps[-1]['p99_ms']:.0f} ms")
    best = max(step["bookings_per_s"] for step in steps)
    knee = next(step for step in steps if step["bookings_per_s"] >= 0.9 * best)
    return {"steps": steps, "best_bookings_per_s": best, "knee": knee["connections"],
            "target_utilization": KNATIVE_TARGET_UTILIZATION,
            "target": math.ceil(knee["connections"] / KNATIVE_TARGET_UTILIZATION)}


# ------------------------------------------------------------------------------------------------------ freshness

def freshness_probe(duration, rate, poll_ms, vaccines, stop_event, results):
    """Books at a slow rate through the gateway and polls My Page until each booking shows: 201 -> visible."""
    interval = 1.0 / rate
    local = threading.local()

    def connection(name):
        if not hasattr(local, name):
            setattr(local, name, KeepAlive(GATEWAY))
        return getattr(local, name)

    def probe(n):
        customer = f"{RUN_ID}-fresh-{n}"
        try:
            status, body = connection("post").request("POST", "/bookings",
                                                      {"customerId": customer, "vaccineId": vaccines[n % len(vaccines)]})
        except (OSError, http.client.HTTPException) as e:
            results.append({"n": n, "error": str(e)})
            return
        booked_at = time.monotonic()
        if status != 201:
            results.append({"n": n, "error": f"booking answered {status}"})
            return
        booking_id = json.loads(body)["id"]
        deadline = booked_at + 15
        polls = 0
        while time.monotonic() < deadline:
            polls += 1
            try:
                status, page = connection("get").request("GET", "/mypages/" + urllib.parse.quote(customer))
            except (OSError, http.client.HTTPException):
                status, page = None, ""
            if status == 200 and booking_id in page:
                results.append({"n": n, "ms": round((time.monotonic() - booked_at) * 1000, 1), "polls": polls})
                return
            time.sleep(poll_ms / 1000)
        results.append({"n": n, "error": "not visible within 15 s"})

    with ThreadPoolExecutor(max_workers=32) as pool:
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < duration and not stop_event.is_set():
            pool.submit(probe, n)
            n += 1
            next_at = started + n * interval
            time.sleep(max(0.0, next_at - time.monotonic()))


# ----------------------------------------------------------------------------------------------------- cold start

COLD_PORT_OFFSET = 10000  # 18081..18084: beside the running system


def function_properties(module, port):
    """What Stack.connectionProperties gives a function, on another port, with a consumer group of its own that
    starts at the end of each topic (so that it neither steals partitions nor replays the run's events)."""
    return {
        "quarkus.http.port": str(port),
        "quarkus.datasource.jdbc.url": f"jdbc:postgresql://{PG['host']}:{PG['port']}/{DATABASES[module]}",
        "quarkus.datasource.username": PG["user"],
        "quarkus.datasource.password": PG["password"],
        "kafka.bootstrap.servers": KAFKA,
        "quarkus.rest-client.vaccine-fn.url": "http://localhost:8081",
        "quarkus.oidc.auth-server-url": f"http://{KEYCLOAK}/realms/anticorona",
        "quarkus.oidc-client.auth-server-url": f"http://{KEYCLOAK}/realms/anticorona",
        "kafka.group.id": f"bench-cold-{module}-{RUN_ID}",
        "mp.messaging.connector.smallrye-kafka.auto.offset.reset": "latest",
        "anticorona.imports.enabled": "false",
    }


def real_request(module, hot_vaccine):
    """The first real call of a cold start, with the token of a user allowed to make it (the token check is part of it)."""
    return {
        "vaccine-fn": ("GET", f"/vaccines/{hot_vaccine}", VADMIN),
        "booking-fn": ("GET", "/bookings?customerId=cold-start-probe", AGENT),
        "mypage-fn": ("GET", "/mypages/cold-start-probe", AGENT),
        "injection-fn": ("GET", "/injections?status=INJECTED", NURSE),
    }[module]


def jvm_options(path):
    """The options of a jvm.options file, as make run and the cluster use them."""
    if not os.path.exists(path):
        return []
    return [line.strip() for line in open(path) if line.strip() and not line.strip().startswith("#")]


JVM_OPTIONS = jvm_options(os.path.join(ROOT, "jvm.options"))


def module_jvm_options(module):
    """jvm.options, then the module's own (a later option wins), as make run and the cluster use them."""
    return JVM_OPTIONS + jvm_options(os.path.join(ROOT, module, "jvm.options"))


def heap_bound(module):
    """What a native executable takes of the JVM options, as make run and the cluster give it: the last -Xmx."""
    return [o for o in module_jvm_options(module) if o.startswith("-Xmx")][-1:]


def native_executable(module):
    """make native's executable of a function, if it was built."""
    path = os.path.join(ROOT, module, "target", f"{module}-1.0.0-SNAPSHOT-runner")
    return path if os.path.exists(path) else None


def launch(java, module, jar, port, jvm_args, log_path, cwd):
    """The fast-jar or aot-jar with the JVM options, or (when jar is a native executable) the executable itself."""
    properties = [f"-D{k}={v}" for k, v in function_properties(module, port).items()]
    if jar.endswith("-runner"):
        command = [jar, *heap_bound(module), *jvm_args, *properties]
    else:
        command = [os.path.join(java, "bin", "java"), *module_jvm_options(module), *jvm_args, *properties, "-jar", jar]
    return subprocess.Popen(command, cwd=cwd, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
                            env=dict(os.environ, MALLOC_ARENA_MAX="2"))


def wait_ready(process, port, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as s:
            s.settimeout(0.2)
            if s.connect_ex(("127.0.0.1", port)) != 0:
                time.sleep(0.01)
                continue
        if is_ready(port, timeout=2.0):
            return True
        time.sleep(0.01)
    return False


def stop_process(process, timeout=60):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cold_starts(java, hot_vaccine):
    """Process start -> first 200 on /q/health/ready, then the first 200 of a real endpoint, and RSS 2 s later."""
    work = os.path.join(STACK_ROOT, "cold")
    os.makedirs(work, exist_ok=True)
    variants = [("jvm", lambda m: (os.path.join(ROOT, m, "target", "quarkus-app", "quarkus-run.jar"), []))]
    if AOT_STATE.get("built"):
        def aot(m):
            app = os.path.join(ROOT, m, "target", AOT_DIR)
            cache = os.path.join(app, "app.aot")
            return (os.path.join(app, "quarkus-run.jar"), [f"-XX:AOTCache={cache}"]) if os.path.exists(cache) else None

        def aot_knative(m):
            # As a function starts from zero in the cluster: profile knative, events over HTTP, no Kafka consumers.
            choice = aot(m)
            return choice and (choice[0], [*choice[1], "-Dquarkus.profile=knative"])
        variants += [("aot", aot), ("aot_knative", aot_knative)]
    # make native's executables, when they are there (the bench does not build them: about 6 min each)
    variants += [("native", lambda m: native_executable(m) and (native_executable(m), [])),
                 ("native_knative", lambda m: native_executable(m) and (native_executable(m), ["-Dquarkus.profile=knative"]))]
    results = {name: {} for name, _ in variants}
    runs = int(knob("BENCH_COLD_RUNS"))
    for module in FUNCTIONS:
        port = PORTS[module] + COLD_PORT_OFFSET
        for run in range(runs):
            for name, chooser in variants:
                choice = chooser(module)
                if choice is None:
                    continue
                jar, jvm_args = choice
                log_path = os.path.join(RAW, f"cold-{name}-{module}-{run + 1}.log")
                started = time.monotonic()
                process = launch(java, module, jar, port, jvm_args, log_path, work)
                entry = {}
                try:
                    if not wait_ready(process, port):
                        entry["error"] = f"not ready; see {os.path.relpath(log_path, ROOT)}"
                    else:
                        entry["ready_ms"] = round((time.monotonic() - started) * 1000)
                        method, path, user = real_request(module, hot_vaccine)
                        status, _, _ = call(method, f"localhost:{port}", path, timeout=30, headers=bearer(user))
                        entry["first_real_ms"] = round((time.monotonic() - started) * 1000)
                        entry["first_real_status"] = status
                        time.sleep(2)
                        entry["rss_kib"] = rss_kib(process.pid)
                finally:
                    if run == 0:
                        # SIGTERM to exit, once per function and variant; later runs are killed to save time
                        stopping = time.monotonic()
                        stop_process(process)
                        entry["stop_ms"] = round((time.monotonic() - stopping) * 1000)
                    else:
                        process.kill()
                        process.wait()
                match = re.search(r"started in ([\d.]+)s", open(log_path, errors="replace").read())
                if match:
                    entry["quarkus_started_ms"] = round(float(match.group(1)) * 1000)
                results[name].setdefault(module, []).append(entry)
                log(f"cold start {name} {module} #{run + 1}: {entry}")
    return results


# ---------------------------------------------------------------------------------------------------------- JFR

JFR_MODULES = ("booking-fn", "vaccine-fn", "mypage-fn")

# Which library a stack sample belongs to: its first frame outside the JDK, by package (first match wins).
LIBRARIES = [
    ("org.hibernate.validator", "Hibernate Validator"), ("org.hibernate", "Hibernate ORM / Panache"),
    ("io.quarkus.hibernate", "Hibernate ORM / Panache"), ("io.quarkus.panache", "Hibernate ORM / Panache"),
    ("org.postgresql", "PostgreSQL JDBC driver"), ("io.agroal", "Agroal connection pool"),
    ("io.quarkus.agroal", "Agroal connection pool"),
    ("com.arjuna", "Narayana transactions"), ("io.quarkus.narayana", "Narayana transactions"),
    ("com.fasterxml.jackson", "Jackson JSON"),
    ("org.jboss.resteasy.reactive.client", "REST client"), ("io.quarkus.rest.client", "REST client"),
    ("org.jboss.resteasy.reactive", "REST server"), ("io.quarkus.resteasy.reactive", "REST server"),
    ("io.quarkus.vertx.http", "Vert.x / Netty"), ("io.netty", "Vert.x / Netty"), ("io.vertx", "Vert.x / Netty"),
    ("org.apache.kafka", "Kafka client"), ("io.smallrye.reactive.messaging", "Reactive Messaging"),
    ("io.smallrye.faulttolerance", "Fault tolerance"), ("io.quarkus.smallrye.faulttolerance", "Fault tolerance"),
    ("org.jboss.logmanager", "logging"), ("org.jboss.logging", "logging"),
    ("io.smallrye.mutiny", "Mutiny"), ("io.smallrye.context", "context propagation"),
    ("io.quarkus.arc", "CDI (ArC)"), ("io.anticorona", "application code"), ("io.quarkus", "Quarkus (other)"),
    ("io.smallrye", "SmallRye (other)"), ("org.jboss.threads", "thread pools (jboss-threads)"),
]
JDK_PACKAGES = ("java.", "javax.", "jdk.", "sun.", "com.sun.")
JFR_STACK_DEPTH = 512
# Classes Quarkus generates around ours (interceptor subclasses, client proxies, invokers, lambdas).
# fn-common's Drainer runs both the outbox relay and the mail sender: the method it runs names the work.
GENERATED = re.compile(r"(_Subclass|_ClientProxy|_Bean|_SmallRyeMessagingInvoker|\$\$|\$Lambda|\.lambda\$|\$quarkusrestinvoker\$|_ScheduledInvoker_|work\.Drainer\.)")


def jfr_start(java, pids, seconds):
    if knob("BENCH_JFR") != "1":
        return {}
    os.makedirs(os.path.join(RAW, "jfr"), exist_ok=True)
    files = {}
    for module in JFR_MODULES:
        path = os.path.join(RAW, "jfr", f"{module}.jfr")
        if os.path.exists(path):
            os.remove(path)
        # Hibernate's and Vert.x's stacks are deeper than JFR's default 64 frames; the entry points are at the bottom.
        subprocess.run([os.path.join(java, "bin", "jcmd"), str(pids[module]), "JFR.configure",
                        f"stackdepth={JFR_STACK_DEPTH}"], capture_output=True, text=True)
        result = subprocess.run([os.path.join(java, "bin", "jcmd"), str(pids[module]), "JFR.start",
                                 f"name=bench-{RUN_ID}", "settings=profile", f"duration={seconds}s",
                                 f"filename={path}"], capture_output=True, text=True)
        if result.returncode == 0:
            files[module] = path
    return files


def library_of(frames):
    for frame in frames:
        if frame.startswith(JDK_PACKAGES):
            continue
        for prefix, library in LIBRARIES:
            if frame.startswith(prefix):
                return library
        return "other libraries"
    return "JDK only (e.g. virtual-thread scheduling, NIO)"


def entry_point_of(frames):
    """The outermost application method of a sample (what work it was for), e.g. MailSender.drain."""
    for frame in reversed(frames):
        if frame.startswith("io.anticorona.") and not GENERATED.search(frame.split("(")[0]):
            qualified = frame.split("(")[0].split(".")
            return ".".join(qualified[-2:])
    return "no application frame (HTTP, Kafka, pools, GC)"


def jfr_libraries(jfr, path):
    """Share of execution samples per library (the first non-JDK frame from the top), per application entry point
    (the outermost frame of ours), and per thread kind."""
    result = subprocess.run([jfr, "print", "--stack-depth", str(JFR_STACK_DEPTH), "--events", "jdk.ExecutionSample",
                             path], capture_output=True, text=True)
    libraries, entries, threads, total = {}, {}, {}, 0
    frames, thread, in_stack = [], "", False
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("sampledThread = "):
            if "virtual" in line:
                thread = "virtual threads (REST resources: ORM, JDBC, REST client)"
            else:
                thread = thread_group(line.split('"')[1][:15]) if '"' in line else "?"
        elif line.startswith("stackTrace = ["):
            frames, in_stack = [], True
        elif in_stack and line == "]":
            in_stack = False
            total += 1
            library = library_of(frames)
            libraries[library] = libraries.get(library, 0) + 1
            entry = entry_point_of(frames)
            entries[entry] = entries.get(entry, 0) + 1
            threads[thread] = threads.get(thread, 0) + 1
        elif in_stack and line and line != "...":
            frames.append(line)
    share = lambda counts: {k: round(100 * v / total, 1) for k, v in sorted(counts.items(), key=lambda x: -x[1])}
    return {"samples": total, "by_library_percent": share(libraries) if total else {},
            "by_entry_point_percent": share(entries) if total else {},
            "by_thread_percent": share(threads) if total else {}}


def jfr_views(java, files):
    views = {}
    jfr = os.path.join(java, "bin", "jfr")
    for module, path in files.items():
        for _ in range(30):
            if os.path.exists(path) and os.path.getsize(path) > 0:
                break
            time.sleep(1)
        time.sleep(1)
        views[module] = {"libraries": jfr_libraries(jfr, path)}
        for view in ("hot-methods", "contention-by-site", "gc-pauses", "allocation-by-class", "pinned-threads",
                     "compiler-statistics"):
            result = subprocess.run([jfr, "view", "--width", "170", view, path], capture_output=True, text=True)
            views[module][view] = result.stdout.strip()
    return views


# ---------------------------------------------------------------------------------------------------------- main

RUN_ID = "b" + time.strftime("%m%d%H%M%S")


def machine_info(java, psql):
    info = {"nproc": os.cpu_count(), "kernel": os.uname().release}
    with open("/proc/meminfo") as f:
        info["memory_gib"] = round(int(f.readline().split()[1]) / 2**20, 1)
    with open("/proc/cpuinfo") as f:
        info["cpu"] = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    version = subprocess.run([os.path.join(java, "bin", "java"), "-version"], capture_output=True, text=True).stderr
    info["jdk"] = " ".join(version.splitlines()[:2])
    session = Psql("postgres", psql)
    info["postgres"] = session.value("select version()")
    info["postgres_settings"] = {name: session.value(f"show {name}") for name in
                                 ("fsync", "synchronous_commit", "shared_buffers", "max_connections")}
    session.close()
    info["git"] = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True,
                                 text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    info["git_dirty"] = len(dirty.splitlines()) if dirty else 0
    return info


def spike_load():
    """wrk's arguments for the spike (JVM and native alike): BENCH_SPIKE_CUSTOMERS customers arriving at
    BENCH_SPIKE_RATE, one connection each, every answer waited for up to 120 s."""
    return {"connections": spike_connections(), "duration": 900, "rate": int(knob("BENCH_SPIKE_RATE")),
            "limit": int(knob("BENCH_SPIKE_CUSTOMERS")), "timeout": 120}


def spike_connections():
    """BENCH_SPIKE_CONNECTIONS, within the open-files limit (raised to the hard limit if need be)."""
    wanted = int(knob("BENCH_SPIKE_CONNECTIONS"))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted + 200:
        new_soft = hard if hard == resource.RLIM_INFINITY else min(hard, wanted + 200)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
            soft = new_soft
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY and soft < wanted + 200:
        log(f"open-files limit {soft}: the spike uses {soft - 200} connections instead of {wanted}")
        return max(64, soft - 200)
    return wanted


def create_vaccine(name, stock):
    status, body, _ = call("POST", GATEWAY, "/vaccines", {"name": name, "stock": stock}, headers=bearer(VADMIN))
    if status != 201:
        raise BenchError(f"could not create vaccine {name}: {status} {body}")
    return json.loads(body)["id"]


def rss_of(pids):
    return {name: rss_kib(pid) for name, pid in pids.items()}


def main():
    os.makedirs(RAW, exist_ok=True)
    for old in glob.glob(os.path.join(RAW, "*")):
        if os.path.isfile(old):
            os.remove(old)
    began = time.monotonic()
    java = java_home()
    wrk = ensure_tool("wrk", "wrk")
    pgbench = ensure_tool("pgbench", "postgresql-client", ["/usr/lib/postgresql/*/bin/pgbench"])
    psql = ensure_tool("psql", "postgresql-client", ["/usr/lib/postgresql/*/bin/psql"])
    results = {"run_id": RUN_ID, "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
               "knobs": {name: knob(name) for name in KNOBS},
               "knob_meanings": {name: meaning for name, (_, meaning) in KNOBS.items()}, "load_average_start": os.getloadavg()}
    system = System(java)
    try:
        system.ensure()
        results["system"] = system.mode
        results["jvm_options"] = JVM_OPTIONS
        results["machine"] = machine_info(java, psql)
        pids = {name: system.pids[name] for name in FUNCTIONS + ["gateway"]}
        results["rss_after_start"] = rss_of(pids)
        components = system.components(pids)

        results["ceiling"] = ceiling(pgbench, psql)

        spread = [create_vaccine(f"{RUN_ID}-spread-{i}", 1_000_000) for i in range(1, 11)]
        warm = create_vaccine(f"{RUN_ID}-warm", 1_000_000)
        hot = create_vaccine(f"{RUN_ID}-hot", int(knob("BENCH_SPIKE_STOCK")))
        results["vaccines"] = {"spread": spread, "warm": warm, "hot": hot}

        duration = int(knob("BENCH_DURATION"))
        connections = int(knob("BENCH_CONNECTIONS"))
        # Before any warm-up: the system has just started (unless the bench found one running, see results["system"]).
        results["bursts"] = {"cold": bursts(wrk, "cold")}
        log(f"warm-up: {knob('BENCH_WARMUP')} s through the gateway ...")
        run_wrk(wrk, "warmup", GATEWAY, [warm], connections, int(knob("BENCH_WARMUP")))
        # The freshness probe reads My Page: warm that path too, or its first reads time the first-request cost.
        reader = KeepAlive(GATEWAY)
        for i in range(50):
            reader.request("GET", f"/mypages/{RUN_ID}-warmup-1-{i + 1}-0")
        reader.close()
        results["warmup_drained_after_s"] = await_quiet(components)

        scenarios = results["scenarios"] = {}

        def measured(name, target, **kwargs):
            meter = CpuMeter(components, pids)
            sampler = ActivitySampler(psql)
            sampler.start()
            meter.start()
            summary = run_wrk(wrk, name, target, **kwargs)
            summary["cpu"] = meter.stop()
            summary["db_activity"] = sampler.stop()
            # What the bookings cost in all: the run, and the work it left behind (consumers, mails, Keycloak).
            summary["drained_after_s"] = await_quiet(components)
            summary["cpu_until_drained"] = meter.stop()
            scenarios[name] = summary
            log(f"{name}: {summary['bookings_per_s']} bookings/s, p50 {summary['latency_us']['p']['50'] / 1000:.0f} ms, "
                f"p99 {summary['latency_us']['p']['99'] / 1000:.0f} ms, 503s {summary['c503ra'] + summary['c503']}")
            return summary

        log("idle: 5 s without load (what runs in the background) ...")
        meter = CpuMeter(components, pids)
        meter.start()
        time.sleep(5)
        results["idle_cpu"] = meter.stop()

        log(f"steady max through the gateway: {duration} s, {connections} connections ...")
        gateway_max = measured("steady_gateway", GATEWAY, vaccines=spread, connections=connections, duration=duration)
        log(f"steady max direct to booking-fn: {duration} s, {connections} connections (JFR on) ...")
        jfr_files = jfr_start(java, pids, duration)
        measured("steady_direct", BOOKING, vaccines=spread, connections=connections, duration=duration)
        results["profile"] = jfr_views(java, jfr_files)
        results["sweep"] = concurrency_sweep(wrk, spread)

        half_rate = max(1, round(gateway_max["bookings_per_s"] * float(knob("BENCH_HALF"))))
        log(f"half max through the gateway: {half_rate} bookings/s for {duration} s, with the freshness probe ...")
        fresh = []
        stop_probe = threading.Event()
        probe = threading.Thread(target=freshness_probe, daemon=True,
                                 args=(duration, float(knob("BENCH_FRESHNESS_RATE")),
                                       int(knob("BENCH_FRESHNESS_POLL_MS")), spread, stop_probe, fresh))
        probe.start()
        measured("half_gateway", GATEWAY, vaccines=spread, connections=connections, duration=duration, rate=half_rate)
        stop_probe.set()
        probe.join(timeout=30)
        results["freshness"] = fresh
        results["freshness_pipeline"] = freshness_pipeline(psql)

        # Warm, and before the spike: the cold starts after the spike must not share the machine with these bookings' events.
        results["bursts"]["warm"] = bursts(wrk, "warm")

        customers = int(knob("BENCH_SPIKE_CUSTOMERS"))
        log(f"spike: {customers} customers on 1 vaccine with stock {knob('BENCH_SPIKE_STOCK')} through the gateway ...")
        measured("spike", GATEWAY, vaccines=[hot], **spike_load())
        results["spike_check"] = spike_check(psql, hot, int(knob("BENCH_SPIKE_STOCK")), scenarios["spike"])
        results["rss_after_spike"] = rss_of(pids)
        results["promotion"] = promotion(psql, hot)

        results["aot"] = AOT_STATE
        results["cold"] = cold_starts(java, hot)
        native_runs(system, wrk, psql, scenarios, results)
        results["load_average_end"] = os.getloadavg()
    finally:
        results["bench_seconds"] = round(time.monotonic() - began)
        with open(os.path.join(RAW, "results.json"), "w") as f:
            json.dump(results, f, indent=1, default=str)
        system.stop()
    report_writer.write(results, OUT)
    log(f"report: {os.path.relpath(os.path.join(OUT, 'report.md'), ROOT)} (charts in bench/report/*.svg, "
        f"charts.html); {results['bench_seconds']} s in all")


def native_runs(system, wrk, psql, scenarios, results):
    """Issue 13: the steady max through the gateway and the spike again, on a system restarted with make native's
    executables."""
    missing = [m for m in [*FUNCTIONS, "gateway"] if not native_executable(m)]
    if missing or not system.started or knob("BENCH_KEEP") == "1":
        results["native_note"] = ("no native executable of " + ", ".join(missing) + " (make native)" if missing
                                         else "the bench reused a running system, or keeps it (BENCH_KEEP=1)")
        log(f"steady max and spike on native: not measured, {results['native_note']}")
        return
    log("restarting the system on the native executables (fresh data) ...")
    system.stop()
    _TOKENS.clear()  # the restarted Keycloak has fresh data, so new signing keys
    system.start("native")
    pids = {name: system.pids[name] for name in FUNCTIONS + ["gateway"]}
    results["rss_after_start_native"] = rss_of(pids)
    components = system.components(pids)
    spread = [create_vaccine(f"{RUN_ID}-native-spread-{i}", 1_000_000) for i in range(1, 11)]
    warm = create_vaccine(f"{RUN_ID}-native-warm", 1_000_000)
    connections, duration = int(knob("BENCH_CONNECTIONS")), int(knob("BENCH_DURATION"))
    log(f"warm-up on native: {knob('BENCH_WARMUP')} s through the gateway ...")
    run_wrk(wrk, "warmup_native", GATEWAY, [warm], connections, int(knob("BENCH_WARMUP")))
    log(f"steady max through the gateway on native: {duration} s, {connections} connections ...")
    meter = CpuMeter(components, pids)
    meter.start()
    summary = run_wrk(wrk, "steady_gateway_native", GATEWAY, vaccines=spread, connections=connections, duration=duration)
    summary["cpu"] = meter.stop()
    scenarios["steady_gateway_native"] = summary
    results["rss_after_steady_native"] = rss_of(pids)
    log(f"steady_gateway_native: {summary['bookings_per_s']} bookings/s")
    hot = create_vaccine(f"{RUN_ID}-native-hot", int(knob("BENCH_SPIKE_STOCK")))
    log(f"spike on native: {knob('BENCH_SPIKE_CUSTOMERS')} customers on 1 vaccine with stock {knob('BENCH_SPIKE_STOCK')} ...")
    spike = run_wrk(wrk, "spike_native", GATEWAY, [hot], **spike_load())
    scenarios["spike_native"] = spike
    results["spike_check_native"] = spike_check(psql, hot, int(knob("BENCH_SPIKE_STOCK")), spike)
    results["rss_after_spike_native"] = rss_of(pids)
    log(f"spike_native: {spike['c201']} x 201, {spike['c503ra'] + spike['c503']} x 503")


def bursts(wrk, when):
    """BENCH_BURST_CUSTOMERS customers, one booking each, at each of BENCH_BURST_IN_FLIGHT requests in flight (closed
    loop), direct to booking-fn, on a fresh vaccine with stock BENCH_BURST_STOCK; no retries. Counts the 503s and how
    many of them say the stock check's circuit is open."""
    runs = {}
    for in_flight in [int(c) for c in knob("BENCH_BURST_IN_FLIGHT").split()]:
        vaccine = create_vaccine(f"{RUN_ID}-burst-{when}-{in_flight}", int(knob("BENCH_BURST_STOCK")))
        log(f"burst ({when}): {knob('BENCH_BURST_CUSTOMERS')} customers at {in_flight} in flight, direct to booking-fn ...")
        summary = run_wrk(wrk, f"burst_{when}_{in_flight}", BOOKING, [vaccine], in_flight, 300,
                          limit=int(knob("BENCH_BURST_CUSTOMERS")), timeout=60)
        runs[in_flight] = {key: summary[key] for key in ("c201", "booked", "waiting", "c503ra", "c503", "circuit_open",
                                                         "c409", "cother", "errors", "latency_us", "bookings_per_s")}
        log(f"burst ({when}) at {in_flight}: {summary['c201']} x 201, {summary['c503ra'] + summary['c503']} x 503 "
            f"({summary['circuit_open']} circuit-open)")
    return runs


def freshness_pipeline(psql):
    """For each freshness probe, from the databases' own clocks: booking settled (booking.updated_at in booking-fn)
    -> event applied by mypage-fn (processed_event.processed_at, the start of the consumer's transaction)."""
    booking = Psql("booking", psql)
    settled = {row[0]: float(row[1]) for row in booking.rows(
        f"select customer_id, extract(epoch from updated_at) from booking where customer_id like '{RUN_ID}-fresh-%' "
        f"and status = 'BOOKED'") if len(row) == 2}
    booking.close()
    mypage = Psql("mypage", psql)
    applied = {row[0]: float(row[1]) for row in mypage.rows(
        f"select n.customer_id, extract(epoch from p.processed_at) from notification n join processed_event p "
        f"on p.id = n.event_id where n.customer_id like '{RUN_ID}-fresh-%' and n.kind = 'CONFIRMED'") if len(row) == 2}
    mypage.close()
    return sorted(round((applied[c] - settled[c]) * 1000, 1) for c in settled if c in applied)


def promotion(psql, vaccine):
    """Gives the spike's vaccine a dose for each booking it left WAITING, and times how long the line takes to empty."""
    booking = Psql("booking", psql)
    try:
        waiting = int(booking.value(f"select count(*) from booking where vaccine_id = {vaccine} and status = 'WAITING'"))
        if waiting == 0:
            return {"waiting": 0}
        log(f"promotion: stock for the spike's {waiting} waiting bookings ...")
        began = time.monotonic()
        status, body, _ = call("POST", GATEWAY, f"/vaccines/{vaccine}/stock", {"quantity": waiting}, headers=bearer(VADMIN))
        if status != 200:
            raise BenchError(f"could not add stock to vaccine {vaccine}: {status} {body}")
        left = waiting
        while left and time.monotonic() - began < 120:
            time.sleep(0.1)
            left = int(booking.value(f"select count(*) from booking where vaccine_id = {vaccine} and status = 'WAITING'"))
        seconds = time.monotonic() - began
        log(f"promotion: {waiting - left} of {waiting} promoted in {seconds:.1f} s")
        return {"waiting": waiting, "promoted": waiting - left, "seconds": round(seconds, 2),
                "booked": int(booking.value(f"select count(*) from booking where vaccine_id = {vaccine} and status = 'BOOKED'"))}
    finally:
        booking.close()


def spike_check(psql, vaccine, stock, spike):
    """Waits until the spike's bookings are settled (no PENDING, counts stable), then counts them in both databases."""
    booking = Psql("booking", psql)
    vaccine_db = Psql("vaccine", psql)
    deadline = time.monotonic() + 60
    previous = None
    while True:
        counts = {row[0]: int(row[1]) for row in
                  booking.rows(f"select status, count(*) from booking where vaccine_id = {vaccine} group by status")}
        if counts == previous and "PENDING" not in counts or time.monotonic() > deadline:
            break
        previous = counts
        time.sleep(1)
    stock_now, reserved = vaccine_db.rows(f"select stock, reserved from vaccine where id = {vaccine}")[0]
    reservations = int(vaccine_db.value(
        f"select count(*) from reservation where vaccine_id = {vaccine} and status = 'RESERVED'"))
    over_stock = int(vaccine_db.value("select count(*) from vaccine where reserved > stock"))
    booking.close()
    vaccine_db.close()
    accepted = sum(counts.values())  # every booking made, including those whose answer wrk timed out
    expected = min(stock, accepted)
    return {"counts": counts, "stock": int(stock_now), "reserved": int(reserved), "reservations": reservations,
            "vaccines_over_stock": over_stock, "accepted": accepted, "answered_201": spike["c201"], "expected_booked": expected,
            "booked_ok": counts.get("BOOKED", 0) == expected, "reserved_ok": int(reserved) == counts.get("BOOKED", 0),
            "never_over_stock": int(reserved) <= int(stock_now) and over_stock == 0}


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"\nmake bench failed: {e}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nmake bench interrupted", file=sys.stderr)
        sys.exit(130)
