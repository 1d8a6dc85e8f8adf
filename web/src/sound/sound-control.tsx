/**
 * The panel's sound: feeds the live channels to the announcer and shows whether sound is
 * armed, whether speech is on, what is nagging and what was said last. With controls (not
 * kiosk): arm, test, and the speech toggle. A kiosk arms on any first click or key
 * (panel-view.tsx) and shows the same state without buttons.
 */
import { useEffect, useMemo } from "preact/hooks";
import { useSignal } from "../hooks.js";
import type { ChannelStore } from "../live/channel-store.js";
import { AlertAnnouncer } from "./alert-announcer.js";
import type { AlarmSound } from "./alarm-sound.js";
import { loadSoundOptions, rememberSpeech } from "./sound-options.js";
import "./sound.css";

export function SoundControl({ store, sound, kiosk }: { store: ChannelStore; sound: AlarmSound; kiosk: boolean }) {
  const options = useMemo(loadSoundOptions, []);
  const announcer = useMemo(() => new AlertAnnouncer(sound, options.nagMs), [sound, options]);
  useSignal(sound.changed);
  useSignal(announcer.changed);

  useEffect(() => {
    sound.setSpeech(options.speak && sound.canSpeak);
  }, [sound, options]);

  useEffect(() => {
    const update = () => announcer.update(store.channels(), store.live);
    update();
    const off = store.header.subscribe(update);
    return () => {
      off();
      announcer.dispose();
    };
  }, [store, announcer]);

  const toggleSpeech = () => {
    rememberSpeech(!sound.speech);
    sound.setSpeech(!sound.speech);
  };

  const armed = sound.armed;
  const nag = announcer.nag;
  const state = armed ? (nag ? `ALARM ${nag.level.toUpperCase()}` : "SOUND ARMED") : kiosk ? "SOUND NOT ARMED · click anywhere" : "SOUND NOT ARMED";
  return (
    <div class={`sound sound-${armed ? "armed" : "off"}${nag ? ` sound-nag-${nag.level}` : ""}`} data-sound={armed ? "armed" : "off"} data-nag={nag?.level ?? "none"}>
      <span class="sound-state" role="status" title={armed ? `repeats every ${options.nagMs / 1000} s until acknowledged` : "browsers play sound only after a click or key on the page"}>
        <span class="sound-mark" aria-hidden="true">
          {armed ? "♪" : "✕"}
        </span>
        {state}
      </span>
      {!kiosk && !armed && (
        <button type="button" onClick={() => void sound.arm()}>
          Arm sound
        </button>
      )}
      {!kiosk && armed && (
        <button type="button" onClick={() => sound.test()}>
          Test sound
        </button>
      )}
      {!kiosk && (
        <button type="button" class="sound-speech" aria-pressed={sound.speech} disabled={!sound.canSpeak} title={sound.canSpeak ? "speak the channel names of new alerts" : "this browser cannot speak"} onClick={toggleSpeech}>
          Speech {sound.speech ? "on" : "off"}
        </button>
      )}
      {kiosk && sound.speech && <span class="sound-speech-state">SPEECH ON</span>}
      {announcer.last && (
        <span class="sound-last" data-announcement={announcer.last.text} title={announcer.last.text}>
          {announcer.last.text}
        </span>
      )}
      {options.problems.length > 0 && (
        <span class="sound-problem" role="alert">
          {options.problems.join("; ")}
        </span>
      )}
    </div>
  );
}
