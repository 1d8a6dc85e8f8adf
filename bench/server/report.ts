/** bench/server's tables (bench/RESULTS.md) from the results of main.ts. */
import { fixed, int, loads, percent, table } from "../lib/markdown.js";
import type { Distribution } from "../lib/stats.js";
import type { FanoutResult, RestResult, SlowResult } from "./clients-program.js";
import { profileGroups } from "./profile-groups.js";

export type Window = FanoutResult & { kind: "faults" | "stall"; profile?: string };

export interface ServerBenchResult {
  settings: Record<string, unknown>;
  pinning: string;
  channels: number;
  settleMs: number;
  fanout: Window[];
  rest: RestResult | undefined;
  slow: SlowResult | undefined;
}

const MiB = 1024 * 1024;
const kib = (bytes: number): string => fixed(bytes / 1024, 1);
const mib = (bytes: number): string => fixed(bytes / MiB, 1);
const ms = (d: Distribution, digits = 1): string => `${fixed(d.median, digits)} / ${fixed(d.p99, digits)} / ${fixed(d.max, digits)}`;
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export interface FanoutCost {
  kind: string;
  clients: number;
  base: number;
  loaded: number;
  /** Mean with clients minus mean without. */
  delta: number;
  /** Each window with clients minus the mean of the windows without clients next to it. */
  paired: number[];
}

/** The fan-out's share of a core per kind of window: server CPU with clients minus without. */
export function fanoutCost(fanout: readonly Window[], kind: "faults" | "stall"): FanoutCost | undefined {
  const measured = fanout.filter((f) => !f.profile && f.kind === kind);
  const base = measured.filter((f) => f.clients === 0);
  const withClients = measured.filter((f) => f.clients > 0);
  if (base.length === 0 || withClients.length === 0) return undefined;
  const paired = withClients.map((f) => {
    const i = measured.indexOf(f);
    const neighbours = [measured[i - 1], measured[i + 1]].filter((g): g is Window => g !== undefined && g.clients === 0);
    return f.server.cpu.cores - mean(neighbours.map((g) => g.server.cpu.cores));
  });
  const loaded = mean(withClients.map((f) => f.server.cpu.cores));
  const b = mean(base.map((f) => f.server.cpu.cores));
  return { kind, clients: withClients[0]!.clients, base: b, loaded, delta: loaded - b, paired };
}

export function formatReport(r: ServerBenchResult): string {
  const out: string[] = [];
  out.push(`${r.channels} channels watched (all ok ${int(r.settleMs)} ms after watch); ${r.pinning}.`);
  const measured = r.fanout.filter((f) => !f.profile);
  const label = (f: Window): string => `${measured.indexOf(f) + 1} ${f.kind === "stall" ? `stall ${f.stallMs / 1000} s` : "faults"}`;
  out.push(
    "",
    "Server CPU per window (faults: a channel_stop moving to another channel every 2 s; stall: the whole stream stalls 1 s at the start):",
    "",
    table(
      ["window", "clients", "s", "server CPU (cores)", "JS main thread", "ZeroMQ I/O", "event loop busy", "RSS MiB start → end", "server ingest lag ms median / max", "emulator pulses/s, skipped, max late ms", "client loop delay max ms", "load"],
      measured.map((f) => [
        label(f),
        String(f.clients),
        fixed(f.seconds, 1),
        fixed(f.server.cpu.cores, 3),
        fixed(f.server.threads["node"] ?? NaN, 3),
        fixed(f.server.threads["ZMQbg/IO/0"] ?? NaN, 3),
        percent(f.server.cpu.eventLoopUtilization),
        `${mib(f.server.memoryStart.rss)} → ${mib(f.server.memoryEnd.rss)}`,
        `${int(f.ingestLagMs.median)} / ${int(f.ingestLagMs.max)}`,
        f.emulator ? `${fixed(f.emulator.pulsesPerSec, 1)}, ${f.emulator.skipped}, ${int(f.emulator.maxLateMs)}` : "–",
        int(f.clientLoopDelayMs.max),
        loads(f.loadAverage),
      ]),
    ),
  );
  for (const kind of ["faults", "stall"] as const) {
    const cost = fanoutCost(r.fanout, kind);
    if (!cost) continue;
    out.push(
      "",
      `Fan-out (${kind}): ${cost.clients} clients ${fixed(cost.loaded, 3)} − 0 clients ${fixed(cost.base, 3)} = **${fixed(cost.delta, 3)} cores (${percent(cost.delta, 1)} of a core)**; each window with clients against its neighbours without: ${cost.paired.map((x) => fixed(x, 3)).join(", ")}.`,
    );
  }

  const loaded = measured.filter((f) => f.clients > 0);
  out.push(
    "",
    "Per client (windows with clients):",
    "",
    table(
      ["window", "bytes/s per client median (min–max)", "msgs/s", "deltas", "delta KiB median / max", "channels per delta median / max", "heartbeats", "heartbeat interval ms median / p99 / max", "intervals > 1.5 s", "seq gaps", "errors"],
      loaded.map((f) => [
        label(f),
        `${int(f.bytesPerSec.median)} (${int(f.bytesPerSec.min)}–${int(f.bytesPerSec.max)})`,
        fixed(f.messagesPerSec.median, 2),
        int(f.deltasPerClient.median),
        `${kib(f.deltaBytes.median)} / ${kib(f.deltaBytes.max)}`,
        `${int(f.channelsPerDelta.median)} / ${int(f.channelsPerDelta.max)}`,
        int(f.heartbeatsPerClient.median),
        ms(f.heartbeatIntervalMs, 0),
        String(f.longHeartbeatIntervals),
        String(f.seqProblems),
        String(f.clientErrors.length),
      ]),
    ),
    "",
    "Delays, ms (median / p99 / max, over every delta of every client):",
    "",
    table(
      ["window", "clients", "push tick (generatedAt) → client", "n", "fault injected → error delta", "n (missed)", "fault cleared → recovery delta", "n (missed)", "fault injected → GET /status/{channel} says error"],
      measured.map((f) => [
        label(f),
        String(f.clients),
        ms(f.pushToClientMs),
        int(f.pushToClientMs.n),
        ms(f.injectToErrorMs, 0),
        `${f.injectToErrorMs.n} (${f.missedErrors})`,
        ms(f.clearToRecoveryMs, 0),
        `${f.clearToRecoveryMs.n} (${f.missedRecoveries})`,
        `${ms(f.restDetectMs, 0)} (n ${f.restDetectMs.n} of ${f.faults.length})`,
      ]),
    ),
    "",
    "Subscribe (every client at once):",
    "",
    table(
      ["window", "clients", "snapshot KiB", "ms to first / median / last snapshot", "server CPU s", "server CPU ms per snapshot"],
      loaded
        .filter((f) => f.subscribe)
        .map((f) => [
          label(f),
          String(f.clients),
          kib(f.subscribe!.snapshotBytes),
          `${int(f.subscribe!.snapshotMs.min)} / ${int(f.subscribe!.snapshotMs.median)} / ${int(f.subscribe!.msToLastSnapshot)}`,
          fixed(f.subscribe!.serverCpuSeconds, 2),
          fixed((f.subscribe!.serverCpuSeconds * 1000) / f.clients, 1),
        ]),
    ),
  );

  if (r.rest) {
    const x = r.rest;
    out.push(
      "",
      `REST GET /api/v1/status?set=NAME (${x.channels} channels; summary ${JSON.stringify(x.summary)}; load ${loads(x.loadAverage)}):`,
      "",
      table(
        ["requests", "concurrency", "latency ms median / p95 / p99 / max", "requests/s", "response KiB", "server CPU (cores)", "server CPU ms per request"],
        [x.sequential, x.concurrent].map((p) => [
          String(p.requests),
          String(p.concurrency),
          `${fixed(p.latencyMs.median, 1)} / ${fixed(p.latencyMs.p95, 1)} / ${fixed(p.latencyMs.p99, 1)} / ${fixed(p.latencyMs.max, 1)}`,
          fixed(p.requestsPerSec, 1),
          kib(p.bytes),
          fixed(p.server.cpu.cores, 2),
          fixed(p.serverCpuMsPerRequest, 2),
        ]),
      ),
    );
  }

  if (r.slow) {
    out.push("", `Slow client (load ${loads(r.slow.loadAverage)}); server memory after GC, MiB (RSS / heap used / arrayBuffers):`, "");
    const mem = (m: { rss: number; heapUsed: number; arrayBuffers: number }): string => `${mib(m.rss)} / ${mib(m.heapUsed)} / ${mib(m.arrayBuffers)}`;
    out.push(
      table(
        ["phase", "before", "max while paused (RSS / heap / arrayBuffers)", "max after resume", "after (+8 s)", "kernel queues max KiB (server send / client recv)", "normal client got during pause KiB", "after resume: messages", "KiB", "first snapshot ms", "seq problems (slow / normal)"],
        r.slow.phases.map((p) => {
          const paused = p.samples.filter((s) => s.t < p.pauseMs / 1000);
          const resumed = p.samples.filter((s) => s.t >= p.pauseMs / 1000);
          const max = (key: "rss" | "heapUsed" | "arrayBuffers", of = paused): number => Math.max(...of.map((s) => s.memory[key]));
          const maxQ = (key: "serverSendQ" | "clientRecvQ"): number => Math.max(...p.samples.map((s) => s[key] ?? NaN));
          return [
            p.label,
            mem(p.before),
            `${mib(max("rss"))} / ${mib(max("heapUsed"))} / ${mib(max("arrayBuffers"))}`,
            `${mib(max("rss", resumed))} / ${mib(max("heapUsed", resumed))} / ${mib(max("arrayBuffers", resumed))}`,
            mem(p.after),
            `${kib(maxQ("serverSendQ"))} / ${kib(maxQ("clientRecvQ"))}`,
            kib(p.normalBytesDuringPause),
            Object.entries(p.afterResume.messages)
              .map(([k, v]) => `${v} ${k}`)
              .join(", "),
            kib(p.afterResume.bytes),
            p.afterResume.firstSnapshotMs === undefined ? "none" : int(p.afterResume.firstSnapshotMs),
            `${p.afterResume.seqProblems.length} / ${p.normalSeqProblems}`,
          ];
        }),
      ),
    );
    for (const p of r.slow.phases) {
      out.push("", `${p.label}: per-second samples (s: RSS / heap / arrayBuffers MiB, kernel send+recv KiB):`);
      out.push(p.samples.map((s) => `${fixed(s.t, 0)}: ${mem(s.memory)}, ${kib((s.serverSendQ ?? 0) + (s.clientRecvQ ?? 0))}`).join("; "));
    }
  }

  const profiled = r.fanout.filter((f) => f.profile);
  if (profiled.length > 0) {
    out.push("", "Where the server's main thread went (profiled windows, ms of the window; cores):", "");
    const groups = profiled.map((f) => ({ f, g: profileGroups(f.profile!) }));
    const labels = groups[0]!.g.groups.map((x) => x.label);
    out.push(
      table(
        ["", ...groups.map(({ f }) => `${f.kind}, ${f.clients} clients`)],
        [
          ["profiled / busy ms", ...groups.map(({ g }) => `${int(g.profiledMs)} / ${int(g.busyMs)}`)],
          ...labels.map((label, i) => [label, ...groups.map(({ g }) => `${int(g.groups[i]!.ms)} (${fixed(g.groups[i]!.ms / g.profiledMs, 3)})`)]),
        ],
      ),
    );
  }
  return out.join("\n");
}
