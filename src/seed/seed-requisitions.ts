import { RequisitionStatus } from '../requisitions/requisition.enums';
import { DEMO_DEPARTMENT, DemoRequisition, RequisitionKey } from './demo-data';
import { progress, SeedLog, SeedServices, SeedTally } from './seed-context';

/** Creates the planned requisitions that are not there yet, shapes their pipelines and opens them. */
export async function seedRequisitions(
  services: SeedServices,
  plans: DemoRequisition[],
  log: SeedLog,
): Promise<{ ids: Record<RequisitionKey, string>; tally: SeedTally; touched: string[] }> {
  const ids = {} as Record<RequisitionKey, string>;
  const tally: SeedTally = { total: plans.length, created: 0, existing: 0 };
  const touched: string[] = [];
  const report = progress(log, 'requisitions', plans.length, 1);
  for (const [index, plan] of plans.entries()) {
    const found = await services.demoData.findRequisitionId(plan.input.title, DEMO_DEPARTMENT);
    // Event sequence → when it should appear to have happened, for what this run writes.
    const timeline = new Map<number, Date>();
    let id: string;
    if (found) {
      id = found;
      tally.existing++;
    } else {
      const created = await services.requisitions.create(plan.input);
      id = created.id;
      timeline.set(created.eventSequence, plan.draftedAt);
      tally.created++;
    }
    // Also run for a requisition found half-set-up: each step checks whether it is still needed.
    await customizeStages(services, id, plan, timeline);
    await openIfDraft(services, id, plan, timeline);
    if (!found) {
      await services.demoData.backdateRequisition(id, timeline, {
        draftedAt: plan.draftedAt,
        customizedAt: plan.customizedAt,
        addedStageNames: plan.stageCustomizations.flatMap((c) => (c.change === 'add' ? [c.name] : [])),
      });
      touched.push(id);
    }
    ids[plan.key] = id;
    report(index + 1);
  }
  return { ids, tally, touched };
}

async function customizeStages(
  services: SeedServices,
  requisitionId: string,
  plan: DemoRequisition,
  timeline: Map<number, Date>,
): Promise<void> {
  for (const customization of plan.stageCustomizations) {
    const live = await services.stages.findLiveByRequisitionIds([requisitionId]);
    const named = (name: string) => live.find((stage) => stage.name === name);
    let eventSequence: number | null = null;
    if (customization.change === 'retype') {
      const stage = named(customization.stage);
      if (!stage || named(customization.name)) continue;
      const { requisition } = await services.stages.update({
        id: stage.id,
        name: customization.name,
        kind: customization.kind,
      });
      eventSequence = requisition.eventSequence;
    } else {
      if (named(customization.name)) continue;
      const before = named(customization.before);
      const { requisition } = await services.stages.add({
        requisitionId,
        name: customization.name,
        kind: customization.kind,
        position: before?.position ?? null,
      });
      eventSequence = requisition.eventSequence;
    }
    timeline.set(eventSequence, new Date(plan.customizedAt.getTime() + timeline.size * 60_000));
  }
}

async function openIfDraft(
  services: SeedServices,
  requisitionId: string,
  plan: DemoRequisition,
  timeline: Map<number, Date>,
): Promise<void> {
  const [current] = await services.requisitions.findByIds([requisitionId]);
  if (current?.status !== RequisitionStatus.DRAFT) return;
  const opened = await services.requisitions.changeStatus('open', {
    id: requisitionId,
    reason: 'Budget approved',
  });
  timeline.set(opened.eventSequence, plan.openedAt);
}
