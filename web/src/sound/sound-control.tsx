/**
 * Drives the alarm from the store (worst unacknowledged, unshelved alert) and shows whether
 * sound is armed; with controls, a button to arm it and one to test it.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import type { AlarmLevel, AlarmSound } from "./alarm-sound.js";

function alarmLevel(store: ChannelStore): AlarmLevel | null {
  if (!store.live) return null;
  let level: AlarmLevel | null = null;
  for (const c of store.channels()) {
    const a = c.alert;
    if (a.state !== "active" || a.acknowledged || a.silenced) continue;
    if (a.level === "error") return "error";
    if (a.level === "warning") level = "warning";
  }
  return level;
}

export function SoundControl({ store, sound, kiosk }: { store: ChannelStore; sound: AlarmSound; kiosk: boolean }) {
  useSignal(store.header);
  useSignal(sound.changed);
  const level = alarmLevel(store);
  useEffect(() => sound.setAlarm(level), [sound, level]);

  const state = sound.armed ? "armed" : "off";
  const label = sound.armed ? (sound.sounding ? `ALARM ${sound.sounding.toUpperCase()}` : "SOUND ARMED") : kiosk ? "SOUND NOT ARMED · click anywhere" : "SOUND NOT ARMED";
  return (
    <div class={`sound sound-${state}`} data-sound={state}>
      <span class="sound-state">{label}</span>
      {!kiosk && !sound.armed && (
        <button type="button" onClick={() => void sound.arm()}>
          Arm sound
        </button>
      )}
      {!kiosk && sound.armed && (
        <button type="button" onClick={() => sound.test()}>
          Test sound
        </button>
      )}
    </div>
  );
}
