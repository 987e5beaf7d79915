export { type ExpressionData, type EvaluationLimits, type ExpressionExtras, DEFAULT_LIMITS } from './data.js';
export { ExpressionError } from './errors.js';
export { evaluateTemplate, evaluateTemplateKeepingDateTime, checkTemplate } from './evaluate.js';
export { ZonedDateTime } from './date-time.js';
export { hasExpression } from './template.js';
export { markCallable } from './guards.js';
export { ItemExpressionData, type ExpressionSources } from './sources.js';
