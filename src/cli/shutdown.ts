/**
 * Graceful shutdown of the long-running commands: the first SIGINT or SIGTERM resolves (the
 * command then stops its servers and exits 0); a second one, for a user who does not want
 * to wait, exits at once with 130.
 */
export function untilShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", first);
      process.off("SIGTERM", first);
      console.log(`\n${signal}: shutting down (again to exit at once)`);
      const again = (next: NodeJS.Signals): void => {
        console.error(`${next}: exiting without cleaning up`);
        process.exit(130);
      };
      process.once("SIGINT", again);
      process.once("SIGTERM", again);
      resolve(signal);
    };
    process.on("SIGINT", first);
    process.on("SIGTERM", first);
  });
}
