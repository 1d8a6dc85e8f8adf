/**
 * A bad setting: one line naming where it came from (`config file x.yaml`, `CHANNELWATCH_PORT`,
 * `--port`) and what is wrong, so the user can fix it without reading a stack trace.
 */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
}

/**
 * What a value parser throws: the problem without its origin ("must be an integer …").
 * `path` locates it inside a structured value (`.evaluateMs`, `[2]`); it is shown for file
 * settings, where the user cannot otherwise tell which entry is meant.
 */
export class ConfigProblem extends Error {
  constructor(
    message: string,
    readonly path = "",
  ) {
    super(message);
  }

  /** The same problem one level deeper (`[2]` inside `.dispatchers`). */
  within(segment: string): ConfigProblem {
    return new ConfigProblem(this.message, `${segment}${this.path}`);
  }
}
