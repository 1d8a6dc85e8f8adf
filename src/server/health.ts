/** /api/v1/health: is the panel itself well, and its upstreams (dispatcher, streams, sources, store)? */
import type { ChannelWatchService } from "./service.js";
import { iso } from "./present.js";

export function health(service: ChannelWatchService) {
  const now = Date.now();
  const monitor = service.monitor;
  const byBackend = monitor.channelsByBackend();
  // A backend none of whose channels is watched has no stream to judge.
  const feeds = monitor.feedStates().filter((f) => f.kind === "direct" || (byBackend.get(f.id)?.length ?? 0) > 0).map((f) => {
    const rest = f.kind === "dispatcher" ? monitor.restHealthOf(f.id) : undefined;
    const delivering = f.connected && now - f.lastMessageTime <= monitor.timing.streamSilenceMs;
    return {
      id: f.id,
      kind: f.kind,
      stream: { connected: delivering, since: iso(f.since), error: delivering ? null : f.error ?? "silent", lastMessageAgeMs: Number.isFinite(f.lastMessageTime) ? now - f.lastMessageTime : null, messages: f.messages },
      ...(f.kind === "dispatcher" && { rest: rest ? { reachable: rest.reachable, since: iso(rest.since), error: rest.error ?? null } : { reachable: false, since: null, error: "not asked yet" } }),
      ok: delivering && (f.kind === "direct" || rest?.reachable === true),
    };
  });
  const store = { ok: service.events.lastError === undefined, error: service.events.lastError ?? null, pendingEvents: service.events.pending };
  const watching = monitor.watchedNames().length;
  const ok = store.ok && (watching === 0 || feeds.every((f) => f.ok));
  return {
    status: ok ? "ok" : "degraded",
    startedAt: iso(service.startedAt),
    uptimeSeconds: Math.round((now - service.startedAt) / 1000),
    watchedChannels: watching,
    upstreams: feeds,
    store,
  };
}
