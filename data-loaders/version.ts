// Kept equal to package.json's version by a test; it is part of the cache key of the site's data.
export const toolName = "customer-segments";
export const toolVersion = "0.1.0";
