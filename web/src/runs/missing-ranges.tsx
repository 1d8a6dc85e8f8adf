/** A channel's missing pulse ids as inclusive ranges; many ranges fold behind a disclosure. */
import type { ChannelCoverage } from "./run-types.js";

const SHOWN = 4;

function rangeText([a, b]: [number, number]): string {
  return a === b ? String(a) : `${a} – ${b}`;
}

export function MissingRanges({ channel }: { channel: ChannelCoverage }) {
  const { missing } = channel;
  if (missing.length === 0) return <span class="muted">none</span>;
  const list = (ranges: Array<[number, number]>) => (
    <ul class="run-ranges">
      {ranges.map((r) => (
        <li key={r[0]} class="run-range" data-first={r[0]} data-last={r[1]}>
          {rangeText(r)}
        </li>
      ))}
    </ul>
  );
  const head = `${missing.length} range${missing.length === 1 ? "" : "s"}`;
  return (
    <div>
      <div class="muted">
        {head}
        {channel.truncated ? " (too many to keep: the last range also spans received pulses)" : ""}
      </div>
      {list(missing.slice(0, SHOWN))}
      {missing.length > SHOWN && (
        <details>
          <summary>{missing.length - SHOWN} more ranges</summary>
          {list(missing.slice(SHOWN))}
        </details>
      )}
    </div>
  );
}
