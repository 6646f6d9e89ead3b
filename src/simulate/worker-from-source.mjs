// The entry of a simulation worker when the library runs from its TypeScript source (tests, `tsx`): on
// Node 20, `--import tsx` registers its hooks on the main thread only, so the worker loads worker.ts through
// tsx's own API. The built library uses dist/simulate-worker.js instead and never reads this file.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
