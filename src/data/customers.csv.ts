import {formatCustomersCsv} from "../../data-loaders/customers-csv.ts";
import {siteSegmentation} from "../../data-loaders/site-data.ts";

const {customers, summary} = await siteSegmentation();
process.stdout.write(formatCustomersCsv(customers, summary.segments));
