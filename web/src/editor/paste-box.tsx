/** Paste a list (one per line, `#` comments, commas/whitespace too) and see what it did. */
import { useState } from "preact/hooks";
import type { Catalog } from "./catalog.js";
import { parseNames } from "./parse-names.js";

export interface AddOutcome {
  added: number;
  /** Already in the set. */
  skipped: number;
  /** Over the per-set limit. */
  refused: number;
}

interface Props {
  catalog: Catalog | null;
  onAdd: (names: string[]) => AddOutcome;
}

interface Report {
  outcome: AddOutcome;
  repeated: number;
  unknown: string[];
  invalid: Array<{ line: number; text: string }>;
  unverified: boolean;
}

export function PasteBox({ catalog, onAdd }: Props) {
  const [text, setText] = useState("");
  const [report, setReport] = useState<Report | null>(null);

  const add = () => {
    const parsed = parseNames(text);
    const outcome = onAdd(parsed.names);
    const unknown = catalog?.complete ? parsed.names.filter((n) => !catalog.has(n)) : [];
    setReport({ outcome, repeated: parsed.repeated, unknown, invalid: parsed.invalid, unverified: !catalog?.complete });
    // What could not be added stays in the box to fix.
    setText(parsed.invalid.map((b) => b.text).join("\n"));
  };

  return (
    <section class="ed-paste" aria-labelledby="ed-paste-title">
      <h2 id="ed-paste-title">Paste a list</h2>
      <label for="ed-paste-input">One channel per line (# comments); commas and spaces also separate names</label>
      <textarea
        id="ed-paste-input"
        rows={5}
        spellcheck={false}
        value={text}
        placeholder={"# e.g.\nSARES12-PBPS567:INTENSITY\nSARES12-PBPS567:XPOS, SARES12-PBPS567:YPOS"}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            add();
          }
        }}
      />
      <div class="ed-row">
        <button type="button" onClick={add} disabled={text.trim() === ""}>
          Add pasted names
        </button>
        <span class="muted">Ctrl+Enter</span>
      </div>
      {report && (
        <div class="ed-paste-report" role="status" data-testid="paste-report">
          <p>
            <strong>{report.outcome.added}</strong> added
            {report.outcome.skipped + report.repeated > 0 && <> · {report.outcome.skipped + report.repeated} duplicates skipped</>}
            {report.outcome.refused > 0 && <span class="ed-error"> · {report.outcome.refused} refused (a set holds at most 20,000)</span>}
          </p>
          {report.unknown.length > 0 && (
            <p class="ed-warn">
              ⚠ {report.unknown.length} not in the catalog (flagged in the table): {report.unknown.slice(0, 10).join(", ")}
              {report.unknown.length > 10 && ` and ${report.unknown.length - 10} more`}
            </p>
          )}
          {report.unverified && <p class="ed-warn">? Names not checked: the catalog is not complete yet.</p>}
          {report.invalid.length > 0 && (
            <p class="ed-error">
              ✕ {report.invalid.length} not channel names, left in the box:{" "}
              {report.invalid
                .slice(0, 5)
                .map((b) => `line ${b.line}: "${b.text}"`)
                .join("; ")}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
