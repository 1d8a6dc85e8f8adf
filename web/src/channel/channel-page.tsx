/** A channel's own page (/channel/NAME): shareable, the full detail, polling only while visible. */
import { ChannelView } from "./channel-view.js";
import "./channel.css";

export function ChannelPage({ name }: { name: string }) {
  return (
    <main class="page channel-page">
      <h1 class="channel-title">{name}</h1>
      <ChannelView key={name} name={name} active />
    </main>
  );
}
