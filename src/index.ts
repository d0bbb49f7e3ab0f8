// The public library API of airlock.
export { loadSensitiveCatalog, checkSensitiveCatalog } from "./catalog/sensitive-files.js";
export type { SensitiveCatalog, CatalogMatch, SensitiveFileRule } from "./catalog/sensitive-files.js";
