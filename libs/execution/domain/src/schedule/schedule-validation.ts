import { type FieldError, isKnownTimeZone } from '@weft/kernel';
import { compileCron, CronSyntaxError } from './cron-engine.js';
import { effectiveZone, INTERVAL_UNITS, type ScheduleDefinition } from './schedule-types.js';

/** What is wrong with a schedule, with a message that says how to fix it. */
export interface ScheduleProblem extends FieldError {
  readonly code:
    | 'schedule_missing'
    | 'schedule_ambiguous'
    | 'cron_invalid'
    | 'cron_never_fires'
    | 'timezone_unknown'
    | 'interval_every_invalid'
    | 'interval_unit_invalid'
    | 'anchor_missing';
}

const CRON_HELP = 'Use 5 fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or 6 with a leading seconds field (e.g. "*/10 * * * * *").';

/**
 * The problems of `schedule` evaluated with the workflow's zone `workflowZone`
 * (`settings.timezone`); empty when the schedule is usable.
 */
export function validateSchedule(schedule: ScheduleDefinition, workflowZone?: string | null): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const cron = typeof schedule.cron === 'string' ? schedule.cron.trim() : '';
  const interval = schedule.interval ?? null;

  const zone = effectiveZone(schedule, workflowZone);
  const zoneKnown = isKnownTimeZone(zone);
  if (!zoneKnown) {
    const field = schedule.timezone?.trim() ? 'timezone' : 'settings.timezone';
    problems.push({
      field,
      code: 'timezone_unknown',
      message: `The time zone "${zone}" is not a known IANA time zone; use a name such as "Europe/Berlin", "America/New_York" or "UTC".`,
    });
  }

  if (cron === '' && interval === null) {
    problems.push({
      field: 'cron',
      code: 'schedule_missing',
      message:
        'The schedule has neither a cron expression nor an interval; set one of them, e.g. cron "0 9 * * MON-FRI" or interval {"every": 5, "unit": "minutes"}.',
    });
    return problems;
  }
  if (cron !== '' && interval !== null) {
    problems.push({ field: 'cron', code: 'schedule_ambiguous', message: 'The schedule has both a cron expression and an interval; keep only one of them.' });
    return problems;
  }

  if (cron !== '') problems.push(...cronProblems(cron, zoneKnown ? zone : 'UTC'));
  else problems.push(...intervalProblems(interval!, schedule.anchor));
  return problems;
}

/** Why a cron expression cannot be used (in `zone`): invalid, or never firing. */
function cronProblems(cron: string, zone: string): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  try {
    const rule = compileCron(cron, zone);
    if (rule.next(Date.UTC(2000, 0, 1)) === null) {
      problems.push({
        field: 'cron',
        code: 'cron_never_fires',
        message: `The cron expression "${cron}" matches no date (e.g. 30 February); change its day-of-month or month fields.`,
      });
    }
  } catch (error) {
    if (!(error instanceof CronSyntaxError)) throw error;
    problems.push({ field: 'cron', code: 'cron_invalid', message: `The cron expression "${cron}" is invalid: ${error.reason}. ${CRON_HELP}` });
  }
  return problems;
}

/** Why an interval cannot be used: not a whole number of a known unit, or no anchor to count from. */
function intervalProblems(interval: NonNullable<ScheduleDefinition['interval']>, anchor: ScheduleDefinition['anchor']): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const { every, unit } = interval;
  if (typeof every !== 'number' || !Number.isSafeInteger(every) || every < 1) {
    problems.push({
      field: 'interval.every',
      code: 'interval_every_invalid',
      message: `The interval must repeat every whole number >= 1 of its unit, got ${JSON.stringify(every)}; use e.g. {"every": 5, "unit": "minutes"}.`,
    });
  }
  if (!(INTERVAL_UNITS as readonly string[]).includes(unit)) {
    problems.push({
      field: 'interval.unit',
      code: 'interval_unit_invalid',
      message: `The interval unit ${JSON.stringify(unit)} is not supported; use one of ${INTERVAL_UNITS.join(', ')}.`,
    });
  }
  if (anchor === undefined || anchor === null || Number.isNaN(new Date(anchor).getTime())) {
    problems.push({
      field: 'anchor',
      code: 'anchor_missing',
      message: 'An interval schedule counts from its activation time; pass the workflow\'s activatedAt as "anchor" (a Date or ISO-8601 string).',
    });
  }
  return problems;
}
