/**
 * The ingest benchmark's results as Markdown tables, in the form bench/RESULTS.md keeps
 * them. Every receiver is measured once per round; a ratio to libzmq is taken within a
 * round (measurements seconds apart) and the median over rounds is reported with its range.
 */
import type { DecodeCostResult } from "./decode-cost.js";
import type { MachineInfo } from "./machine.js";
import type { CaseId } from "./messages.js";
import type { ReceiveResult } from "./rate-meter.js";
import { RECEIVERS, type ReceiverId } from "./receivers.js";

/** Header-only ingest should reach this share of libzmq's limit (DESIGN.md §9). */
export const GOAL = 0.7;

export interface CaseInfo {
  id: CaseId;
  title: string;
  framesPath: string;
  frames: number;
  bytes: number;
  dataHeaderBytes: number;
}

export interface Measurement extends ReceiveResult {
  case: CaseId;
  receiver: ReceiverId;
  round: number;
  msgsPerSec: number;
  mbPerSec: number;
  /** Share of its time the sender waited for the receiver to make room: near 1, the receiver set the pace. */
  senderWaited: number;
  /** The sender's CPU use in cores (1 = one core busy), taken from the receiver on a small machine. */
  senderCpu: number;
}

export interface Report {
  machine: MachineInfo;
  settings: { warmupMs: number; durationMs: number; highWaterMark: number; rounds: number };
  cases: CaseInfo[];
  measurements: Measurement[];
  decoder: DecodeCostResult | undefined;
}

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const fixed = (n: number, digits: number): string => n.toFixed(digits);
const percent = (ratio: number): string => `${(ratio * 100).toFixed(0)} %`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "median (min–max)", or just the value when there is one. */
function spread(values: readonly number[], show: (n: number) => string): string {
  if (values.length === 0) return "–";
  if (values.length === 1) return show(values[0]!);
  return `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Per round, this receiver's rate over libzmq's in the same round. */
function ratios(ms: readonly Measurement[], id: ReceiverId): number[] {
  return ms.flatMap((m) => {
    if (m.receiver !== id) return [];
    const limit = ms.find((x) => x.receiver === "libzmq" && x.round === m.round);
    return limit ? [m.msgsPerSec / limit.msgsPerSec] : [];
  });
}

function caseTable(info: CaseInfo, ms: readonly Measurement[]): string {
  const rows = RECEIVERS.filter((r) => ms.some((m) => m.receiver === r.id)).map((r) => {
    const mine = ms.filter((m) => m.receiver === r.id);
    const of = (f: (m: Measurement) => number): number[] => mine.map(f);
    return [
      r.label,
      spread(of((m) => m.msgsPerSec), int),
      fixed(median(of((m) => m.mbPerSec)), 0),
      spread(ratios(ms, r.id), percent),
      percent(median(of((m) => m.senderWaited))),
      fixed(median(of((m) => m.senderCpu)), 2),
    ];
  });
  const kib = (info.bytes / 1024).toFixed(1);
  return [
    `#### ${info.title} — ${int(info.frames)} frames, ${kib} KiB per message (data header ${int(info.dataHeaderBytes)} B)`,
    "",
    table(["receiver", "msgs/s median (min–max)", "MB/s", "of libzmq, same round", "sender waited", "sender CPU (cores)"], rows),
  ].join("\n");
}

function summaryTable(cases: readonly CaseInfo[], all: readonly Measurement[]): string {
  const rows = cases.map((info) => {
    const ms = all.filter((m) => m.case === info.id);
    const limits = ms.filter((m) => m.receiver === "libzmq").map((m) => m.msgsPerSec);
    const ratio = (id: ReceiverId): string => spread(ratios(ms, id), percent);
    const header = ratios(ms, "header");
    return [
      info.title,
      spread(limits, int),
      ratio("zeromqjs"),
      ratio("header"),
      ratio("full"),
      header.length === 0 ? "–" : median(header) >= GOAL ? "yes" : "no",
    ];
  });
  return table(
    ["case", "libzmq msgs/s", "zeromq.js bare", "header-only", "full decode", `header-only ≥ ${percent(GOAL)}`],
    rows,
  );
}

function decoderTables(d: DecodeCostResult): string {
  const perMessage = table(
    ["case", "header-only µs/msg", "→ msgs/s on one core", "full decode µs/msg", "→ msgs/s on one core"],
    d.messages.map((m) => [m.case, fixed(m.headerOnlyUs, 1), int(1e6 / m.headerOnlyUs), fixed(m.fullDecodeUs, 1), int(1e6 / m.fullDecodeUs)]),
  );
  const values = table(
    ["value() of", "ns per call", "received bytes", "decoded bytes", "decoded MB/s"],
    d.values.map((v) => [v.what, int(v.nsPerCall), int(v.receivedBytes), int(v.decodedBytes), fixed((v.decodedBytes / v.nsPerCall) * 1e3, 0)]),
  );
  return ["Decoder alone, in process, no ZeroMQ (same frames):", "", perMessage, "", "Cost of value() per channel:", "", values].join("\n");
}

export function formatReport(r: Report): string {
  const m = r.machine;
  const s = r.settings;
  const parts = [
    `Machine: ${m.nproc} CPUs (${m.cpuModel}), Linux ${m.kernel}, Node ${m.node}, zeromq.js ${m.zeromqJs} ` +
      `(bundled libzmq ${m.zeromqJsLibzmq}), C receiver on libzmq ${m.libzmq}. ${s.rounds} rounds; per receiver and ` +
      `round ${s.warmupMs} ms warm-up, then ${s.durationMs} ms measured; receive HWM ${s.highWaterMark}. ` +
      "Ratios: median over rounds of (receiver ÷ libzmq in the same round), with their range.",
    "",
    summaryTable(r.cases, r.measurements),
    "",
    ...r.cases.flatMap((info) => [caseTable(info, r.measurements.filter((x) => x.case === info.id)), ""]),
  ];
  if (r.decoder) parts.push(decoderTables(r.decoder));
  return parts.join("\n");
}
