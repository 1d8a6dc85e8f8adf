/**
 * The set editor (`/sets/new`, `/sets/{name}`): build a channel set from the catalog (instant
 * regex search) or a pasted list, set per-channel expectations, save with version checks,
 * save as, load, restore an old version, import/export, watch. Names the catalog does not
 * know are flagged in the table, and saving them needs an explicit "save anyway".
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { RequestError, api } from "../api.js";
import type { SetListEntry } from "../api-types.js";
import { fetchCatalog, type Catalog } from "./catalog.js";
import { ChannelSearch } from "./channel-search.js";
import { ChannelTable, knownState } from "./channel-table.js";
import { readSetFile } from "./import-file.js";
import { PasteBox, type AddOutcome } from "./paste-box.js";
import { MAX_CHANNELS, SET_NAME, bodyOf, draftOf, emptyDraft, sameContent, type ChannelSpec, type Draft, type SavedSet } from "./set-model.js";
import { VersionHistory } from "./version-history.js";
import { WatchControl } from "./watch-control.js";
import "./editor.css";

type Note = { kind: "ok" | "error"; text: string } | { kind: "conflict"; text: string } | { kind: "confirm-unknown"; text: string; unknown: string[] };

const setPath = (name: string | null) => (name === null ? "/sets/new" : `/sets/${encodeURIComponent(name)}`);

function nameFromLocation(): string | null {
  const m = /^\/sets\/([^/]+)\/?$/.exec(location.pathname);
  return m && m[1] !== "new" ? decodeURIComponent(m[1]!) : null;
}

const isConflict = (e: unknown) => e instanceof RequestError && e.status === 409 && e.code === "VERSION_CONFLICT";

function message(e: unknown): string {
  return e instanceof RequestError ? `${e.message} (${e.code})` : (e as Error).message;
}

export function SetEditor({ name }: { name: string | null; params: URLSearchParams }) {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  /** The saved set being edited (null: a new set). */
  const [saved, setSaved] = useState<SavedSet | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [watched, setWatched] = useState(false);
  const [loading, setLoading] = useState(name !== null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [sets, setSets] = useState<SetListEntry[]>([]);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [saveAsName, setSaveAsName] = useState<string | null>(null);
  const [loadChoice, setLoadChoice] = useState("");
  const [ioNote, setIoNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const base = useMemo(() => (saved ? draftOf(saved) : emptyDraft()), [saved]);
  const dirty = !sameContent(draft, base);
  /** For the history listener, which outlives renders: are there unsaved changes, and to which set. */
  const leaving = useRef({ dirty, shown: saved?.name ?? null });
  leaving.current = { dirty, shown: saved?.name ?? null };
  const names = useMemo(() => new Set(draft.channels.map((c) => c.name)), [draft.channels]);
  const inSet = useCallback((n: string) => names.has(n), [names]);
  const unknown = useMemo(() => (catalog?.complete ? draft.channels.filter((c) => knownState(catalog, c.name) === "no").map((c) => c.name) : []), [catalog, draft.channels]);

  const refreshSets = () =>
    api.get<{ sets: SetListEntry[] }>("/sets").then(
      (r) => setSets(r.sets),
      () => undefined,
    );

  const show = (set: SavedSet, how: "push" | "replace" | "none") => {
    setSaved(set);
    setDraft(draftOf(set));
    if (set.watched !== undefined) setWatched(set.watched);
    if (how === "push" && nameFromLocation() !== set.name) history.pushState(null, "", setPath(set.name));
    if (how === "replace") history.replaceState(null, "", setPath(set.name));
  };

  const load = async (setName: string | null, how: "push" | "none") => {
    setNote(null);
    setIoNote(null);
    setSaveAsName(null);
    setLoadError(null);
    if (setName === null) {
      setSaved(null);
      setDraft(emptyDraft());
      setWatched(false);
      if (how === "push") history.pushState(null, "", setPath(null));
      return;
    }
    setLoading(true);
    try {
      show(await api.get<SavedSet>(`/sets/${encodeURIComponent(setName)}`), how);
    } catch (e) {
      setLoadError(message(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    fetchCatalog().then(setCatalog, (e: Error) => setCatalogError(e.message));
    void refreshSets();
    void load(name, "none");
    const onPop = () => {
      // Back/Forward within the page fire no beforeunload: ask here, and stay (URL included) if told to.
      if (leaving.current.dirty && !confirm("Discard your unsaved changes?")) {
        history.pushState(null, "", setPath(leaving.current.shown));
        return;
      }
      void load(nameFromLocation(), "none");
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    addEventListener("beforeunload", warn);
    return () => removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    document.title = `${saved ? saved.name : "New set"}${dirty ? " •" : ""} — ChannelWatch editor`;
  }, [saved, dirty]);

  const addNames = (list: string[]): AddOutcome => {
    const fresh = list.filter((n) => !names.has(n));
    const room = Math.max(0, MAX_CHANNELS - draft.channels.length);
    const taken = fresh.slice(0, room);
    if (taken.length > 0) setDraft((d) => ({ ...d, channels: [...d.channels, ...taken.map((n) => ({ name: n }))] }));
    return { added: taken.length, skipped: list.length - fresh.length, refused: fresh.length - taken.length };
  };
  const setChannels = (channels: ChannelSpec[]) => setDraft((d) => ({ ...d, channels }));
  const field = (key: "name" | "description" | "owner" | "tags") => (e: Event) => {
    const value = (e.target as HTMLInputElement).value;
    setDraft((d) => ({ ...d, [key]: value }));
  };

  /** Says who saved `target` after the version this editor loaded. */
  const showConflict = async (target: string, advice: string) => {
    const theirs = await api.get<SavedSet>(setPath(target)).catch(() => null);
    const who = theirs ? ` (version ${theirs.version}, by ${theirs.updatedBy}${theirs.updatedAt ? ` at ${new Date(theirs.updatedAt).toLocaleTimeString("sv-SE")}` : ""})` : "";
    setNote({ kind: "conflict", text: `Someone else saved ${target}${who} after your version ${saved?.version}. ${advice}` });
  };

  /** POST (new name) or PUT (with the version edited); unknown names need `confirmed`. */
  const save = async (opts: { asName?: string; confirmed?: boolean; overVersion?: number } = {}) => {
    const target = opts.asName ?? (saved ? saved.name : draft.name.trim());
    if (!SET_NAME.test(target)) {
      setNote({ kind: "error", text: target === "" ? "Give the set a name first." : `"${target}" is not a set name: letters, digits, . _ - (starting with a letter or digit).` });
      return;
    }
    if (unknown.length > 0 && !opts.confirmed) {
      setNote({ kind: "confirm-unknown", text: `${unknown.length} channel${unknown.length === 1 ? " is" : "s are"} not in the catalog: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? " …" : ""}. Such a channel will show as not configured.`, unknown });
      return;
    }
    setBusy(true);
    setNote(null);
    try {
      const body = { ...bodyOf(draft), name: target };
      let result: SavedSet;
      if (saved && opts.asName === undefined) {
        result = await api.send<SavedSet>("PUT", setPath(target), { ...body, version: opts.overVersion ?? saved.version });
      } else {
        result = await api.send<SavedSet>("POST", "/sets", body);
      }
      show({ ...result, watched: opts.asName === undefined ? watched : false }, saved && opts.asName === undefined ? "none" : saved ? "push" : "replace");
      setSaveAsName(null);
      setNote({ kind: "ok", text: `Saved ${result.name} version ${result.version} (${result.channels.length} channels).` });
      void refreshSets();
    } catch (e) {
      if (isConflict(e)) await showConflict(target, "Your edits are still here: reload theirs (and lose yours), or save yours over theirs.");
      else setNote({ kind: "error", text: `Not saved: ${message(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const overwrite = async () => {
    if (!saved) return;
    try {
      const current = await api.get<SavedSet>(setPath(saved.name));
      await save({ confirmed: true, overVersion: current.version });
    } catch (e) {
      setNote({ kind: "error", text: message(e) });
    }
  };

  const restore = async (old: SavedSet) => {
    if (!saved) return;
    if (dirty && !confirm(`Restoring version ${old.version} replaces your unsaved changes. Go on?`)) return;
    setNote(null);
    try {
      // Over the version this editor loaded: a save by someone else meanwhile is a conflict, not overwritten.
      const result = await api.send<SavedSet>("PUT", setPath(saved.name), { ...bodyOf(draftOf(old)), name: saved.name, version: saved.version });
      show({ ...result, watched }, "none");
      setNote({ kind: "ok", text: `Restored version ${old.version} as version ${result.version}.` });
    } catch (e) {
      if (isConflict(e)) await showConflict(saved.name, `Version ${old.version} was not restored: reload theirs first, then restore again if still wanted.`);
      else setNote({ kind: "error", text: `Not restored: ${message(e)}` });
    }
  };

  const loadOther = (target: string) => {
    if (target === "" || (saved && target === saved.name)) return;
    if (dirty && !confirm("Discard your unsaved changes?")) return;
    void load(target, "push");
  };

  const importFile = async (file: File) => {
    setIoNote(null);
    try {
      const imported = readSetFile(file.name, await file.text());
      if (imported.channels.length > MAX_CHANNELS) throw new Error(`the file has ${imported.channels.length} channels; a set holds at most ${MAX_CHANNELS}`);
      setDraft((d) => ({
        name: saved ? d.name : d.name || imported.name || "",
        description: imported.description ?? d.description,
        owner: imported.owner ?? d.owner,
        tags: imported.tags ? imported.tags.join(", ") : d.tags,
        channels: imported.channels,
      }));
      const missing = catalog?.complete ? imported.channels.filter((c) => !catalog.has(c.name)).length : 0;
      setIoNote({
        kind: imported.problems.length > 0 ? "error" : "ok",
        text: `Imported ${imported.channels.length} channels from ${file.name} (not saved yet)${missing > 0 ? `; ${missing} not in the catalog` : ""}${imported.problems.length > 0 ? `; skipped: ${imported.problems.slice(0, 3).join("; ")}` : ""}.`,
      });
    } catch (e) {
      setIoNote({ kind: "error", text: `Import failed: ${(e as Error).message}` });
    }
  };

  // Ctrl+S saves wherever the focus is (even after the focused row was removed).
  const saveKey = useRef<() => void>(() => undefined);
  saveKey.current = () => {
    if (!busy && (saved === null || dirty)) void save();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        saveKey.current();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);

  if (loadError) {
    return (
      <main class="page ed">
        <h1>Set editor</h1>
        <p class="ed-error" role="alert">
          Could not open set {name}: {loadError}
        </p>
        <p>
          <a href="/sets/new">Start a new set</a> · <a href="/">all sets</a>
        </p>
      </main>
    );
  }

  const exportHref = (format: "txt" | "json") => `/api/v1/sets/${encodeURIComponent(saved?.name ?? "")}/export?format=${format}`;
  return (
    <main class="page ed">
      <header class="ed-head">
        <h1>{saved ? saved.name : "New set"}</h1>
        {saved && (
          <span class="muted" data-testid="saved-version">
            version {saved.version} · saved {saved.updatedAt ? new Date(saved.updatedAt).toLocaleString("sv-SE") : ""} by {saved.updatedBy}
          </span>
        )}
        {dirty ? (
          <span class="ed-dirty" data-testid="dirty">
            ● unsaved changes
          </span>
        ) : (
          saved && <span class="muted">✓ all saved</span>
        )}
        {loading && <span class="muted">loading…</span>}
      </header>

      <div class="ed-toolbar" role="toolbar" aria-label="set actions">
        <button type="button" class="ed-primary" disabled={busy || (saved !== null && !dirty)} onClick={() => void save()} title="Ctrl+S">
          {saved ? "Save" : "Create set"}
        </button>
        {saved && (
          <button type="button" disabled={busy} onClick={() => setSaveAsName(saveAsName === null ? `${saved.name}-copy` : null)} aria-expanded={saveAsName !== null}>
            Save as…
          </button>
        )}
        <label class="ed-inline">
          Load
          <select value={loadChoice} onChange={(e) => setLoadChoice((e.target as HTMLSelectElement).value)} aria-label="set to load">
            <option value="">choose a set…</option>
            {sets.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name} ({s.channelCount}){s.watched ? " · watched" : ""}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={loadChoice === ""} onClick={() => loadOther(loadChoice)}>
          Open
        </button>
        <span class="ed-spacer" />
        {saved && <WatchControl name={saved.name} watched={watched} dirty={dirty} onWatched={setWatched} />}
      </div>

      {saveAsName !== null && (
        <form
          class="ed-row ed-saveas"
          onSubmit={(e) => {
            e.preventDefault();
            void save({ asName: saveAsName.trim() });
          }}
        >
          <label class="ed-inline">
            New name
            <input value={saveAsName} onInput={(e) => setSaveAsName((e.target as HTMLInputElement).value)} autoFocus required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" />
          </label>
          <button type="submit" class="ed-primary" disabled={busy}>
            Save as new set
          </button>
          <button type="button" onClick={() => setSaveAsName(null)}>
            Cancel
          </button>
        </form>
      )}

      {note && (
        <div class={`ed-note ed-note-${note.kind}`} role={note.kind === "ok" ? "status" : "alert"} data-testid="save-note" data-kind={note.kind}>
          <span>{note.text}</span>
          {note.kind === "confirm-unknown" && (
            <>
              <button type="button" class="ed-primary" onClick={() => void save({ confirmed: true, asName: saveAsName?.trim() || undefined })}>
                Save anyway
              </button>
              <button type="button" onClick={() => setNote(null)}>
                Cancel
              </button>
            </>
          )}
          {note.kind === "conflict" && saved && (
            <>
              <button type="button" onClick={() => void load(saved.name, "none")}>
                Reload theirs
              </button>
              <button type="button" onClick={() => void overwrite()}>
                Save mine over theirs
              </button>
            </>
          )}
        </div>
      )}

      <fieldset class="ed-meta">
        <legend>Set</legend>
        <label>
          Name
          <input value={saved ? saved.name : draft.name} readOnly={saved !== null} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" maxLength={100} placeholder="e.g. alvra-pp" onInput={field("name")} title={saved ? "a set cannot be renamed: use Save as" : undefined} />
        </label>
        <label>
          Description
          <input value={draft.description} maxLength={2000} onInput={field("description")} />
        </label>
        <label>
          Owner
          <input value={draft.owner} maxLength={200} placeholder="you, if empty" onInput={field("owner")} />
        </label>
        <label>
          Tags
          <input value={draft.tags} placeholder="comma separated" onInput={field("tags")} />
        </label>
      </fieldset>

      <div class="ed-add">
        <ChannelSearch catalog={catalog} catalogError={catalogError} inSet={inSet} onAdd={addNames} />
        <PasteBox catalog={catalog} onAdd={addNames} />
      </div>

      <ChannelTable channels={draft.channels} catalog={catalog} onChange={setChannels} />

      <section class="ed-io" aria-labelledby="ed-io-title">
        <h2 id="ed-io-title">Import and export</h2>
        <div class="ed-row">
          <label class="ed-inline">
            Import a file (.txt one name per line, or a .json export) — replaces the channels, not saved until you save
            <input type="file" accept=".txt,.json,text/plain,application/json" onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void importFile(file).finally(() => (input.value = ""));
            }} />
          </label>
        </div>
        {saved ? (
          <div class="ed-row">
            Export the saved version {saved.version}:
            <a class="control-link" href={exportHref("txt")} download={`${saved.name}.txt`}>
              Download .txt
            </a>
            <a class="control-link" href={exportHref("json")} download={`${saved.name}.json`}>
              Download .json
            </a>
          </div>
        ) : (
          <p class="muted">Export is available once the set is saved.</p>
        )}
        {ioNote && (
          <p class={ioNote.kind === "ok" ? "ed-ok" : "ed-error"} role="status" data-testid="io-note">
            {ioNote.text}
          </p>
        )}
      </section>

      {saved && <VersionHistory name={saved.name} version={saved.version} onRestore={restore} />}
    </main>
  );
}
