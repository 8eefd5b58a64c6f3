import {siteSegmentation} from "./data-loaders/site-data.ts";

export default {
  root: "src",
  title: "Customer segments",
  // The default stylesheet pulls Google Fonts; the site must build and render offline.
  globalStylesheets: [],
  search: true,
  pages: [
    {name: "Segments", path: "/segments"},
    {name: "Clusters", path: "/clusters"},
    {name: "Countries", path: "/countries"},
    {name: "Customers", path: "/customers"},
    {name: "Data quality", path: "/data-quality"}
  ],
  async *dynamicPaths() {
    const {summary} = await siteSegmentation();
    for (const country of summary.countries) yield `/countries/${country.slug}`;
  }
};
