/** The simulator benchmark's results as the Markdown tables bench/RESULTS.md keeps. */
import type { MachineInfo } from "../ingest/machine.js";
import type { ThreadCpu } from "../lib/cpu.js";
import { fixed, int, loads, percent, table } from "../lib/markdown.js";
import type { CaseResult } from "./main.js";

/** SwissFEL's pulse rate: the rate every stream of these cases should carry. */
const PULSE_HZ = 100;

export interface Settings {
  catalog: number;
  warmupMs: number;
  durationMs: number;
  receiveHighWaterMark: number;
}

/** Cores of the JS main thread (named like the process) and of ZeroMQ's background threads. */
function threadSplit(threads: ThreadCpu): { main: number; zmq: number } {
  let zmq = 0;
  for (const [name, cores] of Object.entries(threads)) if (name.startsWith("ZMQbg")) zmq += cores;
  return { main: threads.node ?? NaN, zmq };
}

export function formatReport(machine: MachineInfo, settings: Settings, results: readonly CaseResult[]): string {
  const clockRows = results.flatMap((r) =>
    r.streams.map((s, i) => {
      const d = s.delivery;
      const l = d.latencyMs;
      return [
        i === 0 ? `${r.id}: ${r.title}` : "",
        `${s.backend}, ${int(s.channels)} ch, ${s.compression}`,
        int(d.framesPerMessage),
        fixed(d.bytesPerMessage / 1024, 1),
        i === 0 ? fixed(r.emulator.pulsesPerSec, 1) : "",
        fixed(r.emulator.streams[i]?.messagesPerSec ?? NaN, 1),
        fixed(d.messagesPerSec, 1),
        percent(d.messagesPerSec / PULSE_HZ, 1),
        i === 0 ? int(r.emulator.skipped) : "",
        int(d.missingPulses),
        i === 0 ? fixed(r.emulator.maxLateMs, 0) : "",
        i === 0 ? `${int(r.emulator.behindAtStart)} → ${int(r.emulator.behindAtEnd)}` : "",
        `${fixed(l.median, 1)} / ${fixed(l.p99, 1)} / ${fixed(l.max, 1)}`,
        fixed(d.driftMs, 1),
        fixed(d.pulseRateHz, 2),
        fixed(s.receiverCores, 2),
      ];
    }),
  );
  const costRows = results.map((r) => {
    const e = r.emulator;
    const { main, zmq } = threadSplit(e.threads);
    const messages = e.streams.reduce((sum, s) => sum + s.messagesPerSec, 0);
    const channels = e.streams.reduce((sum, s) => sum + s.messagesPerSec * s.channels, 0);
    return [
      `${r.id}`,
      fixed(e.cpu.cores, 2),
      fixed(main, 2),
      fixed(zmq, 2),
      fixed(Math.max(0, e.cpu.cores - main - zmq), 2),
      percent(e.cpu.systemShare),
      percent(e.cpu.eventLoopUtilization),
      int((e.cpu.cores * 1e6) / messages),
      fixed((e.cpu.cores * 1e9) / channels / 1000, 2),
      int(e.streams.reduce((sum, s) => sum + s.dropped, 0)),
      int(e.rssBytes / 2 ** 20),
      loads(r.loadAverage),
    ];
  });
  const first = results[0];
  const pinning =
    first?.emulatorPinnedTo !== undefined
      ? `emulator pinned to core ${first.emulatorPinnedTo} (taskset), receivers to core ${first.receiverPinnedTo ?? "–"}`
      : "not pinned (taskset unavailable): the emulator may use both cores";
  return [
    `Machine: ${machine.nproc} CPUs (${machine.cpuModel}), Linux ${machine.kernel}, Node ${machine.node}, zeromq.js ${machine.zeromqJs}` +
      ` (libzmq ${machine.zeromqJsLibzmq}); C receiver on libzmq ${machine.libzmq}.`,
    `Catalog ${int(settings.catalog)} channels; window ${fixed(settings.durationMs / 1000, 1)} s after ${fixed(settings.warmupMs / 1000, 1)} s` +
      ` of warm-up; receiver RCVHWM ${settings.receiveHighWaterMark}; ${pinning}.`,
    "",
    "Pulse clock and delivery (per stream; latency = arrival − start of the pulse's 10 ms slot):",
    "",
    table(
      [
        "case",
        "stream",
        "frames/msg",
        "KiB/msg",
        "pulses/s (ticker)",
        "msgs/s sent",
        "msgs/s delivered",
        "of 100 Hz",
        "skipped (ticker)",
        "missing at receiver",
        "max late ms (ticker)",
        "ticker behind the clock, pulses: start → end",
        "latency ms p50 / p99 / max",
        "drift ms",
        "pulse ids/s",
        "receiver CPU (cores)",
      ],
      clockRows,
    ),
    "",
    "Emulator cost over the same window (cores: 1 = one core busy; per thread from /proc):",
    "",
    table(
      ["case", "CPU (cores)", "JS main thread", "ZeroMQ I/O", "other threads", "of it kernel", "event loop busy", "CPU µs per message", "CPU µs per channel value", "sends dropped", "RSS MiB", "machine load (1 min)"],
      costRows,
    ),
  ].join("\n");
}
