import type {Worker} from "node:worker_threads";

/** A new reader thread, run through the launcher as the scripts are (one cached bundle). */
export function spawnReaderThread(): Worker;
/** Starts a reader thread for `takeReaderThread` to hand over later. */
export function prestartReaderThread(): void;
/** The thread `prestartReaderThread` started, the first time and if it is still well, or else a new one. */
export function takeReaderThread(): Worker;
