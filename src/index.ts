/**
 * non-recours: find the social rights, local aids and solidarity tariffs a household is entitled to and
 * does not claim. This entry runs unchanged in a browser: no `fs`, no `process`, no clock.
 */
export { compileCatalog, createEvaluator, evaluateCompact, evaluateHousehold, explainHousehold, type CompiledCatalog, type EvaluateOptions, type Evaluator } from './api.js';
export { defaultCatalog } from './catalog/default.js';
export { loadCatalog, type Catalog, type CatalogInput, type Rule, type SourceFile } from './rules/catalog.js';
export type { NamedValue, ValueBody, ValueType } from './rules/values.js';
export { readCaseFile, runCases, mergePatch, type CaseFile, type CaseResult, type CaseFailure, type CaseExpectation, type RuleCase } from './rules/cases.js';
export { ruleFileJsonSchema, parameterFileJsonSchema, valuesFileJsonSchema } from './rules/json-schema.js';
export { territoryIssues, type Territory, type TerritoryIssue } from './rules/territory.js';
export type { Parameter, ParameterValue, Source } from './rules/parameters.js';
export type { AmountAst, ConditionAst, ExprAst, Operator, Period } from './rules/ast.js';
export { OPERATORS, PERIODS } from './rules/ast.js';
export { STATUSES, type CompactResult, type Status } from './engine/evaluator.js';
export { NOTICE, type ExplainOptions, type Question, type Report, type ReportResult, type UnclaimedSummary } from './report/report.js';
export { NON_TAKE_UP_CAUSE } from './report/format.js';
export type { Change, Distance, Hold } from './report/distance.js';
export type { OutlookEvent } from './report/outlook.js';
export type { AmountResult, ConditionTrace, NamedValueResult, RuleResult } from './report/explain.js';
export { parseHousehold, safeParseHousehold, type HouseholdIssue, type HouseholdParseOptions, type HouseholdParseResult } from './household/parse.js';
export { claimIssues } from './household/claims.js';
export { householdSchema, type Household, type Income, type Person } from './household/schema.js';
export { householdJsonSchema } from './household/json-schema.js';
export { CLAIM_STATES, INCOME_KINDS, type ClaimState, type IncomeKind } from './household/enums.js';
export { factCatalog, type FactInfo } from './facts/catalog.js';
export { prepareHousehold, type PreparedHousehold } from './facts/context.js';
export { incomePolicySchema, type IncomePolicy } from './facts/income-policy.js';
export { toJsonRulesEngine, oracleFacts } from './oracle/json-rules-engine.js';
export { NonRecoursError, type ErrorDetail, type NonRecoursErrorCode } from './errors.js';
export { Money } from './money.js';
export { simulate, simulateSync, startRun, METRICS, type SimulateOptions, type SimulationResult, type SimulationRun, type RuleAggregate, type ReformResult, type Counts } from './simulate/simulate.js';
export { parseReform, overlayParameters, reformSchema, type Reform } from './simulate/reform.js';
export { HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, householdType, type HouseholdType } from './simulate/household-type.js';
export { lintCatalog, type LintIssue } from './rules/lint.js';
export { renderCatalogDocs, renderRulePage, type DocFile } from './docs/render.js';
export { formState, type FormState } from './form/form.js';
export { applyAnswer, type IncomeAnswer } from './form/answer.js';
export { LABELS, VOCABULARY_LABELS, VOCABULARIES, vocabularyLabels } from './household/enums.js';
export { amountSentence } from './report/explain.js';
export { exportToOpenFisca, fromOpenFisca, toOpenFisca, OPENFISCA_MAX_DEPTH, type FromOpenFiscaOptions, type OpenFiscaEntity, type OpenFiscaExport, type OpenFiscaGap, type OpenFiscaImport, type OpenFiscaSituation, type OpenFiscaValues, type ToOpenFiscaOptions } from './openfisca/index.js';
