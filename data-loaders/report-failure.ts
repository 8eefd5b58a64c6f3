import {SegmentError} from "./errors.ts";
import {SettingsError} from "./settings.ts";

/**
 * Prints one line for a problem with the input or the settings, and the stack only for bugs. Returns the exit
 * code: 1 for bad input or settings, 70 (EX_SOFTWARE) for a bug.
 */
export function reportFailure(
  error: unknown,
  write: (text: string) => void = (text) => process.stderr.write(text)
): number {
  if (error instanceof SegmentError || error instanceof SettingsError) {
    write(`error: ${error.message}\n`);
    return 1;
  }
  write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}
