// Failures (not findings): thrown, caught by the CLI, printed as one line, exit code 2.
export class GtmapError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GtmapError';
  }
}

/** Bad command line: unknown option, conflicting flags, a folder that does not exist. */
export class UsageError extends GtmapError {
  override name = 'UsageError';
}

/** The map could not be read at all (missing header, unreadable folder). */
export class LoadError extends GtmapError {
  override name = 'LoadError';
}

/** The output could not be written. */
export class WriteError extends GtmapError {
  override name = 'WriteError';
}
