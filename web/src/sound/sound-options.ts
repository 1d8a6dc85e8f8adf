/**
 * The sound's settings: speech on/off (remembered in this browser; `?speak=1|0` in the URL
 * wins, so a kiosk wall can be set up by its address) and the nag interval (`?nag=SECONDS`).
 */
export interface SoundOptions {
  speak: boolean;
  /** How often an alarm repeats while alerts wait for acknowledgement. */
  nagMs: number;
  /** URL options that were not understood and why (shown, never silently dropped). */
  problems: string[];
}

export const DEFAULT_NAG_SECONDS = 30;
export const NAG_SECONDS_RANGE = { min: 2, max: 3600 } as const;
const SPEECH_KEY = "channelwatch.speak";

export function parseSoundOptions(query: URLSearchParams, storedSpeak: string | null): SoundOptions {
  const problems: string[] = [];
  let speak = storedSpeak === "1";
  const s = query.get("speak");
  if (s === "1" || s === "0") speak = s === "1";
  else if (s !== null) problems.push(`speak=${s} ignored: use speak=1 or speak=0`);

  let nagSeconds = DEFAULT_NAG_SECONDS;
  const n = query.get("nag");
  if (n !== null) {
    const v = Number(n);
    if (n.trim() !== "" && Number.isFinite(v) && v >= NAG_SECONDS_RANGE.min && v <= NAG_SECONDS_RANGE.max) nagSeconds = v;
    else problems.push(`nag=${n} ignored: seconds from ${NAG_SECONDS_RANGE.min} to ${NAG_SECONDS_RANGE.max}`);
  }
  return { speak, nagMs: nagSeconds * 1000, problems };
}

function storedSpeech(): string | null {
  try {
    return localStorage.getItem(SPEECH_KEY);
  } catch {
    return null; // storage blocked (private mode, policy): speech starts off
  }
}

export function loadSoundOptions(): SoundOptions {
  return parseSoundOptions(new URLSearchParams(location.search), storedSpeech());
}

export function rememberSpeech(on: boolean): void {
  try {
    localStorage.setItem(SPEECH_KEY, on ? "1" : "0");
  } catch {
    // not remembered; the toggle still works for this page
  }
}
