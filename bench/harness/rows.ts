import type { ResultRow } from './types';

/** Throughput must reach `minRatio` × the reference's. */
export function throughputRow(
  scenario: string,
  metric: string,
  requisite: number,
  reference: number,
  minRatio: number,
  unit = 'req/s',
): ResultRow {
  const ratio = requisite / reference;
  return {
    scenario,
    metric,
    unit,
    requisite,
    reference,
    ratio,
    target: `≥ ${minRatio}×`,
    pass: ratio >= minRatio,
  };
}

/** A latency bounded relative to the reference: ≤ maxRatio × reference (+ slackMs). */
export function latencyRow(
  scenario: string,
  metric: string,
  requisite: number,
  reference: number,
  maxRatio: number,
  slackMs = 0,
): ResultRow {
  return {
    scenario,
    metric,
    unit: 'ms',
    requisite,
    reference,
    ratio: requisite / reference,
    target: slackMs ? `≤ ${maxRatio}× ref + ${slackMs} ms` : `≤ ${maxRatio}× ref`,
    pass: requisite <= maxRatio * reference + slackMs,
  };
}

/** An absolute latency bound. */
export function absoluteLatencyRow(
  scenario: string,
  metric: string,
  requisite: number,
  reference: number | null,
  maxMs: number,
): ResultRow {
  return {
    scenario,
    metric,
    unit: 'ms',
    requisite,
    reference,
    ratio: reference ? requisite / reference : null,
    target: `≤ ${maxMs} ms`,
    pass: requisite <= maxMs,
  };
}

export function infoRow(
  scenario: string,
  metric: string,
  unit: string,
  requisite: number | string,
  reference: number | string | null,
  note?: string,
): ResultRow {
  const ratio = typeof requisite === 'number' && typeof reference === 'number' ? requisite / reference : null;
  return { scenario, metric, unit, requisite, reference, ratio, target: '—', pass: null, note };
}

export function checkRow(
  scenario: string,
  metric: string,
  unit: string,
  requisite: number | string,
  reference: number | string | null,
  target: string,
  pass: boolean,
  note?: string,
): ResultRow {
  return { scenario, metric, unit, requisite, reference, ratio: null, target, pass, note };
}
