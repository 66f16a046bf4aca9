import type { Catalogue } from '../../shared/domain/matters.ts';
import { DEFAULT_ACK_LADDER, type AckLadderConfig } from '../../shared/domain/ack-ladder.ts';
import { CN_WORK_CALENDAR } from '../../shared/domain/calendar-cn.ts';
import type { WorkCalendar } from '../../shared/domain/calendar.ts';
import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { Store } from '../repositories/store.ts';
import { AckTimerService } from './ack-timer-service.ts';
import { AuditService } from './audit-service.ts';
import { CaseService } from './case-service.ts';
import { CollaborationService } from './collaboration-service.ts';
import { DisputeService } from './dispute-service.ts';
import { OfficerService } from './officer-service.ts';
import { OverdueTimerService } from './overdue-timer-service.ts';
import type { Publisher } from './publisher.ts';
import { realScheduler, type Scheduler } from './timers.ts';

export interface WorkflowOptions {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  now: () => Date;
  newId: () => string;
  /** The acknowledgement ladder (default: township commander after 5 min, county dispatch center after 10). */
  ackLadder?: AckLadderConfig;
  calendar?: WorkCalendar;
  scheduler?: Scheduler;
  /** The matter catalogue in force (the major-case rule needs a case's matter); absent: matters are unknown to the workflow. */
  catalogue?: () => Catalogue;
  /** Seed the demo officer roster into counties that have none (demo mode). */
  demoOfficers?: { collections: ReadonlyMap<string, GridCollection> };
}

export interface Workflow {
  cases: CaseService;
  officers: OfficerService;
  collaborations: CollaborationService;
  disputes: DisputeService;
  audit: AuditService;
  calendar: WorkCalendar;
  ackTimers: AckTimerService;
  overdueTimers: OverdueTimerService;
  /** Seeds officers (demo), then rebuilds every pending timer from the store and fires what is overdue. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The case workflow's services, wired once (start-server.ts and service tests use the same wiring). */
export function createWorkflow(options: WorkflowOptions): Workflow {
  const { store, publisher, org, now, newId } = options;
  const calendar = options.calendar ?? CN_WORK_CALENDAR;
  const scheduler = options.scheduler ?? realScheduler;
  const ladder = options.ackLadder ?? DEFAULT_ACK_LADDER;
  const ackTimers = new AckTimerService({ store, publisher, now, scheduler, ladderFor: () => ladder });
  const overdueTimers = new OverdueTimerService({ store, publisher, org, now, scheduler, calendar });
  const cases = new CaseService({ store, publisher, org, now, newId, orders: ackTimers, catalogue: options.catalogue });
  const officers = new OfficerService({ store, publisher, org, cases, now });
  const collaborations = new CollaborationService({ store, publisher, org, cases, calendar, now, newId, overdue: overdueTimers });
  const disputes = new DisputeService({ store, publisher, org, cases, calendar, now, newId, overdue: overdueTimers });
  return {
    cases,
    officers,
    collaborations,
    disputes,
    audit: new AuditService({ store, org }),
    calendar,
    ackTimers,
    overdueTimers,
    async start() {
      if (options.demoOfficers) await officers.seedDemo(options.demoOfficers.collections);
      await ackTimers.start();
      await overdueTimers.start();
    },
    async stop() {
      await ackTimers.stop();
      await overdueTimers.stop();
    },
  };
}
