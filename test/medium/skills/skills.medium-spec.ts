import { randomBytes } from 'node:crypto';
import { DomainError } from '../../../src/common/errors/domain-error';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { SkillCategory } from '../../../src/skills/skill-category';
import { SkillsModule } from '../../../src/skills/skills.module';
import { SkillsService } from '../../../src/skills/skills.service';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * The taxonomy's SQL against the real database: spellings to skills, names nobody had before, search. Names made
 * here carry a marker of this run, so they collide with nothing else.
 */
describe('skills (service and repository)', () => {
  let ctx: ServiceContext;
  let service: SkillsService;
  const marker = () => `Medium${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    ctx = await createServiceContext([SkillsModule]);
    service = ctx.get(SkillsService);
  });
  afterAll(() => ctx.close());

  it('resolves any spelling of a taxonomy skill to it, one per name in order, adding nothing', async () => {
    const skills = await ctx.dataSource.transaction((manager) =>
      service.resolveNames(manager, ['torch', ' PyTorch ', 'K8S', 'python3']),
    );
    expect(skills.map((s) => s.name)).toEqual(['PyTorch', 'PyTorch', 'Kubernetes', 'Python']);
    // No spelling became a skill of its own.
    expect(
      await ctx.sql(`SELECT name FROM skill WHERE normalized_name = ANY($1::varchar[])`, [
        ['torch', 'k8s', 'python3'],
      ]),
    ).toEqual([]);
    expect((await service.lookupNames(['sklearn', marker()])).map((s) => s?.name ?? null)).toEqual([
      'scikit-learn',
      null,
    ]);
  });

  it('adds a name nobody had before once, as first spelled, in category OTHER; racing adds agree', async () => {
    const name = `${marker()}  Tune`;
    const resolve = (spelling: string) =>
      ctx.dataSource.transaction((manager) => service.resolveNames(manager, [spelling]));
    const [a, b] = await Promise.all([resolve(name), resolve(name.toUpperCase())]);
    expect(a[0].id).toBe(b[0].id);
    const rows = await ctx.sql('SELECT name, normalized_name, category FROM skill WHERE id = $1', [a[0].id]);
    expect(rows).toEqual([
      {
        name: expect.stringMatching(/^Medium[0-9a-fA-F]{8} Tune$/i),
        normalized_name: name.replace(/\s+/g, ' ').toLowerCase(),
        category: SkillCategory.OTHER,
      },
    ]);
  });

  it('refuses one skill named twice under different spellings, on the second name’s domain path', async () => {
    const error = await ctx.dataSource
      .transaction((manager) =>
        service.resolveDistinctNames(manager, ['Python', 'torch', 'PyTorch'], ['skills']),
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors).toEqual([
      expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['skills', '2', 'name'] }),
    ]);
  });

  it('searches names and aliases: exact first, then prefixes; % and _ are plain characters', async () => {
    const base = marker().toLowerCase();
    await ctx.dataSource.transaction((manager) =>
      service.resolveNames(manager, [`x${base}`, `${base}_tail`, base, `${base}%`, `${base.slice(0, -1)}z`]),
    );
    const found = await service.search(` ${base.toUpperCase()} `);
    const names = found.map((s) => s.normalizedName);
    expect(names[0]).toBe(base);
    expect(names.slice(1, 3).sort()).toEqual([`${base}%`, `${base}_tail`].sort());
    expect(names.slice(3)).toEqual([`x${base}`]);
    expect((await service.search(`${base}_`)).map((s) => s.normalizedName)).toEqual([`${base}_tail`]);
    expect((await service.search(`${base}%`)).map((s) => s.normalizedName)).toEqual([`${base}%`]);
    // By alias too: "k8s" finds Kubernetes.
    expect((await service.search('k8s')).map((s) => s.name)).toContain('Kubernetes');
  });

  it('reads the whole taxonomy for recognition, in name order', async () => {
    const taxonomy = await service.taxonomy();
    const names = taxonomy.map((s) => s.normalizedName);
    expect(names).toEqual([...names].sort());
    expect(taxonomy.find((s) => s.name === 'PyTorch')).toEqual({
      id: expect.any(String),
      name: 'PyTorch',
      normalizedName: 'pytorch',
      aliases: expect.arrayContaining(['torch']),
    });
  });
});
