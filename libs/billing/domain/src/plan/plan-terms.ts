import { UserError, optionalText, requireText } from '@weft/kernel';

// A plan's terms as a customer sees them: price in integer minor units of its currency
// (`2900` with `usd` is $29.00; no floating point anywhere near money), the billing
// interval, the trial, the features it lists and its limits by the reference schema's
// names (`null` = unlimited).

export const PLAN_LIMIT_NAMES = ['workflows', 'executions_per_month', 'team_members', 'credentials', 'storage_gb', 'api_calls_per_hour'] as const;
export type PlanLimitKey = (typeof PLAN_LIMIT_NAMES)[number];
export type PlanLimitValues = Readonly<Record<PlanLimitKey, number | null>>;

export const PLAN_INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type PlanInterval = (typeof PLAN_INTERVALS)[number];

export interface PlanTerms {
  readonly name: string;
  readonly description: string | null;
  /** Minor units of `currency` per interval. */
  readonly price: number;
  /** ISO 4217, lower case (`usd`). */
  readonly currency: string;
  readonly interval: PlanInterval;
  readonly intervalCount: number;
  readonly trialDays: number;
  readonly features: readonly string[];
  readonly limits: PlanLimitValues;
  readonly sortOrder: number;
}

/** What a command may give: everything but the name and price has a default. */
export type PlanTermsInput = Partial<Omit<PlanTerms, 'limits'>> & { readonly limits?: Partial<Record<string, number | null>> };

export const PLAN_NAME_MAX_LENGTH = 100;
export const PLAN_DESCRIPTION_MAX_LENGTH = 1_000;
export const PLAN_FEATURES_MAX = 50;
export const PLAN_FEATURE_MAX_LENGTH = 200;
/** Largest price: 1e11 minor units (a billion dollars), well inside a JavaScript integer and a bigint column. */
export const PLAN_PRICE_MAX = 100_000_000_000;
const CURRENCY = /^[a-z]{3}$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function invalid(field: string, message: string): never {
  throw new UserError('validation', 'plan.terms_invalid', `${field} ${message}.`, { errors: [{ field, message }] });
}

function integerIn(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) invalid(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

/** A plan's slug: lower-case letters, digits and inner dashes, at most 63 characters; it names the plan's stream. */
export function requirePlanSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !SLUG.test(slug)) invalid('slug', 'must be 1 to 63 lower-case letters, digits and inner dashes');
  return slug;
}

function requireLimits(limits: Partial<Record<string, number | null>>, base: PlanLimitValues | undefined): PlanLimitValues {
  for (const name of Object.keys(limits))
    if (!(PLAN_LIMIT_NAMES as readonly string[]).includes(name)) invalid(`limits.${name}`, `is not a limit (the limits are ${PLAN_LIMIT_NAMES.join(', ')})`);
  const entries = PLAN_LIMIT_NAMES.map((name) => {
    const value = name in limits ? limits[name] : (base?.[name] ?? null);
    return [name, value === null || value === undefined ? null : integerIn(value, `limits.${name}`, 0, 1_000_000_000)] as const;
  });
  return Object.fromEntries(entries) as PlanLimitValues;
}

function requireFeatures(features: readonly unknown[]): string[] {
  if (!Array.isArray(features) || features.length > PLAN_FEATURES_MAX) invalid('features', `must be a list of at most ${PLAN_FEATURES_MAX} texts`);
  return features.map((feature, i) => requireText(feature as string, `features[${i}]`, PLAN_FEATURE_MAX_LENGTH, 'plan.terms_invalid'));
}

/**
 * The terms `input` makes, over `base` (a change) or the defaults (a new plan: monthly,
 * no trial, no features, every limit unlimited unless given); a `validation` error
 * naming the first field that is wrong.
 */
export function requirePlanTerms(input: PlanTermsInput, base?: PlanTerms): PlanTerms {
  const pick = <K extends keyof PlanTerms>(key: K, fallback: PlanTerms[K]): PlanTerms[K] =>
    (input[key as keyof PlanTermsInput] ?? base?.[key] ?? fallback) as PlanTerms[K];
  if (base === undefined && input.price === undefined) invalid('price', 'is required (minor units of the currency, 0 for a free plan)');
  const currency = pick('currency', 'usd');
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) invalid('currency', 'must be a lower-case ISO 4217 code such as usd');
  const interval = pick('interval', 'month');
  if (!(PLAN_INTERVALS as readonly string[]).includes(interval)) invalid('interval', `must be one of ${PLAN_INTERVALS.join(', ')}`);
  return {
    name: requireText(pick('name', '' as string), 'name', PLAN_NAME_MAX_LENGTH, 'plan.terms_invalid'),
    description: optionalText(
      input.description === undefined ? base?.description : input.description,
      'description',
      PLAN_DESCRIPTION_MAX_LENGTH,
      'plan.terms_invalid',
    ),
    price: integerIn(pick('price', 0), 'price', 0, PLAN_PRICE_MAX),
    currency,
    interval,
    intervalCount: integerIn(pick('intervalCount', 1), 'intervalCount', 1, 36),
    trialDays: integerIn(pick('trialDays', 0), 'trialDays', 0, 365),
    features: requireFeatures(pick('features', [])),
    limits: requireLimits(input.limits ?? {}, base?.limits),
    sortOrder: integerIn(pick('sortOrder', 0), 'sortOrder', -1_000_000, 1_000_000),
  };
}
