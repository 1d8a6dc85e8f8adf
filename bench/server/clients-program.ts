/**
 * The client side of bench/server, in its own process (main.ts pins it to the emulator's
 * core, away from the server). Three modes, each prints one JSON line:
 *
 * - `fanout --clients N`: N live WebSocket clients subscribe to the set (time to every
 *   snapshot, and what the server spent on them), then one window during which a
 *   channel_stop fault moves to another channel every --fault-every-ms (the previous one
 *   is cleared). Recorded: the server's CPU over the window (its control snapshots), bytes
 *   and messages per client, delay from each delta's `generatedAt` (the server's push
 *   tick) to its arrival, from each injection/clearing to the delta that shows it,
 *   heartbeat intervals and sequence gaps. N = 0 runs the same window without clients:
 *   the baseline the fan-out is measured against.
 * - `rest`: GET /api/v1/status?set=NAME latency and size, sequential and concurrent.
 * - `slow`: one client stops reading for --pause-ms while normal clients go on, twice:
 *   (a) while a fault on every channel flaps each second (big deltas), (b) while it sends a
 *   subscribe every --resubscribe-ms. Server memory (after GC) and the kernel's socket
 *   queues are sampled every second; what the client receives once it reads again is
 *   checked (fresh snapshot? sequence?).
 *
 *   node bench/.build/js/bench/server/clients-program.js --mode fanout|rest|slow
 *     --server URL --control URL --emulator URL --set NAME [options, see parseArgs below]
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { emulatorWindow, fetchEmulatorSnapshot, type EmulatorWindow } from "../lib/emulator-process.js";
import { distribution, type Distribution } from "../lib/stats.js";
import { PULSE_PERIOD_MS, pulseIdAt } from "../../src/simulator/pulse-clock.js";
import { serverSnapshot, serverWindow, startServerProfile, stopServerProfile, type MemoryFigures, type ServerWindow } from "./control.js";
import { clearAllFaults, clearFault, injectFault, type FaultBody } from "./faults.js";
import { LiveClient, wallNow, type Arrival, type SeqProblem } from "./live-client.js";

const { values: cli } = parseArgs({
  options: {
    mode: { type: "string" },
    server: { type: "string" },
    control: { type: "string" },
    emulator: { type: "string" },
    set: { type: "string" },
    // fanout
    clients: { type: "string", default: "50" },
    "duration-ms": { type: "string", default: "24000" },
    "fault-every-ms": { type: "string", default: "2000" },
    faults: { type: "string", default: "" },
    "settle-ms": { type: "string", default: "2000" },
    profile: { type: "string" },
    /** Write the largest delta the first client got here (for looking at what it carried). */
    "dump-largest": { type: "string" },
    /** Instead of channel faults: stall the whole stream this long at the window's start. */
    "stall-ms": { type: "string", default: "0" },
    /** The emulator program's control URL (lib/emulator-program.ts): its CPU and ticker over the window. */
    "emulator-control": { type: "string" },
    /** A 100 Hz channel no fault touches: its last value's pulse id against the pulse clock gives the server's ingest lag. */
    "ref-channel": { type: "string" },
    // rest
    requests: { type: "string", default: "200" },
    concurrency: { type: "string", default: "10" },
    // slow
    normal: { type: "string", default: "5" },
    "pause-ms": { type: "string", default: "10000" },
    "after-ms": { type: "string", default: "8000" },
    "burst-fault": { type: "string", default: '{"kind":"empty_values","backend":"sf-databuffer","params":{"fraction":1}}' },
    "resubscribe-ms": { type: "string", default: "500" },
  },
});
for (const key of ["mode", "server", "control", "emulator", "set"] as const) if (!cli[key]) throw new Error(`--${key} is required`);
const server = cli.server!;
const control = cli.control!;
const emulator = cli.emulator!;
const setName = cli.set!;
const liveUrl = `${server.replace(/^http/, "ws")}/api/v1/live`;

// ---- fan-out ----

export interface FaultTiming {
  channel: string;
  injectedAt: number;
  clearedAt: number | undefined;
  /** When GET /status/{channel}, polled every 100 ms from the injection, first said error. */
  restErrorAt: number | undefined;
  /** Polls made, and the status and HTTP code of the last. */
  restPolls: number;
  restLast: string;
}

/** Polls GET /status/{channel} every 100 ms until it says error (or `untilMs` passes). */
async function pollUntilError(timing: FaultTiming, untilMs: number): Promise<void> {
  const url = `${server}/api/v1/status/${encodeURIComponent(timing.channel)}`;
  while (wallNow() < untilMs) {
    const next = wallNow() + 100;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json()) as { status?: string; reasons?: Array<{ code: string }> };
    timing.restPolls++;
    timing.restLast = `${res.status} ${body.status} ${(body.reasons ?? []).map((r) => r.code).join(",")}`;
    if (body.status === "error") {
      timing.restErrorAt = wallNow();
      return;
    }
    await sleep(Math.max(0, next - wallNow()));
  }
}

export interface FanoutResult {
  clients: number;
  /** Subscribe of every client at once: until the last snapshot arrived. */
  subscribe: { msToLastSnapshot: number; snapshotMs: Distribution; snapshotBytes: number; serverCpuSeconds: number } | undefined;
  seconds: number;
  server: ServerWindow;
  /** Per client, over the window. */
  bytesPerSec: Distribution;
  messagesPerSec: Distribution;
  deltasPerClient: Distribution;
  heartbeatsPerClient: Distribution;
  /** Every delta of the window, as the first client saw them. */
  deltaBytes: Distribution;
  channelsPerDelta: Distribution;
  /** Arrival minus the delta's generatedAt, every delta of every client (ms). */
  pushToClientMs: Distribution;
  /** Fault injected (before its POST) -> first delta with the channel in error, per fault and client. */
  injectToErrorMs: Distribution;
  /** Fault cleared (before its DELETE) -> first delta with the channel no longer in error. */
  clearToRecoveryMs: Distribution;
  /** Every delta of the window as the first client saw it: [s since window start, channels, bytes, worst push->client ms over clients]. */
  deltaTimeline: Array<[number, number, number, number]>;
  /** Fault injected -> GET /status/{channel} says error (polled every 100 ms), per fault. */
  restDetectMs: Distribution;
  /** (fault, client) pairs where that delta never came. */
  missedErrors: number;
  missedRecoveries: number;
  heartbeatIntervalMs: Distribution;
  /** Heartbeat intervals over 1.5 s, all clients. */
  longHeartbeatIntervals: number;
  seqProblems: number;
  seqExamples: SeqProblem[];
  clientErrors: string[];
  faults: FaultTiming[];
  stallMs: number;
  /** The emulator over the window: did it keep 100 Hz (a disturbed window shows here)? */
  emulator: EmulatorWindow | undefined;
  /** How far the server's ingest ran behind the pulse clock (ref channel's last value, polled every 250 ms), ms. */
  ingestLagMs: Distribution;
  /** This (client) process's event-loop delay over the window, ms: a stalled client shows here. */
  clientLoopDelayMs: { p99: number; max: number };
  loadAverage: number[];
}

function inWindow(a: Arrival, from: number, to: number): boolean {
  return a.at >= from && a.at < to;
}

async function runFaultSchedule(channels: readonly string[], everyMs: number, durationMs: number, windowStart: number): Promise<FaultTiming[]> {
  const timings: FaultTiming[] = [];
  let current: { id: string; timing: FaultTiming } | undefined;
  const polls: Array<Promise<void>> = [];
  const count = Math.min(channels.length, Math.floor(durationMs / everyMs));
  for (let k = 0; k <= count; k++) {
    const due = windowStart + (k === count ? durationMs : k * everyMs);
    await sleep(Math.max(0, due - wallNow()));
    if (current) {
      current.timing.clearedAt = wallNow();
      await clearFault(emulator, current.id);
      current = undefined;
    }
    if (k === count) break;
    const timing: FaultTiming = { channel: channels[k]!, injectedAt: wallNow(), clearedAt: undefined, restErrorAt: undefined, restPolls: 0, restLast: "" };
    timings.push(timing);
    current = { id: await injectFault(emulator, { kind: "channel_stop", channel: channels[k]! }), timing };
    polls.push(pollUntilError(timing, timing.injectedAt + everyMs - 50));
  }
  await Promise.all(polls);
  return timings;
}

/** First delta at or after `from` carrying `channel` with a status that `matches`. */
function firstDelta(client: LiveClient, channel: string, from: number, matches: (status: string) => boolean): number | undefined {
  for (const a of client.arrivals) {
    if (a.type !== "delta" || a.at < from || !a.channels) continue;
    if (a.channels.some(([name, status]) => name === channel && matches(status))) return a.at;
  }
  return undefined;
}

async function fanout(): Promise<FanoutResult> {
  const n = Number(cli.clients);
  const durationMs = Number(cli["duration-ms"]);
  const faultChannels = cli.faults.split(",").filter((s) => s !== "");
  const clients = Array.from({ length: n }, () => new LiveClient(liveUrl, [setName]));
  if (clients[0] && cli["dump-largest"]) clients[0].keepLargest = true;
  let subscribe: FanoutResult["subscribe"];
  if (n > 0) {
    await Promise.all(clients.map((c) => c.opened));
    const before = await serverSnapshot(control);
    const snapshots = clients.map((c) => c.nextSnapshot(60_000));
    const subscribedAt = wallNow();
    for (const c of clients) c.subscribe();
    await Promise.all(snapshots);
    const lastAt = wallNow();
    const after = await serverSnapshot(control);
    const first = clients.map((c) => c.arrivals.find((a) => a.type === "snapshot")!);
    subscribe = {
      msToLastSnapshot: lastAt - subscribedAt,
      snapshotMs: distribution(first.map((a) => a.at - subscribedAt)),
      snapshotBytes: first[0]!.bytes,
      serverCpuSeconds: (after.cpu.userUs + after.cpu.systemUs - before.cpu.userUs - before.cpu.systemUs) / 1e6,
    };
  }
  await sleep(Number(cli["settle-ms"]));

  const stallMs = Number(cli["stall-ms"]);
  const emulatorControl = cli["emulator-control"];
  const loadAverage = [loadavg()[0]!];
  const emulatorBefore = emulatorControl ? await fetchEmulatorSnapshot(emulatorControl, true) : undefined;
  const before = await serverSnapshot(control);
  if (cli.profile) await startServerProfile(control);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const windowStart = wallNow();
  const lags: number[] = [];
  let lagging = true;
  const lagSampler = (async () => {
    if (!cli["ref-channel"]) return;
    const url = `${server}/api/v1/status/${encodeURIComponent(cli["ref-channel"])}`;
    while (lagging) {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { metrics?: { lastValuePulse?: number | null } };
      const pulse = body.metrics?.lastValuePulse;
      if (typeof pulse === "number") lags.push((pulseIdAt(wallNow()) - pulse) * PULSE_PERIOD_MS);
      await sleep(250);
    }
  })();
  let faults: FaultTiming[] = [];
  if (stallMs > 0) {
    const id = await injectFault(emulator, { kind: "stream_stall", backend: "sf-databuffer" });
    await sleep(stallMs);
    await clearFault(emulator, id);
  } else {
    faults = await runFaultSchedule(faultChannels, Number(cli["fault-every-ms"]), durationMs, windowStart);
  }
  await sleep(Math.max(0, windowStart + durationMs - wallNow()));
  const windowEnd = wallNow();
  lagging = false;
  await lagSampler;
  loopDelay.disable();
  if (cli.profile) await stopServerProfile(control, cli.profile);
  const after = await serverSnapshot(control);
  const emulatorAfter = emulatorControl ? await fetchEmulatorSnapshot(emulatorControl) : undefined;
  loadAverage.push(loadavg()[0]!);
  // Let the last clearing's recovery arrive before the clients close.
  if (n > 0) await sleep(1500);
  await Promise.all(clients.map((c) => c.close()));
  if (cli["dump-largest"] && clients[0]?.largestDelta) writeFileSync(cli["dump-largest"], clients[0].largestDelta);

  const seconds = (windowEnd - windowStart) / 1000;
  const perClient = clients.map((c) => c.arrivals.filter((a) => inWindow(a, windowStart, windowEnd)));
  const deltas = perClient.map((list) => list.filter((a) => a.type === "delta"));
  const pushDelays: number[] = [];
  for (const list of deltas) for (const a of list) pushDelays.push(a.at - a.generatedAt!);
  const injectToError: number[] = [];
  const clearToRecovery: number[] = [];
  let missedErrors = 0;
  let missedRecoveries = 0;
  for (const f of faults) {
    for (const c of clients) {
      const errorAt = firstDelta(c, f.channel, f.injectedAt, (s) => s === "error");
      if (errorAt === undefined) missedErrors++;
      else injectToError.push(errorAt - f.injectedAt);
      if (f.clearedAt === undefined) continue;
      const recoveredAt = firstDelta(c, f.channel, f.clearedAt, (s) => s !== "error");
      if (recoveredAt === undefined) missedRecoveries++;
      else clearToRecovery.push(recoveredAt - f.clearedAt);
    }
  }
  const heartbeatIntervals: number[] = [];
  for (const list of perClient) {
    const beats = list.filter((a) => a.type === "heartbeat");
    for (let i = 1; i < beats.length; i++) heartbeatIntervals.push(beats[i]!.at - beats[i - 1]!.at);
  }
  const seqProblems = clients.flatMap((c) => c.seqProblems);
  return {
    clients: n,
    subscribe,
    seconds,
    server: serverWindow(before, after),
    bytesPerSec: distribution(perClient.map((list) => list.reduce((s, a) => s + a.bytes, 0) / seconds)),
    messagesPerSec: distribution(perClient.map((list) => list.length / seconds)),
    deltasPerClient: distribution(deltas.map((list) => list.length)),
    heartbeatsPerClient: distribution(perClient.map((list) => list.filter((a) => a.type === "heartbeat").length)),
    deltaBytes: distribution((deltas[0] ?? []).map((a) => a.bytes)),
    channelsPerDelta: distribution((deltas[0] ?? []).map((a) => a.channels?.length ?? 0)),
    deltaTimeline: (deltas[0] ?? []).map((a) => {
      const worst = Math.max(...deltas.map((list) => list.find((b) => b.seq === a.seq)).map((b) => (b ? b.at - b.generatedAt! : NaN)));
      return [Math.round(a.at - windowStart) / 1000, a.channels?.length ?? 0, a.bytes, Math.round(worst)];
    }),
    restDetectMs: distribution(faults.filter((f) => f.restErrorAt !== undefined).map((f) => f.restErrorAt! - f.injectedAt)),
    pushToClientMs: distribution(pushDelays),
    injectToErrorMs: distribution(injectToError),
    clearToRecoveryMs: distribution(clearToRecovery),
    missedErrors,
    missedRecoveries,
    heartbeatIntervalMs: distribution(heartbeatIntervals),
    longHeartbeatIntervals: heartbeatIntervals.filter((ms) => ms > 1500).length,
    seqProblems: seqProblems.length,
    seqExamples: seqProblems.slice(0, 5),
    clientErrors: clients.flatMap((c) => c.errors).slice(0, 5),
    faults,
    stallMs,
    emulator: emulatorBefore && emulatorAfter ? emulatorWindow(emulatorBefore, emulatorAfter) : undefined,
    ingestLagMs: distribution(lags),
    clientLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    loadAverage,
  };
}

// ---- REST ----

export interface RestPhase {
  requests: number;
  concurrency: number;
  seconds: number;
  latencyMs: Distribution;
  bytes: number;
  requestsPerSec: number;
  server: ServerWindow;
  /** Server CPU per request, ms. */
  serverCpuMsPerRequest: number;
}

export interface RestResult {
  channels: number;
  summary: Record<string, number>;
  sequential: RestPhase;
  concurrent: RestPhase;
  loadAverage: number[];
}

async function restPhase(agent: Agent, path: string, total: number, concurrency: number): Promise<RestPhase> {
  const url = new URL(path, server);
  const get = (): Promise<{ ms: number; bytes: number }> =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const req = request(url, { agent, method: "GET" }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => (res.statusCode === 200 ? resolve({ ms: performance.now() - start, bytes }) : reject(new Error(`GET ${path}: HTTP ${res.statusCode}`))));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.setTimeout(30_000, () => req.destroy(new Error(`GET ${path}: no answer in 30 s`)));
      req.end();
    });
  const latencies: number[] = [];
  let bytes = 0;
  const before = await serverSnapshot(control);
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const r = await get();
        latencies.push(r.ms);
        bytes = r.bytes;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const after = await serverSnapshot(control);
  const window = serverWindow(before, after);
  return {
    requests: total,
    concurrency,
    seconds,
    latencyMs: distribution(latencies),
    bytes,
    requestsPerSec: total / seconds,
    server: window,
    serverCpuMsPerRequest: (window.cpu.cores * window.cpu.seconds * 1000) / total,
  };
}

async function rest(): Promise<RestResult> {
  const concurrency = Number(cli.concurrency);
  const total = Number(cli.requests);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const path = `/api/v1/status?set=${encodeURIComponent(setName)}`;
  const loadAverage = [loadavg()[0]!];
  const res = await fetch(new URL(path, server));
  const body = (await res.json()) as { summary: Record<string, number>; channels: unknown[] };
  await restPhase(agent, path, 10, 1); // warm-up
  if (cli.profile) await startServerProfile(control);
  const sequential = await restPhase(agent, path, total, 1);
  if (cli.profile) await stopServerProfile(control, cli.profile);
  const concurrent = await restPhase(agent, path, total, concurrency);
  loadAverage.push(loadavg()[0]!);
  agent.destroy();
  return { channels: body.channels.length, summary: body.summary, sequential, concurrent, loadAverage };
}

// ---- slow client ----

export interface MemorySample {
  /** s since the pause began */
  t: number;
  memory: MemoryFigures;
  /** Bytes in the kernel's queues of the slow client's connection: server's send queue, client's receive queue. */
  serverSendQ: number | undefined;
  clientRecvQ: number | undefined;
}

export interface SlowPhase {
  label: string;
  pauseMs: number;
  before: MemoryFigures;
  samples: MemorySample[];
  after: MemoryFigures;
  /** Bytes the normal clients each received while the slow one was paused (what it missed). */
  normalBytesDuringPause: number;
  /** What the slow client received after it read again. */
  afterResume: { messages: Record<string, number>; bytes: number; firstSnapshotMs: number | undefined; drainedMs: number; seqProblems: SeqProblem[] };
  normalSeqProblems: number;
  normalMaxHeartbeatGapMs: number;
  /** Subscribes the slow client sent while paused (b). */
  subscribesSent: number;
}

export interface SlowResult {
  phases: SlowPhase[];
  loadAverage: number[];
}

function kernelQueues(localPort: number | undefined): { serverSendQ: number | undefined; clientRecvQ: number | undefined } {
  if (localPort === undefined) return { serverSendQ: undefined, clientRecvQ: undefined };
  const run = spawnSync("ss", ["-tnH", "state", "established"], { encoding: "utf8" });
  if (run.status !== 0) return { serverSendQ: undefined, clientRecvQ: undefined };
  let serverSendQ: number | undefined;
  let clientRecvQ: number | undefined;
  for (const line of run.stdout.split("\n")) {
    const [recvQ, sendQ, local, peer] = line.trim().split(/\s+/);
    if (!local || !peer) continue;
    if (peer.endsWith(`:${localPort}`)) serverSendQ = Number(sendQ);
    if (local.endsWith(`:${localPort}`)) clientRecvQ = Number(recvQ);
  }
  return { serverSendQ, clientRecvQ };
}

async function slowPhase(label: string, slow: LiveClient, normal: readonly LiveClient[], during: (stopAt: number) => Promise<number>): Promise<SlowPhase> {
  const pauseMs = Number(cli["pause-ms"]);
  const afterMs = Number(cli["after-ms"]);
  const before = (await serverSnapshot(control, true)).memory;
  const samples: MemorySample[] = [];
  const pausedAt = wallNow();
  const normalBytesBefore = normal[0]!.arrivals.reduce((s, a) => s + a.bytes, 0);
  const normalSeqBefore = normal.reduce((s, c) => s + c.seqProblems.length, 0);
  const slowSeqBefore = slow.seqProblems.length;
  slow.pause();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const t = (wallNow() - pausedAt) / 1000;
      const memory = (await serverSnapshot(control, true)).memory;
      samples.push({ t, memory, ...kernelQueues(slow.localPort) });
      await sleep(1000);
    }
  })();
  const subscribesSent = await during(pausedAt + pauseMs);
  await sleep(Math.max(0, pausedAt + pauseMs - wallNow()));
  const normalBytesDuringPause = normal[0]!.arrivals.reduce((s, a) => s + a.bytes, 0) - normalBytesBefore;
  const resumedAt = wallNow();
  const arrivalsAtResume = slow.arrivals.length;
  slow.resume();
  await sleep(afterMs);
  sampling = false;
  await sampler;
  const after = (await serverSnapshot(control, true)).memory;
  const got = slow.arrivals.slice(arrivalsAtResume);
  const messages: Record<string, number> = {};
  for (const a of got) messages[a.type] = (messages[a.type] ?? 0) + 1;
  const firstSnapshot = got.find((a) => a.type === "snapshot");
  // Drained: the last message that arrived less than 50 ms after the one before it, i.e. queued.
  let drainedAt = resumedAt;
  for (let i = 0; i < got.length; i++) {
    const prev = i === 0 ? resumedAt : got[i - 1]!.at;
    if (got[i]!.at - prev < 50) drainedAt = got[i]!.at;
    else break;
  }
  let normalMaxHeartbeatGapMs = 0;
  for (const c of normal) {
    const beats = c.arrivals.filter((a) => a.type === "heartbeat" && a.at >= pausedAt && a.at < resumedAt + afterMs);
    for (let i = 1; i < beats.length; i++) normalMaxHeartbeatGapMs = Math.max(normalMaxHeartbeatGapMs, beats[i]!.at - beats[i - 1]!.at);
  }
  return {
    label,
    pauseMs,
    before,
    samples,
    after,
    normalBytesDuringPause,
    afterResume: {
      messages,
      bytes: got.reduce((s, a) => s + a.bytes, 0),
      firstSnapshotMs: firstSnapshot ? firstSnapshot.at - resumedAt : undefined,
      drainedMs: drainedAt - resumedAt,
      seqProblems: slow.seqProblems.slice(slowSeqBefore),
    },
    normalSeqProblems: normal.reduce((s, c) => s + c.seqProblems.length, 0) - normalSeqBefore,
    normalMaxHeartbeatGapMs,
    subscribesSent,
  };
}

async function slowClient(): Promise<SlowResult> {
  const loadAverage = [loadavg()[0]!];
  const normal = Array.from({ length: Number(cli.normal) }, () => new LiveClient(liveUrl, [setName], false));
  const slow = new LiveClient(liveUrl, [setName], false);
  const all = [...normal, slow];
  await Promise.all(all.map((c) => c.opened));
  const snapshots = all.map((c) => c.nextSnapshot(60_000));
  for (const c of all) c.subscribe();
  await Promise.all(snapshots);
  await sleep(2000);
  const burst = JSON.parse(cli["burst-fault"]) as FaultBody;
  const phases: SlowPhase[] = [];
  phases.push(
    await slowPhase(`paused ${Number(cli["pause-ms"]) / 1000} s while ${burst.kind} on every channel flaps each second`, slow, normal, async (stopAt) => {
      let id: string | undefined;
      while (wallNow() < stopAt - 500) {
        if (id) {
          await clearFault(emulator, id);
          id = undefined;
        } else id = await injectFault(emulator, burst);
        await sleep(1000);
      }
      if (id) await clearFault(emulator, id);
      return 0;
    }),
  );
  // Let the flapping's aftermath (rate_low for 10 s) pass.
  await sleep(11_000);
  phases.push(
    await slowPhase(`paused ${Number(cli["pause-ms"]) / 1000} s, sending a subscribe every ${cli["resubscribe-ms"]} ms`, slow, normal, async (stopAt) => {
      let sent = 0;
      while (wallNow() < stopAt) {
        slow.subscribe();
        sent++;
        await sleep(Number(cli["resubscribe-ms"]));
      }
      return sent;
    }),
  );
  await Promise.all(all.map((c) => c.close()));
  loadAverage.push(loadavg()[0]!);
  return { phases, loadAverage };
}

try {
  let result: unknown;
  if (cli.mode === "fanout") result = await fanout();
  else if (cli.mode === "rest") result = await rest();
  else if (cli.mode === "slow") result = await slowClient();
  else throw new Error(`--mode fanout|rest|slow, not ${cli.mode}`);
  console.log(JSON.stringify(result));
} finally {
  await clearAllFaults(emulator).catch(() => undefined);
}
process.exit(0);
