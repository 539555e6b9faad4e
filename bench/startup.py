#!/usr/bin/env python3
"""Start-up of a small run, as the broker and the kernel see it (issue 19 item 1; see bench/README.md).

Each run launches one tool the way its users start it (fleetstorm: the ./fleetstorm launcher or the container image;
MQTT.js: node) on 10 devices against a fresh mosquitto on loopback: connect at 100/s, then 1 QoS 1 message per
device per second for 2 s, then exit. Measured from outside the tool, never by timers inside it:
  - firstConnectS: launch (fork of the launcher / `podman run`) to the broker logging the first CONNECT it accepted
    ("New client connected", read from mosquitto's stderr as it is written);
  - cpuAtFirstConnectS: CPU (utime + stime from /proc) of every process of the tool at that moment;
  - cpuS, wallS: CPU of the whole run (the launcher's rusage, which includes the JVM it waited for; in the container,
    the shell's `times`) and the time until the tool exited;
  - for the container, the launch is `podman run`'s: podman's own set-up counts in the time, not in the CPU.
Writes bench/results/<date>-startup.json and .md. Run through bench/startup.sh.
"""
import argparse
import datetime
import fcntl
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PORT = 18840  # apart from compare.py's ports, so the two can run on one machine (not at the same time: CPU)
TICKS = os.sysconf("SC_CLK_TCK")
DEVICES, CONNECT_RATE, PUBLISH_S = 10, 100, 2
DEADLINE_S = 60  # a run that has not ended by then is killed and reported as failed


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def processes_with(marker):
    """(pid, start time in s since boot, cpu s) of every process whose command line contains marker, but podman's."""
    found = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/cmdline", "rb") as f:
                cmdline = f.read()
            # the container's own processes, not podman's (`podman run --name MARKER`, conmon): the tool's CPU only
            if marker.encode() not in cmdline or cmdline.split(b"\0")[0].rsplit(b"/", 1)[-1] in (b"podman",
                                                                                                 b"conmon"):
                continue
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found.append((int(p), int(fields[19]) / TICKS, (int(fields[11]) + int(fields[12])) / TICKS))
    return found


class Broker:
    """A fresh mosquitto whose log lines are timed as they arrive; calls on_connect at the first CONNECT."""

    def __init__(self, work, on_connect):
        conf = os.path.join(work, "mosquitto.conf")
        with open(conf, "w") as f:
            f.write(f"allow_anonymous true\npersistence false\nlog_dest stderr\nlog_type notice\n"
                    f"log_type information\nconnection_messages true\nlistener {PORT} 127.0.0.1\n")
        self.first = None
        self.on_connect = on_connect
        self.ready = threading.Event()
        self.lines = open(os.path.join(work, "mosquitto.log"), "w")
        self.proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(5):
            self.stop()
            raise RuntimeError("mosquitto did not start; see " + work + "/mosquitto.log")

    def _read(self):
        for line in self.proc.stderr:
            now = time.monotonic()
            self.lines.write(f"{now:.4f} {line}")
            if "Opening ipv4 listen socket" in line:
                self.ready.set()
            if self.first is None and "New client connected" in line:
                self.first = (now,)
                self.on_connect()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.lines.close()


def scenario(path):
    with open(path, "w") as f:
        f.write(f"""name: startup
target: {{host: 127.0.0.1, port: {PORT}, tls: false}}
groups:
  - {{name: g, productId: BENCH00001, count: {DEVICES}, namePattern: 'dev-{{index:05}}',
     credentials: {{productSecret: bench-secret}}}}
phases:
  - {{name: connect, duration: 1s, g: {{connect: {{rate: {CONNECT_RATE}/s}}}}}}
  - {{name: publish, duration: {PUBLISH_S}s,
     g: {{telemetry: {{rate: 1/s per device, qos: 1, topic: event, size: 64B}}}}}}
acceptSaturation: true
""")


def command(tool, work, marker, args):
    """The command line, and whether the whole-run CPU comes from `times` inside a container."""
    env_opts = args.java_opts
    if tool in ("fleetstorm", "fleetstorm-base"):
        home = ROOT if tool == "fleetstorm" else args.base_dir
        return [os.path.join(home, "fleetstorm"), "run", os.path.join(work, "startup.yaml"), "--metrics-port", "-1",
                "--output", os.path.join(work, "out"), "--run-id", marker], False
    if tool == "container":
        os.chmod(work, 0o777)
        inner = '/usr/local/bin/fleetstorm "$@"; rc=$?; echo "times:"; times; exit $rc'
        # runc and these limits: what deploy/container/build-and-run.sh runs the image with on this machine kind
        return ["podman", "run", "--rm", "--runtime", "runc", "--ulimit", "nofile=20000:20000", "--ulimit",
                "nproc=32768:32768", "--network", "host",
                "--name", marker, "-v", f"{work}:/bench:rw",
                "-e", f"FLEETSTORM_JAVA_OPTS={env_opts}", "--entrypoint", "/bin/sh", args.image, "-c", inner, "sh",
                "run", "/bench/startup.yaml", "--metrics-port", "-1", "--output", "/tmp/out", "--run-id", marker], True
    cfg = dict(host="127.0.0.1", port=PORT, tls=False, ca=None, devices=DEVICES, connectRate=CONNECT_RATE,
               startDelayS=0, ratePerDevice=1, qos=1, payloadBytes=64, publishS=PUBLISH_S, holdS=0, sources=[],
               marker=marker)
    return ["node", os.path.join(BENCH, "peers", "mqttjs", "load.js"), json.dumps(cfg)], False


def times_cpu(text):
    """Children's user + system time from the shell's `times` (its second line)."""
    lines = text.split("times:", 1)[1].strip().splitlines()
    return sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", lines[1]))


def run_once(tool, args, base):
    marker = f"startup-{uuid.uuid4().hex[:12]}"
    work = os.path.join(base, marker)
    os.makedirs(work)
    scenario(os.path.join(work, "startup.yaml"))
    res = {"tool": tool, "loadavg": os.getloadavg()[0], "javaOpts": args.java_opts}
    at_connect = {}

    def sample():  # runs in the broker's reader thread, right when the CONNECT line arrives
        ps = processes_with(marker)
        at_connect["cpu"] = sum(p[2] for p in ps)

    broker = Broker(work, sample)
    cmd, in_container = command(tool, work, marker, args)
    env = dict(os.environ, FLEETSTORM_JAVA_OPTS=args.java_opts)
    out = open(os.path.join(work, "tool.out"), "w+")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=work)
    try:
        deadline = t0 + DEADLINE_S
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"did not end within {DEADLINE_S} s")
            time.sleep(0.01)
        t_end = time.monotonic()
        proc.returncode = os.waitstatus_to_exitcode(status)
        res["exitCode"] = proc.returncode
        res["wallS"] = t_end - t0
        out.seek(0)
        text = out.read()
        res["cpuS"] = times_cpu(text) if in_container else usage.ru_utime + usage.ru_stime
        if broker.first is None:
            raise RuntimeError("no CONNECT reached the broker")
        res["firstConnectS"] = broker.first[0] - t0
        res["cpuAtFirstConnectS"] = at_connect.get("cpu")
        with open(os.path.join(work, "mosquitto.log")) as f:
            res["connects"] = sum(1 for ln in f if "New client connected" in ln)
    finally:
        if proc.returncode is None:
            subprocess.run(["podman", "rm", "-f", "-t", "0", marker], capture_output=True, timeout=60) \
                if in_container else None
            os.killpg(proc.pid, 9)
            proc.wait()
        broker.stop()
        out.close()
    return res


def summarise(runs):
    rows = {}
    for r in runs:
        if "error" not in r:
            rows.setdefault((r["tool"], r.get("javaOpts", "")), []).append(r)
    table = []
    for (tool, opts), rs in rows.items():
        row = {"tool": tool, "javaOpts": opts, "runs": len(rs)}
        for k in ("firstConnectS", "cpuAtFirstConnectS", "cpuS", "wallS", "loadavg"):
            vals = [r[k] for r in rs if isinstance(r.get(k), (int, float))]
            if vals:
                row[k] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}
        table.append(row)
    return table


def fmt(row, k):
    v = row.get(k)
    return "-" if not v else f"{v['median']:.2f} ({v['min']:.2f}-{v['max']:.2f})"


def markdown(table, facts):
    lines = [f"Measured {facts['date']} on {facts['cores']} cores, {facts['java']}; load average {facts['loadBefore']}"
             f" before. {DEVICES} devices, connect at {CONNECT_RATE}/s, then {PUBLISH_S} s of 1 QoS 1 msg/s per "
             f"device; median (min-max) of each tool's runs.", "",
             "| tool | extra JVM options | first CONNECT after launch, s | CPU s at first CONNECT | CPU s, whole run |"
             " wall s, whole run | load average |",
             "|---|---|---|---|---|---|---|"]
    for r in table:
        lines.append(f"| {r['tool']} | {r['javaOpts'] or '-'} | {fmt(r, 'firstConnectS')} |"
                     f" {fmt(r, 'cpuAtFirstConnectS')} | {fmt(r, 'cpuS')} | {fmt(r, 'wallS')} | {fmt(r, 'loadavg')} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--tools", default="fleetstorm,mqttjs")
    ap.add_argument("--base-dir", help="another checkout (its ./fleetstorm and target/fleetstorm.jar): fleetstorm-base")
    ap.add_argument("--image", default="localhost/fleetstorm:dev", help="the image the container tool runs")
    ap.add_argument("--java-opts", default="", help="FLEETSTORM_JAVA_OPTS for the fleetstorm runs (experiments)")
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--label", default="", help="added to the result file names")
    args = ap.parse_args()
    tools = args.tools.split(",")
    if "fleetstorm-base" in tools and not args.base_dir:
        ap.error("fleetstorm-base needs --base-dir")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    facts = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
             "cores": os.cpu_count(), "java": java, "loadBefore": round(os.getloadavg()[0], 2),
             "node": shutil.which("node") and subprocess.run(["node", "--version"], capture_output=True,
                                                             text=True).stdout.strip()}
    lock = open("/tmp/fleetstorm-bench.lock", "w")  # one benchmark at a time (see compare.py's bench_lock)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log("another fleetstorm benchmark runs on this machine (/tmp/fleetstorm-bench.lock): waiting for it")
        fcntl.flock(lock, fcntl.LOCK_EX)
    base = tempfile.mkdtemp(prefix="fleetstorm-startup-")
    os.chmod(base, 0o755)
    runs = []
    stamp = facts["date"].replace(":", "") + "-startup" + (f"-{args.label}" if args.label else "")
    os.makedirs(args.out, exist_ok=True)
    for rep in range(args.repeats):
        for tool in tools:  # alternate the tools, so a change of the machine's load touches them alike
            log(f"repeat {rep + 1}/{args.repeats} {tool} (load {os.getloadavg()[0]:.2f})")
            try:
                r = run_once(tool, args, base)
            except Exception as e:  # one failed run must not lose the others
                r = {"tool": tool, "javaOpts": args.java_opts, "error": repr(e)}
            r["repeat"] = rep + 1
            log("  ", json.dumps(r))
            runs.append(r)
            table = summarise(runs)
            with open(os.path.join(args.out, stamp + ".json"), "w") as f:
                json.dump({"machine": facts, "runs": runs, "table": table}, f, indent=1)
            md = markdown(table, facts)
            with open(os.path.join(args.out, stamp + ".md"), "w") as f:
                f.write(md)
    print(md)
    log(f"results: {args.out}/{stamp}.json and .md; run files in {base}")


if __name__ == "__main__":
    main()
