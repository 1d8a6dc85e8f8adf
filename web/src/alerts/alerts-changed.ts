/** A write to an alert (ack, shelve, unshelve) anywhere on the page: lists reload at once. */
const EVENT = "channelwatch:alerts-changed";

export function announceAlertsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onAlertsChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
