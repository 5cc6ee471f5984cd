/** A progress event an engine emits; only the CLI renders them (a bar on a TTY, plain lines otherwise). */
export interface ProgressEvent {
  readonly engine: string;
  /** What is happening now, e.g. "probing", "parsing", "reading history". */
  readonly phase: string;
  readonly done: number;
  /** Unknown when the total is not known yet. */
  readonly total?: number;
  readonly message?: string;
}

export type ProgressSink = (e: ProgressEvent) => void;

/** A sink that drops everything (the default for library use and tests). */
export const noProgress: ProgressSink = () => {};
