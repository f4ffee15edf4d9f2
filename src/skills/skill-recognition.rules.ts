/** A taxonomy entry as recognition needs it: its display name and normalised spellings (name and aliases). */
export interface TaxonomySkill {
  id: string;
  name: string;
  normalizedName: string;
  aliases: string[];
}

/** Only this much of a text is read: a 5 MB plain-text resume has its skills near the start. */
export const MAX_RECOGNIZED_TEXT = 200_000;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The taxonomy skills named in free text (answers, a plain-text resume), in order of first mention: a name or an
 * alias as a whole word, whatever the case and spacing ("torch" → PyTorch, "K8s" → Kubernetes, "hugging  face" →
 * Transformers), never inside another word ("r" in "transformer", "go" in "google"). Where spellings overlap the
 * longest wins ("py torch" is PyTorch, not Python). Spellings of one or two characters ("R", "Go", "tf", "cv") are
 * everyday words or parts of them, so they count only written in capitals or exactly as the skill's name.
 */
export function recognizeSkills(texts: string[], taxonomy: TaxonomySkill[]): TaxonomySkill[] {
  return recognizeSkillsWithEvidence(texts.join('\n'), taxonomy).map((found) => found.skill);
}

/** A skill recognised in a text, with the line it was first found on. */
export interface RecognizedSkill {
  skill: TaxonomySkill;
  /** The line of its first mention, whitespace collapsed, at most EVIDENCE_LENGTH characters around the mention. */
  evidence: string;
}

export const EVIDENCE_LENGTH = 300;

/** The line around `start…end` of `text`, shortened to EVIDENCE_LENGTH characters centred on the mention. */
export function evidenceLine(text: string, start: number, end: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, 0);
  const next = text.indexOf('\n', end);
  const lineEnd = next < 0 ? text.length : next;
  let from = lineStart;
  let to = lineEnd;
  if (to - from > EVIDENCE_LENGTH) {
    from = Math.max(
      lineStart,
      Math.min(start - Math.floor((EVIDENCE_LENGTH - (end - start)) / 2), lineEnd - EVIDENCE_LENGTH),
    );
    to = Math.min(lineEnd, from + EVIDENCE_LENGTH);
  }
  return text.slice(from, to).replace(/\s+/g, ' ').trim().slice(0, EVIDENCE_LENGTH);
}

/** `recognizeSkills` over one text, keeping for each skill the line it was first mentioned on (its evidence). */
export function recognizeSkillsWithEvidence(fullText: string, taxonomy: TaxonomySkill[]): RecognizedSkill[] {
  const text = fullText.slice(0, MAX_RECOGNIZED_TEXT);
  const found: { start: number; end: number; skill: TaxonomySkill }[] = [];
  for (const skill of taxonomy) {
    for (const spelling of new Set([skill.normalizedName, ...skill.aliases])) {
      if (!spelling.trim()) continue;
      const short = spelling.replace(/\s+/g, '').length <= 2;
      const pattern = new RegExp(
        `(?<![\\p{L}\\p{N}_])${spelling.trim().split(/\s+/).map(escape).join('\\s+')}(?![\\p{L}\\p{N}_+#])`,
        'giu',
      );
      for (const match of text.matchAll(pattern)) {
        const written = match[0];
        if (short && written !== written.toUpperCase() && written !== skill.name) continue;
        found.push({ start: match.index, end: match.index + written.length, skill });
      }
    }
  }
  // Longest first: a spelling inside a longer one already matched ("py" in "py torch") does not count.
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: { start: number; end: number; skill: TaxonomySkill }[] = [];
  for (const match of found) {
    if (taken.some((t) => match.start < t.end && t.start < match.end)) continue;
    taken.push(match);
  }
  taken.sort((a, b) => a.start - b.start);
  const skills = new Map<string, RecognizedSkill>();
  for (const { skill, start, end } of taken) {
    if (!skills.has(skill.id)) skills.set(skill.id, { skill, evidence: evidenceLine(text, start, end) });
  }
  return [...skills.values()];
}
