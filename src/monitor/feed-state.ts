/** One source of live data: a dispatcher stream (per backend) or a direct bsread source. */

export interface FeedState {
  id: string;
  kind: "dispatcher" | "direct";
  /** Is a stream open and connected (as far as we know)? */
  connected: boolean;
  /** Since when `connected` has had its current value (ms). */
  since: number;
  /** Why it is not connected, for the reason message. */
  error: string | undefined;
  /** Wall time of the last message, NaN before the first. */
  lastMessageTime: number;
  lastPulseId: number;
  messages: number;
  protocolErrors: number;
  formatChanges: number;
  /** Pulse ids that went backwards or repeated. */
  reversals: number;
}

export function newFeedState(id: string, kind: FeedState["kind"], now: number): FeedState {
  return {
    id,
    kind,
    connected: false,
    since: now,
    error: "not connected yet",
    lastMessageTime: NaN,
    lastPulseId: NaN,
    messages: 0,
    protocolErrors: 0,
    formatChanges: 0,
    reversals: 0,
  };
}
