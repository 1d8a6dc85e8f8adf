/** The start every channel name of the set shares, shown once beside the set's name (tiles leave it off). */
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import { shortNamesOf } from "./short-names.js";

export function NamePrefix({ store }: { store: ChannelStore }) {
  useSignal(store.structure);
  const { prefix } = shortNamesOf(store.names);
  if (!prefix) return null;
  return (
    <span class="panel-prefix" title={`Every channel name starts with ${prefix}; the tiles leave it off`}>
      <span class="panel-prefix-label">all channels</span> {prefix}…
    </span>
  );
}
