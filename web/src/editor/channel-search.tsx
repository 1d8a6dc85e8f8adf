/**
 * Catalog search with autocomplete: a case-insensitive regex run locally (on a worker) on every keystroke,
 * arrows + Enter to add, a highlight of what matched, each match's type/shape/backend/source,
 * and "add all N" (capped, confirmed above a handful).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { compilePattern, describeEntry, type Catalog, type SearchHit, type SearchResult } from "./catalog.js";

const SHOWN = 50;
/** "Add all" adds at most this many at once: a pattern matching more is too broad to be meant. */
export const ADD_ALL_CAP = 2000;
/** Adding more than this many at once asks first. */
const CONFIRM_ABOVE = 20;

interface Props {
  catalog: Catalog | null;
  catalogError: string | null;
  inSet: (name: string) => boolean;
  onAdd: (names: string[]) => void;
}

function Highlight({ hit }: { hit: SearchHit }) {
  const n = hit.entry.name;
  if (hit.length === 0) return <>{n}</>;
  return (
    <>
      {n.slice(0, hit.at)}
      <mark>{n.slice(hit.at, hit.at + hit.length)}</mark>
      {n.slice(hit.at + hit.length)}
    </>
  );
}

export function ChannelSearch({ catalog, catalogError, inSet, onAdd }: Props) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [confirmAll, setConfirmAll] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  const pattern = useMemo(() => (query.trim() === "" ? null : compilePattern(query.trim())), [query]);
  /** The answer for `pattern`, or why there is none; until it comes, the previous one stays shown but inert. */
  const [answer, setAnswer] = useState<{ pattern: RegExp; result: SearchResult | null; problem: string | null } | null>(null);
  useEffect(() => {
    if (!catalog || !(pattern instanceof RegExp)) return setAnswer(null);
    let current = true;
    void catalog.search(pattern, SHOWN, ADD_ALL_CAP + 1).then((a) => {
      if (!current || a.kind === "cancelled") return;
      if (a.kind === "done") setAnswer({ pattern, result: a.result, problem: null });
      else if (a.kind === "too-costly") setAnswer({ pattern, result: null, problem: "pattern too costly: it backtracks too much — simplify it, e.g. avoid nested or repeated .* quantifiers" });
      else setAnswer({ pattern, result: null, problem: `search failed: ${a.message}` });
    });
    return () => {
      current = false;
    };
  }, [catalog, pattern]);
  useEffect(() => () => catalog?.dispose(), [catalog]);
  const fresh = answer !== null && answer.pattern === pattern;
  const result = fresh ? answer.result : null;
  const searching = catalog !== null && pattern instanceof RegExp && !fresh;
  const hits = result?.hits ?? (searching ? answer?.result?.hits ?? [] : []);
  const newNames = useMemo(() => (result ? result.names.filter((n) => !inSet(n)) : []), [result, inSet]);

  useEffect(() => {
    setActive(0);
    setConfirmAll(false);
  }, [query]);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const addOne = (name: string) => {
    if (!inSet(name)) onAdd([name]);
  };
  const addAll = () => {
    if (!result || result.total > ADD_ALL_CAP || newNames.length === 0) return;
    if (newNames.length > CONFIRM_ABOVE && !confirmAll) {
      setConfirmAll(true);
      return;
    }
    onAdd(newNames);
    setConfirmAll(false);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" && hits.length > 0) {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === "ArrowUp" && hits.length > 0) {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      // The list still shows the previous pattern's matches: Enter waits for this one's.
      if (searching) return;
      if (e.ctrlKey || e.metaKey) addAll();
      else if (hits[active]) {
        addOne(hits[active]!.entry.name);
        setActive((a) => Math.min(a + 1, hits.length - 1));
      }
    } else if (e.key === "Escape") {
      setQuery("");
    }
  };

  const tooMany = result !== null && result.total > ADD_ALL_CAP;
  const activeId = hits[active] ? `search-option-${active}` : undefined;
  return (
    <section class="ed-search" aria-labelledby="ed-search-title">
      <h2 id="ed-search-title">Add from the catalog</h2>
      <label for="ed-search-input">
        Search channel names (regular expression, case-insensitive)
      </label>
      <input
        id="ed-search-input"
        class="ed-search-input"
        type="search"
        role="combobox"
        list={undefined}
        aria-expanded={hits.length > 0}
        aria-controls="ed-search-results"
        aria-activedescendant={activeId}
        aria-describedby="ed-search-status"
        autocomplete="off"
        spellcheck={false}
        placeholder={catalog ? `e.g. SARES12.*INTENSITY — ${catalog.size.toLocaleString("en")} channels` : "loading the catalog…"}
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        onKeyDown={onKeyDown}
      />
      <p id="ed-search-status" class="ed-search-status" role="status">
        {catalogError ? (
          <span class="ed-error">catalog not available: {catalogError}</span>
        ) : !catalog ? (
          "loading the catalog…"
        ) : typeof pattern === "string" ? (
          <span class="ed-error">{pattern}</span>
        ) : fresh && answer.problem ? (
          <span class="ed-error" data-testid="search-problem">
            {answer.problem}
          </span>
        ) : searching ? (
          "searching…"
        ) : result ? (
          <>
            <strong data-testid="match-count">{result.total.toLocaleString("en")}</strong> {result.total === 1 ? "match" : "matches"}
            {result.total > SHOWN && `, first ${SHOWN} shown`} · ↑↓ to choose, Enter to add, Ctrl+Enter to add all
          </>
        ) : (
          `${catalog.size.toLocaleString("en")} channels in the catalog${catalog.complete ? "" : " (incomplete: a dispatcher has not answered yet)"}`
        )}
      </p>
      {result && result.total > 0 && (
        <div class="ed-search-actions">
          {tooMany ? (
            <span class="ed-warn">More than {ADD_ALL_CAP.toLocaleString("en")} matches: narrow the pattern to add them all at once.</span>
          ) : confirmAll ? (
            <>
              <button type="button" class="ed-primary" onClick={addAll} autoFocus>
                Yes, add {newNames.length.toLocaleString("en")} channels
              </button>
              <button type="button" onClick={() => setConfirmAll(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" onClick={addAll} disabled={newNames.length === 0}>
              {newNames.length === 0 ? "All matches are in the set" : `Add all ${newNames.length.toLocaleString("en")} matches${newNames.length < result.total ? ` (${result.total - newNames.length} already in)` : ""}`}
            </button>
          )}
        </div>
      )}
      {hits.length > 0 && (
        <ul id="ed-search-results" class={`ed-results${searching ? " ed-results-stale" : ""}`} role="listbox" aria-label="matching channels" aria-busy={searching} ref={listRef}>
          {hits.map((h, i) => {
            const added = inSet(h.entry.name);
            return (
              <li
                key={h.entry.name}
                id={`search-option-${i}`}
                data-index={i}
                data-name={h.entry.name}
                role="option"
                aria-selected={i === active}
                class={`ed-result${i === active ? " ed-result-active" : ""}${added ? " ed-result-added" : ""}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  setActive(i);
                  addOne(h.entry.name);
                }}
              >
                <span class="ed-result-name">
                  <Highlight hit={h} />
                </span>
                <span class="ed-result-info">{describeEntry(h.entry)}</span>
                <span class="ed-result-state">{added ? "✓ in set" : "+ add"}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
