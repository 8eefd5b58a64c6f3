// Every JSON file the report's pages read, from one segmentation. They travel in one archive (src/data/site.tar.ts)
// because each loader is a process that re-reads the segmentation: one process instead of eight keeps builds fast.
import type {Segmentation} from "./pipeline.ts";
import type {ArchiveEntry} from "./site-archive.ts";
import {compareCountries, countryDetails} from "./site-countries.ts";
import {customerTable, scatterSample} from "./site-customers.ts";
import {featureHistograms} from "./site-histograms.ts";
import {migrationReport} from "./site-migration.ts";
import {qualityReport} from "./site-quality.ts";
import {formatMigrationCsv} from "./write-outputs.ts";

/**
 * The site's data files, by path inside data/site/: summary.json and timeline.json as the pipeline wrote them, then
 * the shaped files and migration.csv, then one small file per country (countries/<slug>.json). Same segmentation,
 * same bytes.
 */
export function siteFiles({summary, customers, timeline, migration}: Segmentation): ArchiveEntry[] {
  const comparison = compareCountries(summary.segments, summary.countries);
  // The build's seed, so that another seed gives another (again reproducible) sample.
  const seed = typeof summary.settings.seed === "number" ? summary.settings.seed : 0;
  const json = (name: string, value: unknown): ArchiveEntry => ({name, content: JSON.stringify(value)});
  return [
    json("summary.json", summary),
    json("timeline.json", timeline),
    json("countries.json", comparison),
    json("quality.json", qualityReport(summary)),
    json(
      "histograms.json",
      featureHistograms(
        customers,
        summary.segments.map((segment) => segment.cluster)
      )
    ),
    json("scatter.json", scatterSample(customers, summary.countries, {seed})),
    json("customer-table.json", customerTable(customers, summary.countries)),
    json("migration.json", migrationReport(migration, summary)),
    // The same bytes as the CLI's migration.csv; without an earlier run, the header alone (the page offers no link).
    {name: "migration.csv", content: formatMigrationCsv(migration?.transitions ?? [])},
    ...countryDetails(comparison, customers).map(({slug, detail}) => json(`countries/${slug}.json`, detail))
  ];
}
