/**
 * "Did you mean" for closed lists (field names, vocabulary values, rule ids): the known words closest to
 * what was written, so that a typo gets a correction instead of a bare refusal. Nothing is ever replaced:
 * the suggestion only goes into the message.
 */

/** Lower case, no accents, spaces and underscores as hyphens: `Salarié` and `salarie` compare equal. */
export function normalizeWord(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/** Edit distance with adjacent transpositions (`birthdaet` is one edit from `birthdate`), stopping above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length] as number;
}

/** Words longer than this are not compared (a megabyte of text gets no suggestion, and costs nothing). */
const MAX_WORD = 100;

/**
 * The candidates close to `input`, best first (at most 3): equal once case, accents and separators are
 * ignored; within a few edits (about one in three characters); or a kebab-case prefix of the other
 * (`rsa-socle` → `rsa`). `aliases` gives other spellings of a candidate — its French label, say — so
 * that `salarie` finds `employed` (salarié).
 */
export function suggest(input: string, candidates: readonly string[], aliases: Readonly<Record<string, string>> = {}): string[] {
  if (input.length === 0 || input.length > MAX_WORD) return [];
  const word = normalizeWord(input);
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    let score = Number.POSITIVE_INFINITY;
    for (const spelling of [candidate, aliases[candidate]]) {
      if (spelling === undefined) continue;
      const known = normalizeWord(spelling);
      const max = Math.max(1, Math.floor(Math.min(word.length, known.length) / 3));
      const d = distance(word, known, max);
      if (d <= max) score = Math.min(score, d);
      else if (word.startsWith(`${known}-`) || known.startsWith(`${word}-`)) score = Math.min(score, max + 1);
    }
    if (Number.isFinite(score)) scored.push({ candidate, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || candidates.indexOf(a.candidate) - candidates.indexOf(b.candidate))
    .slice(0, 3)
    .map((s) => s.candidate);
}

/** « « a » », « « a » ou « b » », « « a », « b » ou « c » ». */
export function quoteList(words: readonly string[]): string {
  const quoted = words.map((w) => `« ${w} »`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ou ${quoted[quoted.length - 1] as string}`;
}
