import { INestApplicationContext } from '@nestjs/common';
import { UserRole } from '../identity/identity.enums';
import { HiringTeamService } from '../requisitions/hiring-team.service';
import { MemberRole } from '../requisitions/requisition.enums';
import { UsersService } from '../identity/users.service';
import { ALL_REACH } from '../identity/access.rules';
import { RequisitionKey } from './demo-data';

/**
 * One demo account per role, with fixed, printed passwords: the seed is for demos and development, and a fixed
 * password is what lets a second run print working credentials again. Never seed a production database.
 */
export const DEMO_USERS: { role: UserRole; name: string; email: string; password: string }[] = [
  {
    role: UserRole.ADMIN,
    name: 'Ada Admin',
    email: 'admin@demo.example.net',
    password: 'requisite-demo-admin',
  },
  {
    role: UserRole.RECRUITER,
    name: 'Rita Recruiter',
    email: 'recruiter@demo.example.net',
    password: 'requisite-demo-recruiter',
  },
  {
    role: UserRole.HIRING_MANAGER,
    name: 'Hugo Manager',
    email: 'manager@demo.example.net',
    password: 'requisite-demo-manager',
  },
  {
    role: UserRole.INTERVIEWER,
    name: 'Ines Interviewer',
    email: 'interviewer@demo.example.net',
    password: 'requisite-demo-interviewer',
  },
];

/** The hiring manager and the interviewer work on the mid-level and senior requisitions, not on the internship. */
const TEAMS: { requisition: RequisitionKey; role: UserRole; as: MemberRole }[] = [
  { requisition: 'mid', role: UserRole.HIRING_MANAGER, as: MemberRole.HIRING_MANAGER },
  { requisition: 'senior', role: UserRole.HIRING_MANAGER, as: MemberRole.HIRING_MANAGER },
  { requisition: 'mid', role: UserRole.INTERVIEWER, as: MemberRole.INTERVIEWER },
  { requisition: 'senior', role: UserRole.INTERVIEWER, as: MemberRole.INTERVIEWER },
];

export async function seedDemoUsers(
  app: INestApplicationContext,
  requisitionIds: Record<RequisitionKey, string>,
  log: (line: string) => void,
): Promise<{ created: number }> {
  const users = app.get(UsersService);
  const team = app.get(HiringTeamService);
  const idsByRole = new Map<UserRole, string>();
  let created = 0;
  for (const demo of DEMO_USERS) {
    let user = await users.findByEmail(demo.email);
    if (!user) {
      user = await users.create({
        email: demo.email,
        name: demo.name,
        role: demo.role,
        password: demo.password,
      });
      created += 1;
    }
    idsByRole.set(demo.role, user.id);
  }
  for (const membership of TEAMS) {
    const requisitionId = requisitionIds[membership.requisition];
    const userId = idsByRole.get(membership.role)!;
    const members = await team.findByRequisitionIds([requisitionId]);
    if (members.some((m) => m.userId === userId)) continue;
    await team.add({ requisitionId, userId, role: membership.as }, ALL_REACH);
  }
  log(
    `users ${DEMO_USERS.length}/${DEMO_USERS.length} (${created} created); sign in with POST /v1/auth/token:`,
  );
  for (const demo of DEMO_USERS) log(`  ${demo.role.padEnd(15)} ${demo.email.padEnd(30)} ${demo.password}`);
  return { created };
}
