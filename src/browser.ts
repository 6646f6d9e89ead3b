/**
 * The browser entry: the evaluator, the bundled catalog and the form API, without the json-rules-engine
 * export (an oracle for tests and servers). No Node built-in is reachable from here (checked by a test).
 */
export { compileCatalog, createEvaluator, evaluateCompact, evaluateHousehold, explainHousehold, type CompiledCatalog, type EvaluateOptions, type Evaluator } from './api.js';
export { defaultCatalog } from './catalog/default.js';
export { loadCatalog, type Catalog, type CatalogInput } from './rules/catalog.js';
export type { Status } from './engine/evaluator.js';
export { NOTICE, type Question, type Report, type ReportResult, type UnclaimedSummary } from './report/report.js';
export type { AmountResult, ConditionTrace, NamedValueResult, RuleResult } from './report/explain.js';
export type { Change, Distance, Hold } from './report/distance.js';
export type { OutlookEvent } from './report/outlook.js';
export { parseHousehold, safeParseHousehold, type HouseholdIssue } from './household/parse.js';
export type { Household } from './household/schema.js';
export { LABELS, VOCABULARY_LABELS, VOCABULARIES, vocabularyLabels, CLAIM_STATES, INCOME_KINDS } from './household/enums.js';
export { formState, type FormState } from './form/form.js';
export { applyAnswer, type IncomeAnswer } from './form/answer.js';
export { amountSentence } from './report/explain.js';
export { frenchDate, frenchNumber, frenchMonth, NON_TAKE_UP_CAUSE } from './report/format.js';
export { NonRecoursError } from './errors.js';
export * from './form/index.js';
