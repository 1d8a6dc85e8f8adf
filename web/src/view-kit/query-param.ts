/** View state in the query string, so a URL shows someone else the same view. */
import { useCallback, useState } from "preact/hooks";

export function useQueryParam(name: string, fallback = ""): [string, (value: string) => void] {
  const [value, setValue] = useState(() => new URLSearchParams(location.search).get(name) ?? fallback);
  const set = useCallback(
    (next: string) => {
      const params = new URLSearchParams(location.search);
      if (next === fallback || next === "") params.delete(name);
      else params.set(name, next);
      const qs = params.toString();
      history.replaceState(history.state, "", `${location.pathname}${qs ? `?${qs}` : ""}${location.hash}`);
      setValue(next);
    },
    [name, fallback],
  );
  return [value, set];
}
