/** Lookup key of a skill name or alias: trimmed, lower-cased, inner whitespace collapsed. */
export function normalizeSkillName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Display form of a skill nobody has named before: as typed, whitespace tidied. */
export function displaySkillName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}
