/** One `channelwatch` command module: its `--help` text and what it runs. */
export interface Command {
  /** The full `--help` text. */
  help: string;
  /** Resolves to the exit code; throws UsageError (or a subclass) for one line and exit 2. */
  run(argv: string[]): Promise<number>;
}
