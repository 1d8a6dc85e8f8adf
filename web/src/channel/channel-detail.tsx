/**
 * One channel in full, over the panel (the panel stays live behind it): the same view as
 * its page, with a link to that page. Escape or Close returns to the tile; nothing is
 * polled once closed (unmounted) or while the tab is hidden (use-poll.ts).
 */
import { useEffect, useRef } from "preact/hooks";
import { ChannelView } from "./channel-view.js";
import "./channel.css";

export function ChannelDetail({ name, kiosk, onClose, onAck }: { name: string; kiosk: boolean; onClose(): void; onAck(name: string): void }) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, [name]);

  return (
    <dialog ref={dialog} class="detail channel-dialog" onClose={onClose} aria-label={`channel ${name}`}>
      <header class="detail-head">
        <h2>{name}</h2>
        <a class="control-link" href={`/channel/${encodeURIComponent(name)}`}>
          Open page
        </a>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {/* Keyed by the channel: switching channels starts a fresh view, nothing of the last one mixes in. */}
      <ChannelView key={name} name={name} active readOnly={kiosk} onAck={onAck} />
    </dialog>
  );
}
