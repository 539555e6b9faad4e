// MQTT.js peer for bench/compare.py: N devices connect at a fixed rate, then publish at a fixed total rate for a
// fixed time (or stay idle), then print one JSON line. Same workload as the other tools (bench/README.md).
// Usage: node [--expose-gc] load.js '{"host":..,"port":..,"tls":false,"ca":null,"devices":N,"connectRate":R,
//   "startDelayS":S,"ratePerDevice":M,"qos":Q,"payloadBytes":B,"publishS":T,"holdS":H}'
'use strict';
const mqtt = require('mqtt');
const crypto = require('crypto');
const fs = require('fs');
const tls = require('tls');

const cfg = JSON.parse(process.argv[2]);
const product = 'BENCH00001';
const key = Buffer.from('bench-device-psk');
const payload = Buffer.alloc(cfg.payloadBytes, 0x61);
// One TLS context for the fleet, as a careful MQTT.js user would write it (a CA per connect costs milliseconds).
const caPem = cfg.tls ? fs.readFileSync(cfg.ca) : null;
const secureContext = cfg.tls ? tls.createSecureContext({ ca: caPem }) : null;
const clients = [];
let connected = 0;
let failed = 0;
let sent = 0;
let acked = 0;
const lat = []; // QoS 1: PUBACK latency from the intended send time, ms

function heap() {
  if (global.gc) global.gc();
  return process.memoryUsage().heapUsed;
}

function connectOne(i) {
  const name = 'dev-' + String(i).padStart(5, '0');
  // Tencent IoT Hub key authentication: the same signing work fleetstorm does per connect.
  const username = `${product}${name};21010406;${crypto.randomBytes(3).toString('hex')};92233720368547758`;
  const password = crypto.createHmac('sha256', key).update(username).digest('hex') + ';hmacsha256';
  const opts = {
    protocol: cfg.tls ? 'mqtts' : 'mqtt', host: cfg.host, port: cfg.port, clientId: product + name,
    username, password, keepalive: 240, clean: true, reconnectPeriod: 0, protocolVersion: 4,
  };
  // the workload's source addresses, round robin (net.connect's localAddress), as every tool gets them
  if (cfg.sources && cfg.sources.length) opts.localAddress = cfg.sources[i % cfg.sources.length];
  if (cfg.tls && cfg.clientCertDir) {
    // mutual TLS: the device's own key and certificate, so a context of its own (how MQTT.js users write it)
    opts.ca = caPem;
    opts.key = fs.readFileSync(`${cfg.clientCertDir}/${name}.key`);
    opts.cert = fs.readFileSync(`${cfg.clientCertDir}/${name}.pem`);
    opts.rejectUnauthorized = true;
    opts.servername = 'localhost';
  } else if (cfg.tls) {
    opts.secureContext = secureContext;
    opts.rejectUnauthorized = true;
    opts.servername = 'localhost';
  }
  const c = mqtt.connect(opts);
  c.on('connect', () => { connected++; });
  c.on('error', () => { failed++; });
  c.topic = `${product}/${name}/event`;
  clients.push(c);
}

function ramp(done) {
  const start = Date.now();
  let n = 0;
  const t = setInterval(() => {
    const due = Math.min(cfg.devices, Math.floor((Date.now() - start) / 1000 * cfg.connectRate) + 1);
    while (n < due) connectOne(n++);
    if (n >= cfg.devices) { clearInterval(t); done(); }
  }, 2);
}

function publish(done) {
  const total = cfg.ratePerDevice * cfg.devices;
  const start = Date.now();
  const end = start + cfg.publishS * 1000;
  let k = 0;
  const t = setInterval(() => {
    const now = Date.now();
    const due = Math.floor(Math.min(now, end) - start) / 1000 * total;
    while (sent < due) {
      const intended = start + sent * 1000 / total;
      const c = clients[k++ % clients.length];
      sent++;
      if (cfg.qos === 1) {
        c.publish(c.topic, payload, { qos: 1 }, (err) => { if (!err) { acked++; lat.push(Date.now() - intended); } });
      } else {
        c.publish(c.topic, payload, { qos: 0 });
      }
    }
    if (now >= end) { clearInterval(t); done(); }
  }, 1);
}

function pct(a, p) {
  if (a.length === 0) return null;
  a.sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.floor(a.length * p))];
}

// The harness ends a run with SIGTERM once it has its figures: report what was sent and acknowledged so far.
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ tool: 'mqttjs', connected, failed, sent, acked,
    latencyP50Ms: pct(lat, 0.5), latencyP99Ms: pct(lat, 0.99) }));
  process.exit(0);
});

setTimeout(() => {
  const heapBefore = heap();
  ramp(() => {
    const waitConnected = setInterval(() => {
      if (connected + failed < cfg.devices) return;
      clearInterval(waitConnected);
      const finish = () => setTimeout(() => {
        const heapAfter = heap();
        console.log(JSON.stringify({ tool: 'mqttjs', connected, failed, sent, acked,
          latencyP50Ms: pct(lat, 0.5), latencyP99Ms: pct(lat, 0.99), heapBytesBefore: heapBefore,
          heapBytesAfter: heapAfter }));
        clients.forEach((c) => c.end(true));
        process.exit(0);
      }, cfg.holdS * 1000);
      if (cfg.ratePerDevice > 0) publish(finish); else finish();
    }, 5);
  });
}, cfg.startDelayS * 1000);
