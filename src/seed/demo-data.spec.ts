import 'reflect-metadata';
import { CreateCandidateInput } from '../candidates/dto/candidate.inputs';
import { InputValidationPipe } from '../common/graphql/input-validation.pipe';
import { CreateRequisitionInput } from '../requisitions/dto/requisition.inputs';
import { buildDemoPlan, DEMO_EMAIL_DOMAIN, DemoApplication, DemoPlan } from './demo-data';
import { SeededRandom } from './random';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-11-25T14:00:00.000Z');

/** Where an application ends up, whatever the date: the shape of the funnel. */
function outcomes(plan: DemoPlan): string[] {
  return plan.applications.map((application) => {
    const moves = application.steps.filter((step) => step.action === 'move');
    const stage = moves.length > 0 ? moves[moves.length - 1].stage : 'Applied';
    const last = application.steps[application.steps.length - 1];
    return `${application.candidateEmail} ${application.requisition} ${stage} ${last.action}`;
  });
}

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const rng = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    for (const value of draw(7)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('keeps int() within both bounds', () => {
    const rng = new SeededRandom(1);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(2, 4)));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});

describe('buildDemoPlan', () => {
  const plan = buildDemoPlan(NOW);

  it('is reproducible: the same "now" gives the same plan, another "now" the same funnel', () => {
    expect(JSON.stringify(buildDemoPlan(NOW))).toEqual(JSON.stringify(plan));
    // A Saturday in another year: nothing about who gets where depends on the calendar.
    expect(outcomes(buildDemoPlan(new Date('2031-03-08T03:00:00.000Z')))).toEqual(outcomes(plan));
  });

  it('plans about sixty distinct candidates under the reserved demo domain', () => {
    const emails = plan.candidates.map((c) => c.input.email);
    expect(emails.length).toBeGreaterThanOrEqual(55);
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email.endsWith(`@${DEMO_EMAIL_DOMAIN}`)).toBe(true);
  });

  it('passes the same input validation as the API', async () => {
    const pipe = new InputValidationPipe();
    const validate = (metatype: new () => object, value: object) =>
      pipe.transform(value, { type: 'body', metatype, data: 'input' });
    for (const requisition of plan.requisitions) await validate(CreateRequisitionInput, requisition.input);
    for (const candidate of plan.candidates) await validate(CreateCandidateInput, candidate.input);
  });

  it('spreads applications over eight weeks in the past, each journey in order', () => {
    const requisitions = new Map(plan.requisitions.map((r) => [r.key, r]));
    const candidates = new Map(plan.candidates.map((c) => [c.input.email, c]));
    const pairs = new Set<string>();
    for (const application of plan.applications) {
      pairs.add(`${application.candidateEmail} ${application.requisition}`);
      const [apply, ...rest] = application.steps;
      expect(apply.action).toBe('apply');
      expect(rest.every((step) => step.action !== 'apply')).toBe(true);
      const times = application.steps.map((step) => step.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(new Set(times).size).toBe(times.length);
      expect(times[0]).toBeGreaterThan(NOW.getTime() - 56 * DAY_MS);
      expect(times[times.length - 1]).toBeLessThan(NOW.getTime());
      expect(times[0]).toBeGreaterThan(requisitions.get(application.requisition)!.openedAt.getTime());
      expect(candidates.get(application.candidateEmail)!.createdAt.getTime()).toBeLessThan(times[0]);
      const stages = requisitions.get(application.requisition)!.stageNames;
      const moves = application.steps.flatMap((step) => (step.action === 'move' ? [step.stage] : []));
      expect(moves).toEqual(stages.slice(1, moves.length + 1));
    }
    expect(pairs.size).toBe(plan.applications.length);
  });

  it('ends journeys across the funnel: rejected with reasons, withdrawn, one hired', () => {
    const last = (application: DemoApplication) => application.steps[application.steps.length - 1];
    const ended = (action: string) => plan.applications.filter((a) => last(a).action === action);
    expect(ended('reject').length).toBeGreaterThanOrEqual(3);
    expect(ended('withdraw').length).toBeGreaterThanOrEqual(1);
    for (const application of [...ended('reject'), ...ended('withdraw')]) {
      const step = last(application);
      expect('reason' in step && step.reason.length > 0).toBe(true);
    }
    const hired = plan.applications.filter((a) =>
      a.steps.some((s) => s.action === 'move' && s.stage === 'Hired'),
    );
    expect(hired.map((a) => a.requisition)).toEqual(['mid']);
    const finalStages = new Set(outcomes(plan).map((line) => line.split(' ').slice(2, -1).join(' ')));
    expect(finalStages.size).toBeGreaterThanOrEqual(5);
  });

  it('keeps yearly pay inside the article’s $100k–150k band, senior above mid', () => {
    const pay = new Map(plan.requisitions.map((r) => [r.key, r.input.salaryRange!]));
    for (const key of ['mid', 'senior'] as const) {
      expect(pay.get(key)!.period).toBe('YEAR');
      expect(pay.get(key)!.min).toBeGreaterThanOrEqual(100_000);
      expect(pay.get(key)!.max).toBeLessThanOrEqual(150_000);
    }
    expect(pay.get('senior')!.min).toBeGreaterThan(pay.get('mid')!.min);
    expect(pay.get('intern')!.period).toBe('HOUR');
  });
});
