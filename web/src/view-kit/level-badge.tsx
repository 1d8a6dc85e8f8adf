/** A level as word, shape and colour (never colour alone), the same look as the tiles. */
import { LEVEL_LOOK } from "../status-style.js";
import type { Level } from "../types.js";
import "./view-kit.css";

export function LevelBadge({ level }: { level: Level }) {
  const look = LEVEL_LOOK[level];
  return (
    <span class={`level-badge level-${level}`} data-level={level}>
      <span aria-hidden="true">{look.icon}</span> {look.word}
    </span>
  );
}
