import {siteOverview} from "./data-loaders/site-data.ts";

export default {
  root: "src",
  // scripts/build.ts builds into a staging directory and swaps it in only when the build succeeded.
  output: process.env.SITE_BUILD_OUTPUT ?? "dist",
  title: "Customer segments",
  // The default global stylesheet pulls Google Fonts, and the theme stylesheet cannot bundle Inputs' CSS; style.css
  // does both offline: Framework's default styles, the air (light) and near-midnight (dark) themes, and Inputs.
  globalStylesheets: [],
  style: "style.css",
  search: true,
  // Loaders run as one esbuild bundle each (scripts/run.mjs), not through tsx, which spends about half a second a
  // process resolving and transpiling the modules one by one.
  interpreters: {".ts": ["node", "scripts/run.mjs"]},
  pages: [
    {name: "Segments", path: "/segments"},
    {name: "Clusters", path: "/clusters"},
    {name: "Countries", path: "/countries"},
    {name: "Customers", path: "/customers"},
    {name: "Changes", path: "/changes"},
    {name: "Data quality", path: "/data-quality"}
  ],
  footer: "Customer segments: RFM features and k-means, built offline with Observable Framework.",
  async *dynamicPaths() {
    const {summary, migration} = await siteOverview();
    for (const country of summary.countries) yield `/countries/${country.slug}`;
    // Download files at stable addresses; data/segments.tar.ts writes them all in one pass.
    for (const segment of summary.segments) yield `/data/segments/${segment.cluster}.csv`;
    // Not a FileAttachment: Framework would then bundle its CSV parser from a CDN for the page.
    if (migration) yield "/data/site/migration.csv";
  }
};
