/**
 * The words of a search that names are matched with typos by: plain words (letters, digits, apostrophes, inner
 * hyphens), at most 8. A query using web-search syntax (quotes, a leading "-", "or") or naming an e-mail is not
 * a name: none.
 */
export function typoWords(search: string): string[] {
  const words = search.trim().split(/\s+/);
  if (words.length > 8 || words.some((w) => !/^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(w) || /^or$/i.test(w))) {
    return [];
  }
  return words;
}
