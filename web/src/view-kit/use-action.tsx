/**
 * A write the user started (ack, shelve, start a run…): busy while it runs, so the button
 * cannot send it twice, and its error — or a refusal found before sending — shown beside it.
 */
import { useCallback, useState } from "preact/hooks";

export interface Action {
  busy: boolean;
  error: string | null;
  /** Shows `message` without sending anything (input refused before the request). */
  fail(message: string): void;
  /** Runs `work`; a thrown error's message becomes `error`. */
  run(work: () => Promise<unknown>): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, fail: setError, run };
}

/** The error of an action, announced to screen readers; inline beside a button or as its own line. */
export function ActionError({ error, inline = false }: { error: string | null; inline?: boolean }) {
  if (!error) return null;
  return inline ? (
    <span class="view-message-error" role="alert">
      {error}
    </span>
  ) : (
    <p class="view-message-error" role="alert">
      {error}
    </p>
  );
}
