#!/usr/bin/env python3
"""fleetstorm against its peers, side by side on one mosquitto (see bench/README.md).

Alternates the tools on each workload, REPEATS times, against a fresh mosquitto on loopback, and measures only the
generator process: CPU from /proc/PID/stat (utime+stime), RSS from /proc/PID/status, heap through jcmd (JVM tools)
or the tool's own report (Node). Connections are counted at the broker's port with `ss`; publishes at the broker
($SYS/broker/publish/messages/received, once a second). Writes bench/results/<date>.json and .md.
Run through bench/compare.sh, which installs the peers and builds fleetstorm first.
"""
import argparse
import datetime
import fcntl
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PORT, TLS_PORT, MTLS_PORT = 18830, 18833, 18834  # plain, server-authenticated TLS, mutual TLS


def launcher_jvm_defaults():
    """The JVM options ./fleetstorm starts fleetstorm with (JVM_DEFAULTS in the launcher), so the figures describe
    the tool as users run it; the vertx-mqtt baseline gets the same, so the difference between the two is code."""
    with open(os.path.join(ROOT, "fleetstorm")) as f:
        return re.search(r'^JVM_DEFAULTS="([^"]+)"$', f.read(), re.M).group(1).split()


JAVA_OPTS = ["-Xmx1g", *launcher_jvm_defaults()]  # the same for both JVM tools
START_DELAY_S = 4.0  # tools start connecting this long after launch, so the baseline sample sees no device
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

# Every tool runs the same workload: devices, connect rate, per-device publish rate, QoS, 64-byte payload to
# PRODUCT/DEVICE/event, publish time; idle workloads hold the devices connected for holdS after the last connect.
WORKLOADS = {
    "idle-5k": dict(devices=5000, connectRate=2500, ratePerDevice=0, qos=0, publishS=0, holdS=5, tls=False),
    "idle-15k": dict(devices=15000, connectRate=2500, ratePerDevice=0, qos=0, publishS=0, holdS=5, tls=False),
    # 250/s: below every tool's TLS ceiling here (JDK TLS costs the JVM tools several ms of CPU per handshake)
    "tls-5k": dict(devices=5000, connectRate=250, ratePerDevice=0, qos=0, publishS=0, holdS=3, tls=True),
    # mutual TLS: every device presents its own certificate (issued for the run, one key pair per device)
    "mtls-5k": dict(devices=5000, connectRate=250, ratePerDevice=0, qos=0, publishS=0, holdS=3, tls=True, mtls=True),
    "qos0-20k": dict(devices=100, connectRate=1000, ratePerDevice=200, qos=0, publishS=20, holdS=1, tls=False),
    # close to the broker's ceiling (mosquitto: about 110k QoS 0 msg/s on one core here): what batching can do
    "qos0-80k": dict(devices=10, connectRate=1000, ratePerDevice=8000, qos=0, publishS=20, holdS=1, tls=False),
    "qos1-10k": dict(devices=100, connectRate=1000, ratePerDevice=100, qos=1, publishS=20, holdS=2, tls=False),
    "fleet-10k": dict(devices=10000, connectRate=2500, ratePerDevice=1, qos=1, publishS=20, holdS=2, tls=False),
    # issue 19 item 5: QoS 0 at a rate every tool sustains (between qos0-20k and the broker-bound qos0-80k), and the
    # fleet-realistic case without acknowledgements, so CPU per message compares like with like at the same rate
    "qos0-50k": dict(devices=100, connectRate=1000, ratePerDevice=500, qos=0, publishS=20, holdS=1, tls=False),
    "fleet-10k-qos0": dict(devices=10000, connectRate=2500, ratePerDevice=1, qos=0, publishS=20, holdS=2,
                           tls=False),
}
TOOLS = ["fleetstorm", "vertx-mqtt", "mqttjs", "tsung"]
# Linux tries even ephemeral ports first (about 14,000 of 32768-60999); past them each connect() scans the used ones
# (+0.1 ms CPU per connect at 15,000 from one address, growing). Every tool gets one source address per 10,000
# devices (fleetstorm picks the same by itself for a loopback target), so the figures describe the tools, not that.
PER_SOURCE = 10000


def port_of(w):
    return MTLS_PORT if w.get("mtls") else TLS_PORT if w["tls"] else PORT


def sources(w):
    return [f"127.0.0.{i + 1}" for i in range(-(-w["devices"] // PER_SOURCE))]

BASE_JAR = None
BASE_JAVA_OPTS = []  # extra JVM options for fleetstorm-base: --base-java-opts (an A/B of JVM flags on one jar)
WARMUP_S = 4  # publish seconds left out of the CPU window (JIT compilation, catch-up): --warmup-s


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def bench_lock():
    """One benchmark at a time on this machine (compare.py, startup.py): they share the broker's fixed ports, and
    their CPU figures mean little while another one runs. Waits for the other to finish; returns the held lock."""
    f = open("/tmp/fleetstorm-bench.lock", "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log("another fleetstorm benchmark runs on this machine (/tmp/fleetstorm-bench.lock): waiting for it")
        fcntl.flock(f, fcntl.LOCK_EX)
    return f


def jit_seconds(pid):
    """CPU of the JVM's JIT compiler threads (a one-off per process, however large the fleet)."""
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{t}/comm") as f:
                if not re.match(r"C\d CompilerThre", f.read()):
                    continue
            with open(f"/proc/{pid}/task/{t}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / TICKS


def client_time_wait():
    """Connections to the broker's ports still in TIME_WAIT on the client side: each holds an ephemeral port that
    the next run's connect() would have to search past."""
    ports = " or ".join(f"dport = :{p}" for p in (PORT, TLS_PORT, MTLS_PORT))
    out = subprocess.run(["ss", "-Htn", "state", "time-wait", f"( {ports} )"], capture_output=True, text=True).stdout
    return out.count("\n")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_bytes(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def established(port):
    """Established connections at the broker's port, less the $SYS reader's on the plain port."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True).stdout
    return out.count("\n") - (1 if port == PORT else 0)


def jvm_heap(pid):
    """Heap in use after a full GC, through jcmd (the same for both JVM tools)."""
    subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=30)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    return sum(int(k) * 1024 for k in re.findall(r"(?:generation|heap)\s+total \d+K, used (\d+)K", out))


class Broker:
    """A fresh mosquitto on loopback (plain and TLS listeners) plus a $SYS reader for the publish counter."""

    def __init__(self, workdir, certs):
        conf = os.path.join(workdir, "mosquitto.conf")
        with open(conf, "w") as f:
            f.write(f"per_listener_settings false\nallow_anonymous true\nmax_connections -1\nsys_interval 1\n"
                    f"persistence false\nlog_type error\nlistener {PORT} 127.0.0.1\nlistener {TLS_PORT} 127.0.0.1\n"
                    f"cafile {certs}/ca.pem\ncertfile {certs}/server.pem\nkeyfile {certs}/server.key\n"
                    f"listener {MTLS_PORT} 127.0.0.1\ncafile {certs}/devices/ca.pem\ncertfile {certs}/server.pem\n"
                    f"keyfile {certs}/server.key\nrequire_certificate true\n")
        for port in (PORT, TLS_PORT, MTLS_PORT):  # a broker of someone else's would take our tools' connections
            if established_listen(port):
                raise RuntimeError(f"port {port} is already taken by another process: not our broker")
        self.proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(workdir, "mosquitto.log"), "w"))
        self.workdir = workdir
        self.samples = []  # (monotonic time, publishes received, generator cpu s, generator rss) per $SYS tick
        self.pid = None
        for _ in range(50):
            if established_listen(PORT):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("mosquitto did not start; see " + workdir + "/mosquitto.log")
        self.sub = subprocess.Popen(["mosquitto_sub", "-p", str(PORT), "-h", "127.0.0.1", "-t",
                                     "$SYS/broker/publish/messages/received"], stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.sub.stdout:
            try:
                n = int(line.strip())
            except ValueError:
                continue
            cpu = rss = None
            if self.pid:
                try:
                    cpu, rss = cpu_seconds(self.pid), rss_bytes(self.pid)
                except (FileNotFoundError, ProcessLookupError):
                    pass
            self.samples.append((time.monotonic(), n, cpu, rss))

    def stop(self):
        for p in (self.sub, self.proc):
            p.terminate()
        for p in (self.sub, self.proc):
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def established_listen(port):
    out = subprocess.run(["ss", "-Hltn", f"( sport = :{port} )"], capture_output=True, text=True).stdout
    return bool(out.strip())


def make_certs(d):
    """An EC P-256 CA and a server certificate for 127.0.0.1 / localhost (cheap handshakes for the broker)."""
    sh = f"""set -e; cd {d}
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -days 2 -subj /CN=bench-ca -out ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out server.key
openssl req -new -key server.key -subj /CN=localhost -out server.csr
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf -out server.pem
chmod 644 *.key"""
    subprocess.run(["bash", "-c", sh], check=True, capture_output=True)


def bench_classpath():
    with open(os.path.join(ROOT, "target", "bench.cp")) as f:
        return f"{ROOT}/target/test-classes:{ROOT}/target/classes:{f.read().strip()}"


def device_certs(d, count):
    """The device CA the broker's mutual-TLS listener trusts, and a key pair + certificate per device (fleetstorm's
    CertificateAuthority through src/test/java/io/fleetstorm/bench/DeviceCertificates.java)."""
    subprocess.run(["java", "-cp", bench_classpath(), "io.fleetstorm.bench.DeviceCertificates", d, "BENCH00001",
                    str(count)], check=True, capture_output=True, timeout=600)
    for name in os.listdir(d):
        os.chmod(os.path.join(d, name), 0o644)  # mosquitto drops root
    os.chmod(d, 0o755)


def class_data_archive(jar):
    """The launcher's -XX:SharedArchiveFile for this jar when its archive's stamp matches (./fleetstorm does the same
    check): start-up only, outside every measured window, but the process is then the one users start."""
    archive = os.path.join(os.path.dirname(jar), "fleetstorm.jsa")
    try:
        with open(archive + ".stamp") as f:
            stamp = f.read()
    except OSError:
        return []
    java = os.path.realpath(subprocess.run(["bash", "-c", "command -v java"], capture_output=True,
                                           text=True).stdout.strip())
    libjvm = java[:-len("/bin/java")] + "/lib/server/libjvm.so"
    now = subprocess.run(["stat", "-L", "-c", "%n %s %Y", os.path.realpath(jar), libjvm], capture_output=True,
                         text=True).stdout.replace("\n", " ")
    return [f"-XX:SharedArchiveFile={archive}"] if now == stamp else []


def fleetstorm_cmd(w, work, certs, jar, extra_opts=()):
    port = port_of(w)
    connect_s = w["devices"] / w["connectRate"] + 2
    phases = [f"  - {{name: wait, duration: {START_DELAY_S}s, g: {{idle: {{}}}}}}",
              f"  - {{name: connect, duration: {connect_s}s, g: {{connect: {{rate: {w['connectRate']}/s}}}}}}"]
    if w["ratePerDevice"] > 0:
        phases.append(f"  - {{name: publish, duration: {w['publishS']}s, g: {{telemetry: {{rate: {w['ratePerDevice']}"
                      f"/s per device, qos: {w['qos']}, topic: event, size: 64B}}}}}}")
    phases.append("  - {name: hold, duration: 120s, g: {idle: {}}}")
    tls = f"tls: true, ca: {certs}/ca.pem" if w["tls"] else "tls: false"
    if len(sources(w)) > 1:
        tls += ", sourceAddresses: [" + ", ".join(sources(w)) + "]"
    creds = (f"auth: certificate, credentials: {{certDir: {certs}/devices}}" if w.get("mtls")
             else "credentials: {productSecret: bench-secret}")
    if w["tls"] and not w.get("mtls"):
        # the c-sdk default speaks TLS-PSK over TLS, which mosquitto's certificate listener refuses (no shared
        # cipher): the Java SDK's certificate TLS with the HMAC password, as every peer does, keepalive as theirs
        creds += ", sdk: java-sdk, keepAlive: 240"
    yaml = (f"name: bench\ntarget: {{host: 127.0.0.1, port: {port}, {tls}}}\ngroups:\n"
            f"  - {{name: g, productId: BENCH00001, count: {w['devices']}, namePattern: 'dev-{{index:05}}',"
            f" {creds}}}\nphases:\n" + "\n".join(phases) +
            "\nacceptSaturation: true\n")
    path = os.path.join(work, "fleetstorm.yaml")
    with open(path, "w") as f:
        f.write(yaml)
    extra = os.environ.get("FLEETSTORM_BENCH_JAVA_OPTS", "").split()  # e.g. a young-generation experiment
    return ["java", *JAVA_OPTS, *class_data_archive(jar), *extra, *extra_opts, "-jar", jar, "run", path,
            "--metrics-port", "-1", "--output", os.path.join(work, "fleetstorm-out")]


def peer_cfg(w, certs):
    return json.dumps(dict(host="127.0.0.1", port=port_of(w), tls=w["tls"],
                           ca=f"{certs}/ca.pem", devices=w["devices"], connectRate=w["connectRate"],
                           startDelayS=START_DELAY_S, ratePerDevice=w["ratePerDevice"], qos=w["qos"],
                           payloadBytes=64, publishS=w["publishS"], holdS=600, sources=sources(w),
                           clientCertDir=f"{certs}/devices" if w.get("mtls") else None))


def tsung_cmd(w, work, certs):
    n, rate = w["devices"], w["connectRate"]
    port = port_of(w)
    if w["ratePerDevice"] > 0:
        loops = int(w["ratePerDevice"] * w["publishS"])
        body = (f'<for from="1" to="{loops}" incr="1" var="i"><request>'
                f'<mqtt type="publish" topic="BENCH00001/dev/event"'
                f' qos="{w["qos"]}" retained="false">{"a" * 64}</mqtt></request>'
                f'<thinktime value="{1.0 / w["ratePerDevice"]:.4f}" random="false"/></for>')
    else:
        body = '<thinktime value="600" random="false"/>'
    ips = "".join(f'<ip value="{a}"/>' for a in sources(w))
    xml = f"""<?xml version="1.0"?>
<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
<tsung loglevel="error" version="1.0" dumptraffic="false">
  <clients><client host="localhost" use_controller_vm="true" maxusers="{n + 10}">{ips}</client></clients>
  <servers><server host="127.0.0.1" port="{port}" type="{'ssl' if w['tls'] else 'tcp'}"/></servers>
  <load>
    <arrivalphase phase="1" duration="{int(n / rate * 1500) + 2000}" unit="millisecond">
      <users maxnumber="{n}" arrivalrate="{rate}" unit="second"/></arrivalphase>
  </load>
  <options><option name="ssl_ciphers" value="ECDHE-ECDSA-AES128-GCM-SHA256"/></options>
  <sessions><session name="s" probability="100" type="ts_mqtt">
    <request><mqtt type="connect" clean_start="true" keepalive="240"/></request>
    {body}
  </session></sessions>
</tsung>
"""
    path = os.path.join(work, "tsung.xml")
    with open(path, "w") as f:
        f.write(xml)
    return ["tsung", "-n", "-i", os.path.basename(work).replace("-", ""), "-w", str(int(START_DELAY_S)),
            "-f", path, "-l", os.path.join(work, "tsung-log"), "start"]


def command(tool, w, work, certs):
    if tool == "fleetstorm":
        return fleetstorm_cmd(w, work, certs, os.path.join(ROOT, "target", "fleetstorm.jar"))
    if tool == "fleetstorm-base":  # another build, e.g. before a fix, alternated with this one: --base-jar
        return fleetstorm_cmd(w, work, certs, BASE_JAR or os.path.join(ROOT, "target", "fleetstorm.jar"),
                              BASE_JAVA_OPTS)
    if tool == "vertx-mqtt":
        return ["java", *JAVA_OPTS, "-cp", bench_classpath(), "io.fleetstorm.bench.VertxMqttBaseline",
                peer_cfg(w, certs)]
    if tool == "mqttjs":
        return ["node", "--expose-gc", os.path.join(BENCH, "peers", "mqttjs", "load.js"), peer_cfg(w, certs)]
    return tsung_cmd(w, work, certs)


def generator_pid(tool, proc, work):
    """The process that generates the load: the launched one, or Tsung's Erlang VM (beam.smp) under it."""
    if tool != "tsung":
        return proc.pid
    for _ in range(100):
        for p in os.listdir("/proc"):
            if p.isdigit():
                try:
                    with open(f"/proc/{p}/cmdline", "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if b"beam" in cmd and work.encode() in cmd:
                    return int(p)
        time.sleep(0.1)
    raise RuntimeError("tsung's beam.smp not found")


def run_once(tool, name, w, work, certs):
    """One bounded run of one tool on one workload; returns its figures."""
    deadline = time.monotonic() + 75
    while client_time_wait() > 500 and time.monotonic() < deadline:  # an earlier run's ports, see stop below
        time.sleep(1)
    tw = client_time_wait()
    broker = Broker(work, certs)
    port = port_of(w)
    out = open(os.path.join(work, f"{tool}.out"), "w")
    try:  # a tool that cannot start (not installed) must not leave the broker holding the port for the next runs
        proc = subprocess.Popen(command(tool, w, work, certs), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, cwd=work)
    except BaseException:
        broker.stop()
        out.close()
        raise
    res = {"tool": tool, "workload": name, "loadavg": os.getloadavg()[0], "timeWaitAtStart": tw}
    try:
        pid = generator_pid(tool, proc, work)
        broker.pid = pid
        jvm = tool in ("fleetstorm", "fleetstorm-base", "vertx-mqtt")
        time.sleep(START_DELAY_S / 2)
        heap0 = jvm_heap(pid) if jvm else None
        if jvm:
            res["heapBaselineKB"] = heap0 / 1024
        deadline = time.monotonic() + START_DELAY_S + 10
        jit = jit_seconds if jvm else (lambda _: 0.0)
        base = (time.monotonic(), cpu_seconds(pid), rss_bytes(pid), jit(pid))
        while established(port) == 0 and time.monotonic() < deadline:  # the last sample before the first connect
            base = (time.monotonic(), cpu_seconds(pid), rss_bytes(pid), jit(pid))
            time.sleep(0.1)
        first = time.monotonic()
        deadline = first + w["devices"] / w["connectRate"] * 3 + 20
        n = 0
        while time.monotonic() < deadline:
            n = established(port)
            if n >= w["devices"]:
                break
            time.sleep(0.1)
        done = (time.monotonic(), cpu_seconds(pid), jit(pid))
        res["connected"] = n
        if n <= 0:
            raise RuntimeError("no device connected")  # per-device figures would be meaningless
        res["connectsPerS"] = n / max(done[0] - first, 0.1)
        res["cpuMsPerConnect"] = (done[1] - base[1]) * 1000 / max(n, 1)
        if jvm:
            res["jitMsPerConnect"] = (done[2] - base[3]) * 1000 / max(n, 1)
        if w["ratePerDevice"] > 0:
            publish_figures(res, w, broker, pid)
        else:
            time.sleep(w["holdS"])
            heap1 = jvm_heap(pid) if jvm else None
            res["connectedAfterHold"] = established(port)
            res["rssKBPerDevice"] = (rss_bytes(pid) - base[2]) / 1024 / max(n, 1)
            if jvm:
                res["heapKBPerDevice"] = (heap1 - heap0) / 1024 / max(n, 1)
    finally:
        # The broker goes first, so the connections' TIME_WAIT lands on its side (port 18830) and not on the
        # ephemeral ports the next run needs; every tool reports on SIGTERM what it measured before.
        broker.stop()
        time.sleep(0.5)
        if tool == "tsung" and broker.pid:  # the Erlang VM may outlive the tsung script
            try:
                os.kill(broker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.close()
    tool_report(res, tool, work, w)
    return res


def publish_figures(res, w, broker, pid):
    """CPU per million and the achieved rate, over the steady part of the publish phase (broker ticks)."""
    total = w["ratePerDevice"] * w["devices"]
    start = time.monotonic()
    while time.monotonic() < start + 20:  # the publish phase begins when the broker's counter moves
        s = broker.samples
        if len(s) >= 2 and s[-1][1] > s[-2][1]:
            break
        time.sleep(0.2)
    t_pub = time.monotonic()
    time.sleep(max(0.0, w["publishS"] - 1))
    end = t_pub + w["publishS"] - 1
    window = [x for x in broker.samples if t_pub + WARMUP_S <= x[0] <= end and x[2] is not None]
    if len(window) < 2:
        res["error"] = "no publish window"
        return
    with open(os.path.join(broker.workdir, "broker-samples.json"), "w") as f:
        json.dump({"publishStart": t_pub, "samples": broker.samples}, f)
    a, b = window[0], window[-1]
    msgs = b[1] - a[1]
    res["windowS"] = b[0] - a[0]
    res["achievedPerS"] = msgs / (b[0] - a[0])
    res["rateAccuracyPct"] = 100 * res["achievedPerS"] / total
    res["cpuSPerMillion"] = (b[2] - a[2]) / max(msgs, 1) * 1e6
    res["cpuCores"] = (b[2] - a[2]) / (b[0] - a[0])
    time.sleep(w["holdS"] + 1)
    # Every publish the broker received during the run against the plan (rate x publish time): a tool that falls
    # behind and never catches up shows here even when its steady window looks right.
    res["deliveredPct"] = 100 * (broker.samples[-1][1] - broker.samples[0][1]) / (total * w["publishS"])


def tool_report(res, tool, work, w):
    """Sent count and latency as each tool reports them."""
    if tool.startswith("fleetstorm"):
        try:
            with open(os.path.join(work, "fleetstorm-out", "summary.json")) as f:
                summary = json.load(f)
            ops = {op["operation"]: op for op in summary["run"]["operations"]}
            sent = [c["value"] for c in summary["run"]["counters"] if c["counter"] == "messages-sent"]
            if sent:
                res["sent"] = sum(sent)
            ack = ops.get("publish-ack")
            if ack:
                res["latencyP50Ms"] = ack["corrected"]["p50"] * 1000
                res["latencyP99Ms"] = ack["corrected"]["p99"] * 1000
        except (OSError, ValueError, KeyError, TypeError) as e:
            res["reportNote"] = f"no summary.json: {e}"
    elif tool in ("vertx-mqtt", "mqttjs"):
        with open(os.path.join(work, f"{tool}.out")) as f:
            lines = [ln for ln in f if ln.startswith("{")]
        if lines:
            r = json.loads(lines[-1])
            for k in ("latencyP50Ms", "latencyP99Ms", "sent"):
                if r.get(k) is not None:
                    res[k] = r[k]
            if tool == "mqttjs" and w["ratePerDevice"] == 0 and r.get("heapBytesAfter"):
                res["heapKBPerDevice"] = (r["heapBytesAfter"] - r["heapBytesBefore"]) / 1024 / max(res["connected"], 1)


def summarise(runs):
    rows = {}
    for r in runs:
        rows.setdefault((r["workload"], r["tool"]), []).append(r)
    table = []
    for (wl, tool), rs in rows.items():
        row = {"workload": wl, "tool": tool, "repeats": len(rs)}
        for k in sorted({k for r in rs for k, v in r.items() if isinstance(v, (int, float))}):
            vals = [r[k] for r in rs if isinstance(r.get(k), (int, float))]
            row[k] = {"median": statistics.median(vals), "min": min(vals), "max": max(vals)}
        table.append(row)
    return table


def fmt(row, k, digits):
    v = row.get(k)
    if not v:
        return "-"
    return f"{v['median']:.{digits}f} ({v['min']:.{digits}f}-{v['max']:.{digits}f})"


def markdown(table, facts):
    lines = [f"Measured {facts['date']} on {facts['cores']} cores, {facts['memGiB']} GiB, open files "
             f"{facts['openFiles']}, {facts['java']}, {facts['node']}, {facts['tsung']}, {facts['mosquitto']}; "
             f"load average {facts['loadBefore']} before, runs' load averages in the JSON. Median (min-max) of "
             f"{facts['repeats']} runs, generator process only.", ""]
    idle = [r for r in table if r["workload"].startswith(("idle", "tls", "mtls"))]
    pub = [r for r in table if not r["workload"].startswith(("idle", "tls", "mtls"))]
    lines += ["| workload | tool | connected | connects/s | CPU ms/connect | of which JIT | RSS KB/device |"
              " heap KB/device |", "|---|---|---|---|---|---|---|---|"]
    for r in idle:
        lines.append(f"| {r['workload']} | {r['tool']} | {fmt(r, 'connected', 0)} | {fmt(r, 'connectsPerS', 0)} | "
                     f"{fmt(r, 'cpuMsPerConnect', 3)} | {fmt(r, 'jitMsPerConnect', 3)} |"
                     f" {fmt(r, 'rssKBPerDevice', 2)} |"
                     f" {fmt(r, 'heapKBPerDevice', 2)} |")
    lines += ["", "| workload | tool | achieved msg/s | rate % of configured | CPU s per million | generator cores |"
              " latency p50 / p99 ms (tool's own) |", "|---|---|---|---|---|---|---|"]
    for r in pub:
        lat = "-"
        if r.get("latencyP50Ms"):
            lat = f"{r['latencyP50Ms']['median']:.2f} / {r['latencyP99Ms']['median']:.2f}"
        lines.append(f"| {r['workload']} | {r['tool']} | {fmt(r, 'achievedPerS', 0)} | {fmt(r, 'rateAccuracyPct', 1)} |"
                     f" {fmt(r, 'cpuSPerMillion', 2)} | {fmt(r, 'cpuCores', 2)} | {lat} |")
    for tool in sorted({r["tool"] for r in table}):
        by = {r["workload"]: r for r in table if r["tool"] == tool}
        m, i = by.get("mtls-5k", {}), by.get("idle-5k", {})
        if m.get("heapBaselineKB") and m.get("heapKBPerDevice") and i.get("heapBaselineKB"):
            # heap after the hold less the heap of the same JVM at launch without any device material (idle-5k's
            # baseline): counts the certificates and keys whenever the tool loads them
            after = m["heapBaselineKB"]["median"] + m["heapKBPerDevice"]["median"] * m["connected"]["median"]
            whole = (after - i["heapBaselineKB"]["median"]) / m["connected"]["median"]
            lines.append(f"\n{tool}, mtls-5k: {whole:.2f} KB of heap per device with its certificate and key "
                         f"(heap after the hold less idle-5k's heap at launch, per connected device).")
    return "\n".join(lines) + "\n"


def facts(repeats):
    def ver(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip() or \
                subprocess.run(cmd, capture_output=True, text=True, timeout=20).stderr.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "absent"
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
            "cores": os.cpu_count(), "memGiB": round(mem, 1),
            "openFiles": subprocess.run(["bash", "-c", "ulimit -n"], capture_output=True, text=True).stdout.strip(),
            "java": java, "node": "node " + ver(["node", "--version"]),
            "tsung": ver(["tsung", "-v"]).splitlines()[0] if ver(["tsung", "-v"]) else "tsung absent",
            "mosquitto": ver(["bash", "-c", "mosquitto -h | head -1"]), "javaOpts": " ".join(JAVA_OPTS),
            "loadBefore": round(os.getloadavg()[0], 2), "repeats": repeats}


def write(out, f, runs):
    stamp = f["date"].replace(":", "")
    f["warmupS"] = WARMUP_S
    result = {"machine": f, "workloads": WORKLOADS, "runs": runs, "table": summarise(runs)}
    with open(os.path.join(out, f"{stamp}.json"), "w") as fh:
        json.dump(result, fh, indent=1)
    md = markdown(result["table"], f)
    with open(os.path.join(out, f"{stamp}.md"), "w") as fh:
        fh.write(md)
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--base-jar", help="another fleetstorm jar, run as tool fleetstorm-base (before/after a fix)")
    ap.add_argument("--base-java-opts", default="",
                    help="extra JVM options for fleetstorm-base (with no --base-jar: this build, an A/B of JVM flags)")
    ap.add_argument("--publish-s", type=float, help="publish time of the publishing workloads (default 20)")
    ap.add_argument("--warmup-s", type=float, default=4, help="publish seconds before the CPU window (default 4)")
    args = ap.parse_args()
    global BASE_JAR, WARMUP_S, BASE_JAVA_OPTS
    BASE_JAR = args.base_jar
    BASE_JAVA_OPTS = args.base_java_opts.split()
    WARMUP_S = args.warmup_s
    if args.publish_s:
        for w in WORKLOADS.values():
            if w["ratePerDevice"] > 0:
                w["publishS"] = args.publish_s
    os.makedirs(args.out, exist_ok=True)
    lock = bench_lock()  # noqa: F841 (held until the process exits)
    f = facts(args.repeats)
    base = tempfile.mkdtemp(prefix="fleetstorm-bench-")
    os.chmod(base, 0o755)  # mosquitto drops root and must read the certificates
    certs = os.path.join(base, "certs")
    os.makedirs(certs)
    make_certs(certs)
    mtls = [WORKLOADS[n]["devices"] for n in args.workloads.split(",") if WORKLOADS[n].get("mtls")]
    device_certs(os.path.join(certs, "devices"), max(mtls, default=0))
    runs = []
    for rep in range(args.repeats):
        for name in args.workloads.split(","):
            for tool in args.tools.split(","):  # alternate the tools on each workload
                work = os.path.join(base, f"{rep}-{name}-{tool}")
                os.makedirs(work)
                log(f"repeat {rep + 1}/{args.repeats} {name} {tool} (load {os.getloadavg()[0]:.2f})")
                try:
                    if tool == "tsung" and WORKLOADS[name]["tls"]:
                        raise RuntimeError("Tsung 1.7.0 crashes on a TLS alert here (bench/README.md): not run")
                    r = run_once(tool, name, WORKLOADS[name], work, certs)
                except Exception as e:  # one failed run must not lose the others
                    r = {"tool": tool, "workload": name, "error": repr(e)}
                r["repeat"] = rep + 1
                log("  ", json.dumps(r))
                runs.append(r)
                md = write(args.out, f, runs)  # after every run: a cut-short benchmark keeps what it measured
    print(md)
    log(f"results: {args.out}/{f['date'].replace(':', '')}.json and .md; run files in {base}")


if __name__ == "__main__":
    main()
