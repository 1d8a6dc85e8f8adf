/**
 * The set's channels: what the catalog says of each (or that it does not know it), its
 * expectations, edited inline one at a time or for a selection; filter, pages, bulk remove.
 */
import { useMemo, useState } from "preact/hooks";
import { describeEntry, type Catalog } from "./catalog.js";
import { commonExpectations, mergeExpectations, type ExpectationField, type Expectations } from "./bulk-expectations.js";
import { ExpectationForm } from "./expectation-form.js";
import { overridesText, type ChannelSpec } from "./set-model.js";

const PAGE = 200;

interface Props {
  channels: ChannelSpec[];
  catalog: Catalog | null;
  onChange: (channels: ChannelSpec[]) => void;
}

type Known = "yes" | "no" | "unverified";

export function knownState(catalog: Catalog | null, name: string): Known {
  if (catalog?.has(name)) return "yes";
  return catalog?.complete ? "no" : "unverified";
}

function CatalogCell({ catalog, name }: { catalog: Catalog | null; name: string }) {
  const entry = catalog?.entry(name);
  if (entry) return <span class="muted">{describeEntry(entry)}</span>;
  if (catalog?.complete) return <span class="ed-flag ed-flag-unknown">⚠ not in the catalog</span>;
  return <span class="ed-flag ed-flag-unverified">? not verified (catalog {catalog ? "incomplete" : "not loaded"})</span>;
}

export function ChannelTable({ channels, catalog, onChange }: Props) {
  const [filter, setFilter] = useState("");
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  /** The channel whose expectations are open, or "*" for the selection. */
  const [editing, setEditing] = useState<string | null>(null);

  const visible = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return channels
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => (f === "" || c.name.toLowerCase().includes(f)) && (!onlyFlagged || knownState(catalog, c.name) !== "yes"));
  }, [channels, filter, onlyFlagged, catalog]);
  const pages = Math.max(1, Math.ceil(visible.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = visible.slice(current * PAGE, current * PAGE + PAGE);
  const flagged = useMemo(() => channels.filter((c) => knownState(catalog, c.name) === "no").length, [channels, catalog]);
  const selectedHere = channels.filter((c) => selected.has(c.name));

  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setSelected(next);
  };
  const allVisibleSelected = visible.length > 0 && visible.every(({ c }) => selected.has(c.name));
  const toggleAll = () => setSelected(allVisibleSelected ? new Set() : new Set(visible.map(({ c }) => c.name)));
  const remove = (names: Set<string>) => {
    onChange(channels.filter((c) => !names.has(c.name)));
    setSelected(new Set([...selected].filter((n) => !names.has(n))));
    if (editing !== null && (editing === "*" || names.has(editing))) setEditing(null);
  };
  const applyTo = (names: Set<string>, e: Expectations, changed: ReadonlySet<ExpectationField>) => {
    onChange(channels.map((c) => (names.has(c.name) ? mergeExpectations(c, e, changed) : c)));
    setEditing(null);
  };

  return (
    <section class="ed-table-wrap" aria-labelledby="ed-table-title">
      <div class="ed-table-head">
        <h2 id="ed-table-title">
          Channels <span data-testid="channel-count">{channels.length.toLocaleString("en")}</span>
          {flagged > 0 && (
            <span class="ed-flag ed-flag-unknown" data-testid="unknown-count">
              ⚠ {flagged} not in the catalog
            </span>
          )}
        </h2>
        <label class="ed-inline">
          Filter
          <input type="search" value={filter} placeholder="part of a name" onInput={(e) => (setFilter((e.target as HTMLInputElement).value), setPage(0))} />
        </label>
        <label class="ed-inline">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => (setOnlyFlagged((e.target as HTMLInputElement).checked), setPage(0))} />
          only flagged
        </label>
        <span class="ed-spacer" />
        <button type="button" disabled={selectedHere.length === 0} onClick={() => setEditing("*")}>
          Edit expectations of {selectedHere.length} selected
        </button>
        <button type="button" disabled={selectedHere.length === 0} onClick={() => remove(new Set(selectedHere.map((c) => c.name)))}>
          Remove {selectedHere.length} selected
        </button>
      </div>
      {editing === "*" && selectedHere.length > 0 && (
        <ExpectationForm
          {...commonExpectations(selectedHere)}
          target={`${selectedHere.length} selected channels`}
          onApply={(e, changed) => applyTo(new Set(selectedHere.map((c) => c.name)), e, changed)}
          onCancel={() => setEditing(null)}
        />
      )}
      {channels.length === 0 ? (
        <p class="ed-empty">No channels yet: search the catalog or paste a list.</p>
      ) : (
        <table class="ed-table">
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label="select every listed channel" checked={allVisibleSelected} onChange={toggleAll} />
              </th>
              <th scope="col">#</th>
              <th scope="col">Channel</th>
              <th scope="col">Catalog</th>
              <th scope="col">Expectations</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ c, i }) => {
              const known = knownState(catalog, c.name);
              return [
                <tr key={c.name} data-row={c.name} data-known={known} class={known === "no" ? "ed-row-unknown" : undefined}>
                  <td>
                    <input type="checkbox" aria-label={`select ${c.name}`} checked={selected.has(c.name)} onChange={() => toggle(c.name)} />
                  </td>
                  <td class="muted">{i + 1}</td>
                  <td class="ed-name">{c.name}</td>
                  <td>
                    <CatalogCell catalog={catalog} name={c.name} />
                  </td>
                  <td class="ed-overrides">{overridesText(c) || <span class="muted">defaults</span>}</td>
                  <td class="ed-actions">
                    <button type="button" aria-expanded={editing === c.name} aria-label={`edit expectations of ${c.name}`} onClick={() => setEditing(editing === c.name ? null : c.name)}>
                      Edit
                    </button>
                    <button type="button" aria-label={`remove ${c.name}`} onClick={() => remove(new Set([c.name]))}>
                      Remove
                    </button>
                  </td>
                </tr>,
                editing === c.name && (
                  <tr key={`${c.name}/edit`} class="ed-edit-row">
                    <td colSpan={6}>
                      <ExpectationForm value={c} target={c.name} onApply={(e, changed) => applyTo(new Set([c.name]), e, changed)} onCancel={() => setEditing(null)} />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="ed-row" aria-label="channel pages">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
            ← Previous
          </button>
          <span>
            {current * PAGE + 1}–{Math.min(visible.length, (current + 1) * PAGE)} of {visible.length.toLocaleString("en")}
          </span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next →
          </button>
        </nav>
      )}
    </section>
  );
}
