import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UserRole } from '../identity/identity.enums';
import { Principal } from '../identity/principal';
import { UsersService } from '../identity/users.service';
import { NotesService } from '../notes/notes.service';
import { RequisitionKey } from './demo-data';
import { DemoDataRepository } from './demo-data.repository';
import { DEMO_USERS } from './seed-demo-users';

/**
 * What the hiring team writes on the first active applications of the requisitions the demo hiring manager and
 * interviewer are on: `{manager}` and `{interviewer}` become mentions of them, each note an hour after the last.
 */
const DEMO_NOTES: { by: UserRole; body: string; mentions: UserRole[] }[] = [
  {
    by: UserRole.RECRUITER,
    body: 'Recruiter screen done. **Strong** on PyTorch and model serving; wants a hybrid role. @Hugo Manager, worth a fast track?',
    mentions: [UserRole.HIRING_MANAGER],
  },
  {
    by: UserRole.HIRING_MANAGER,
    body: 'Yes — book the ML system design loop. @Ines Interviewer, please probe *feature stores* and offline/online skew.',
    mentions: [UserRole.INTERVIEWER],
  },
  {
    by: UserRole.INTERVIEWER,
    body: 'Happy to. I will also ask about monitoring for data drift.',
    mentions: [],
  },
];

/** How many applications per requisition get the conversation above. */
const APPLICATIONS_PER_REQUISITION = 2;

const HOUR = 3_600_000;

/**
 * Notes with mentions on a few demo applications, so the timeline and notes show something on first start. Written
 * through the notes use case as the demo users (mentions checked, events written), then backdated after the
 * application's last move. Idempotent: an application that has notes is left alone.
 */
export async function seedDemoNotes(
  app: INestApplicationContext,
  requisitionIds: Record<RequisitionKey, string>,
  log: (line: string) => void,
): Promise<{ created: number }> {
  const notes = app.get(NotesService);
  const demoData = new DemoDataRepository(app.get(DataSource));
  const users = app.get(UsersService);
  const principals = new Map<UserRole, Principal>();
  for (const demo of DEMO_USERS) {
    const user = await users.findByEmail(demo.email);
    if (user)
      principals.set(demo.role, {
        kind: 'user',
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
      });
  }
  let created = 0;
  for (const key of ['mid', 'senior'] as const) {
    const applications = await demoData.findApplicationsForNotes(requisitionIds[key]);
    for (const application of applications.slice(0, APPLICATIONS_PER_REQUISITION)) {
      if (application.has_notes) continue;
      let at = new Date(application.last_activity_at).getTime();
      for (const note of DEMO_NOTES) {
        const author = principals.get(note.by)!;
        const { note: written } = await notes.add(
          {
            applicationId: application.id,
            body: note.body,
            mentionedUserIds: note.mentions.map((role) => (principals.get(role) as { id: string }).id),
          },
          author,
        );
        at = Math.min(at + HOUR, Date.now());
        await demoData.backdateNote(written.id, new Date(at));
        created++;
      }
    }
  }
  log(`notes ${created} created`);
  return { created };
}
