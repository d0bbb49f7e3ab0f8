// Imported for its effect: modules that parse import this, so that by the time they run, the
// parser is loaded — the native addon, or the WebAssembly fallback, which loads asynchronously.
// The hook's one-file CommonJS bundle (scripts/bundle-hook.mjs) replaces this module with an
// empty one and awaits loadParser() in its entry instead.
import { loadParser } from "./parse.js";

await loadParser();
