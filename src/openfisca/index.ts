/** Interoperability with OpenFisca-France: a household as a situation of its web API, and back. */
export { exportToOpenFisca, toOpenFisca, type OpenFiscaExport, type ToOpenFiscaOptions } from './export.js';
export { fromOpenFisca, OPENFISCA_MAX_DEPTH, type FromOpenFiscaOptions, type OpenFiscaImport } from './import.js';
export type { OpenFiscaEntity, OpenFiscaGap, OpenFiscaSituation, OpenFiscaValues } from './types.js';
