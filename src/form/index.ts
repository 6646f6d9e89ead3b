/** The form API added for the caseworker's page: the editable summary, amounts as typed, what a form shows. */
export { addPerson, changeAnswer, clearAnswer, removePerson, summarizeHousehold, type AnswerLine, type HouseholdSummary, type PersonSummary, type SummaryOptions } from './summary.js';
export { parseAmount, parseQuantity, type FieldParse } from './amount.js';
export { scopeResults, serviceOf, type HiddenBecause, type ScopedReport, type TariffService } from './scope.js';
