/** A channel's own page (/channel/NAME): shareable, the full detail, polling only while visible. */
import { ChannelView } from "./channel-view.js";
import { usePageVisible } from "./use-page-visible.js";
import "./channel.css";

export function ChannelPage({ name }: { name: string }) {
  const visible = usePageVisible();
  return (
    <main class="page channel-page">
      <h1 class="channel-title">{name}</h1>
      <ChannelView name={name} active={visible} />
    </main>
  );
}
