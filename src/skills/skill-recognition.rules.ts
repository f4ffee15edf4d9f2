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
  const text = texts.join('\n').slice(0, MAX_RECOGNIZED_TEXT);
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
  const skills = new Map<string, TaxonomySkill>();
  for (const { skill } of taken) if (!skills.has(skill.id)) skills.set(skill.id, skill);
  return [...skills.values()];
}
