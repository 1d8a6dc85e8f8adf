/** The huge line read from across the room: "ALL 45 OK" or "2 ERROR · 1 WARNING". */
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import type { LinkState } from "../live/live-link.js";
import { LEVEL_LOOK } from "../status-style.js";
import type { Level } from "../types.js";

const LOUD: readonly Level[] = ["error", "warning", "unknown"];

function bannerText(store: ChannelStore, link: LinkState, problem: string | null): { level: Level; text: string } {
  if (problem) return { level: "unknown", text: problem };
  if (link === "down") return { level: "unknown", text: "STATUS NOT LIVE" };
  const s = store.summary;
  if (!s) return { level: "unknown", text: "CONNECTING…" };
  if (!s.watched) return { level: "unknown", text: "SET NOT WATCHED" };
  const total = store.names.length;
  if (s.summary.ok === total) return { level: s.overall, text: `ALL ${total} OK` };
  const parts = LOUD.filter((l) => s.summary[l] > 0).map((l) => `${s.summary[l]} ${LEVEL_LOOK[l].word}`);
  return { level: s.overall, text: parts.join(" · ") };
}

export function SummaryBanner({ store, link, problem }: { store: ChannelStore; link: LinkState; problem: string | null }) {
  useSignal(store.header);
  const { level, text } = bannerText(store, link, problem);
  return (
    <div class={`banner banner-${level}`} data-summary={level} role="status" aria-live="polite">
      <span class="banner-icon" aria-hidden="true">{LEVEL_LOOK[level].icon}</span>
      <span class="banner-text">{text}</span>
    </div>
  );
}
