/**
 * The code of the regex search worker thread (see regex-search.ts). It is plain JavaScript
 * run with `eval: true`, so the same worker starts from the TypeScript sources (tests, tsx)
 * and from the compiled dist/ without a separate build step or loader for the worker.
 *
 * Messages in:  { kind: "names", names: string[] }            the catalog names to search
 *               { kind: "match", id, source, flags }           -> { id, indices: number[] }
 *                                                              or { id, error: string }
 */
export const REGEX_WORKER_SOURCE = String.raw`
const { parentPort } = require("node:worker_threads");
let names = [];
parentPort.on("message", (msg) => {
  if (msg.kind === "names") {
    names = msg.names;
    return;
  }
  if (msg.kind !== "match") return;
  let pattern;
  try {
    pattern = new RegExp(msg.source, msg.flags);
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err && err.message) });
    return;
  }
  const indices = [];
  for (let i = 0; i < names.length; i++) {
    pattern.lastIndex = 0;
    if (pattern.test(names[i])) indices.push(i);
  }
  parentPort.postMessage({ id: msg.id, indices });
});
`;
