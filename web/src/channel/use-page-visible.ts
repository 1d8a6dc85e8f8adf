/** True while the browser tab is visible: polling stops when nobody can see it. */
import { useEffect, useState } from "preact/hooks";

export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => !document.hidden);
  useEffect(() => {
    const update = () => setVisible(!document.hidden);
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  return visible;
}

/**
 * Calls `tick` now and then again `delay(result)` ms after each one settles (never two at
 * once), while `active`. Returns nothing; the tick reports through its own state.
 */
export function usePoll<T>(tick: () => Promise<T>, delay: (result: T | undefined) => number, active: boolean, deps: readonly unknown[]): void {
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: number | undefined;
    const run = async () => {
      let result: T | undefined;
      try {
        result = await tick();
      } catch {
        result = undefined;
      }
      if (!stopped) timer = window.setTimeout(run, delay(result));
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, ...deps]);
}
