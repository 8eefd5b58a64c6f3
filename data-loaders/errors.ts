// Fatal problems carry where they happened and what was expected, so that the CLI and the loaders can print
// one clear sentence instead of a stack trace.

export interface SegmentErrorDetails {
  file?: string;
  line?: number;
  column?: number | string;
  /** What was there, in words; a raw value from the file should go through `quote()` first. */
  found?: string;
  expected?: string;
}

export class SegmentError extends Error {
  readonly details: SegmentErrorDetails;
  /** The message before the place and the details are added to it. */
  readonly problem: string;

  constructor(problem: string, details: SegmentErrorDetails = {}) {
    super(formatMessage(problem, details));
    this.name = "SegmentError";
    this.problem = problem;
    this.details = details;
  }
}

function formatMessage(problem: string, {file, line, column, found, expected}: SegmentErrorDetails): string {
  const where = [
    file,
    line === undefined ? undefined : `line ${line}`,
    column === undefined ? undefined : `column ${column}`
  ]
    .filter((part) => part !== undefined)
    .join(", ");
  let message = where ? `${where}: ${problem}` : problem;
  if (found !== undefined) message += `; found ${shorten(found, 400)}`;
  if (expected !== undefined) message += `; expected ${expected}`;
  return message;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** Shows a value as read, cut short so that a 10 MB line cannot flood the terminal. */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
  return JSON.stringify(shown);
}
