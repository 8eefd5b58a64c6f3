// The thread of `sumCustomersOnThread`: sums its share of the customers into the shared memory, then answers.
import {sumCustomers, type CustomerSumsTask} from "../data-loaders/rfm.ts";
import {answerOnce} from "./answer-once.ts";

answerOnce("scripts/sums-worker.ts", "sumCustomersOnThread", (task: CustomerSumsTask) => {
  sumCustomers(task);
  return null;
});
