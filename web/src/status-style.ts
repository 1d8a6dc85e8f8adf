/** Each level has a word and a shape besides its colour: never colour alone (ISA-101). */
import type { Level } from "./types.js";

export const LEVEL_LOOK: Record<Level, { word: string; icon: string }> = {
  ok: { word: "OK", icon: "✓" },
  warning: { word: "WARNING", icon: "▲" },
  error: { word: "ERROR", icon: "✕" },
  unknown: { word: "UNKNOWN", icon: "?" },
};
