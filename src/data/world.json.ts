// Country shapes for the maps, from the world-atlas package rather than a CDN: the site must work offline. The 50m
// resolution because 110m drops small countries that customers live in (Singapore, Malta, Bahrain); simplified,
// because its full detail is invisible at report sizes and makes the Countries page slow.
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {mergeSameId, simplifyTopology} from "../../data-loaders/site-geo.ts";

const file = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
const topology = JSON.parse(await readFile(file, "utf8"));
const simplified = simplifyTopology(topology, {tolerance: 0.04, objects: ["countries"]});
process.stdout.write(JSON.stringify(mergeSameId(simplified, "countries")));
