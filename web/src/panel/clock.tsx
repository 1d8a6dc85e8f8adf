/** Wall clock and "updated 0.3 s ago": proof, at a glance, that the panel is live. */
import { formatClock } from "../format.js";
import { useSignal, useNow } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";

export function Clock({ store }: { store: ChannelStore }) {
  useSignal(store.header);
  const now = useNow(100);
  const time = formatClock(now);
  const ago = store.lastUpdateAt > 0 ? `updated ${(Math.max(0, now - store.lastUpdateAt) / 1000).toFixed(1)} s ago` : "waiting for data";
  return (
    <div class="clock">
      <span class="clock-time">{time}</span>
      <span class="clock-ago">{ago}</span>
    </div>
  );
}
