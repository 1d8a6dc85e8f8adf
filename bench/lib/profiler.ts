/**
 * A CPU profile of this process over a window only (not its start-up and warm-up, as
 * `node --cpu-prof` would take), through the inspector. The file opens in Chrome DevTools
 * and in cpuprofile-summary.ts.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export interface RunningProfile {
  /** Stops profiling and writes the profile to `path`. */
  stop(path: string): Promise<void>;
}

export async function startCpuProfile(samplingIntervalUs = 1000): Promise<RunningProfile> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: samplingIntervalUs });
  await session.post("Profiler.start");
  return {
    async stop(path: string): Promise<void> {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      writeFileSync(path, JSON.stringify(profile));
    },
  };
}
