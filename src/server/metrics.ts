/** Prometheus metrics at /metrics: channels by level per set, ingest, upstreams, clients, process. */
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import type { ChannelWatchService } from "./service.js";

export function createMetrics(service: ChannelWatchService, liveClients: () => number): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "channelwatch_" });
  const monitor = () => service.monitor;

  new Gauge({
    name: "channelwatch_channels",
    help: "Watched channels per set and status level",
    labelNames: ["set", "level"],
    registers: [registry],
    collect() {
      this.reset();
      for (const set of service.watchedSets()) {
        const { summary } = monitor().summary(service.getSet(set).channels.map((c) => c.name));
        for (const [level, n] of Object.entries(summary)) this.set({ set, level }, n);
      }
    },
  });
  new Gauge({
    name: "channelwatch_evaluations_skipped_total",
    help: "Status evaluations skipped because this process was blocked (its sockets were read first)",
    registers: [registry],
    collect() {
      this.set(service.runtime.stallGuard.skipped);
    },
  });
  new Gauge({
    name: "channelwatch_feed_messages_total",
    help: "bsread messages received per feed (dispatcher backend or direct source)",
    labelNames: ["feed"],
    registers: [registry],
    collect() {
      for (const f of monitor().feedStates()) this.set({ feed: f.id }, f.messages);
    },
  });
  new Gauge({
    name: "channelwatch_feed_protocol_errors_total",
    help: "Malformed bsread messages per feed",
    labelNames: ["feed"],
    registers: [registry],
    collect() {
      for (const f of monitor().feedStates()) this.set({ feed: f.id }, f.protocolErrors);
    },
  });
  new Gauge({
    name: "channelwatch_feed_connected",
    help: "1 when the feed's stream is connected and delivering",
    labelNames: ["feed"],
    registers: [registry],
    collect() {
      const now = Date.now();
      for (const f of monitor().feedStates()) this.set({ feed: f.id }, f.connected && now - f.lastMessageTime <= monitor().timing.streamSilenceMs ? 1 : 0);
    },
  });
  new Gauge({
    name: "channelwatch_dispatcher_reachable",
    help: "1 when the dispatcher backend's REST API answers",
    labelNames: ["backend"],
    registers: [registry],
    collect() {
      for (const f of monitor().feedStates()) {
        if (f.kind !== "dispatcher") continue;
        const h = monitor().restHealthOf(f.id);
        this.set({ backend: f.id }, h?.reachable ? 1 : 0);
      }
    },
  });
  new Gauge({ name: "channelwatch_live_clients", help: "Connected WebSocket clients", registers: [registry], collect() { this.set(liveClients()); } });
  new Gauge({ name: "channelwatch_alerts_sounding", help: "Unacknowledged, unshelved active alerts", registers: [registry], collect() { this.set(monitor().sounding().length); } });
  new Gauge({ name: "channelwatch_events_pending", help: "Events not yet written to the store", registers: [registry], collect() { this.set(service.events.pending); } });
  return registry;
}
