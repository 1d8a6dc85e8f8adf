/** Covers the whole panel while the live link is down: a frozen screen must never look fine. */
import { formatTime } from "../format.js";

export function NotLiveOverlay({ lastUpdateAt }: { lastUpdateAt: number }) {
  return (
    <div class="not-live" data-testid="not-live" role="alert">
      <div class="not-live-box">
        <div class="not-live-title">STATUS NOT LIVE</div>
        <div class="not-live-text">
          {lastUpdateAt > 0 ? `last update ${formatTime(new Date(lastUpdateAt).toISOString())}` : "no update received yet"} · reconnecting…
        </div>
      </div>
    </div>
  );
}
