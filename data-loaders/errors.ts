// Fatal problems carry where they happened and what was expected, so that the CLI and the loaders can print
// one clear sentence instead of a stack trace.

export interface SegmentErrorDetails {
  file?: string;
  line?: number;
  column?: number | string;
  found?: string;
  expected?: string;
}

export class SegmentError extends Error {
  readonly details: SegmentErrorDetails;

  constructor(problem: string, details: SegmentErrorDetails = {}) {
    super(formatMessage(problem, details));
    this.name = "SegmentError";
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
  if (found !== undefined) message += `; found ${quote(found)}`;
  if (expected !== undefined) message += `; expected ${expected}`;
  return message;
}

/** Shows a value as read, cut short so that a 10 MB line cannot flood the terminal. */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
  return JSON.stringify(shown);
}
