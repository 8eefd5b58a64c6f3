import type {Worker} from "node:worker_threads";

/** Starts a reader thread for `takeReaderThread` to hand over later. */
export function prestartReaderThread(): void;
/** The thread `prestartReaderThread` started, the first time and if it is still well, or else a new one. */
export function takeReaderThread(): Worker;
