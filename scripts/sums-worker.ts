// The thread of `sumCustomersOnThread`: sums its share of the customers into the shared memory, then answers.
import {parentPort} from "node:worker_threads";
import {sumCustomers, type CustomerSumsTask} from "../data-loaders/rfm.ts";

if (parentPort === null)
  throw new Error("scripts/sums-worker.ts runs as a worker thread, started by sumCustomersOnThread");
const port = parentPort;
port.once("message", (task: CustomerSumsTask) => {
  sumCustomers(task);
  port.postMessage(null);
});
