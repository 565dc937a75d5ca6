// Full-text search for Chinese without a word segmenter. SQLite's trigram
// tokenizer cannot match queries shorter than three characters, and 电工, 保安
// and 护工 are the queries citizens type most, so the index stores two token
// streams instead: `uni` (every single character) and `bi` (overlapping pairs
// of Han characters, plus whole Latin/digit words). A query of n >= 2 Han
// characters becomes a phrase of its n-1 pairs, which matches exactly the
// texts that contain it as a substring.

const HAN = /\p{Script=Han}/u;
const FIELD_BREAK = '\uE000';
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

interface Run {
  text: string;
  han: boolean;
}

/** Normalises full-width forms (Ｃ１ to c1) and case before tokenising. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function splitRuns(text: string): Run[] {
  return [...normalise(text).matchAll(RUN)].map((match) => ({
    text: match[0],
    han: HAN.test(match[0][0] ?? ''),
  }));
}

function hanPairs(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
  return pairs;
}

/** Token columns stored in the FTS5 table for one document. */
export interface IndexTokens {
  uni: string;
  bi: string;
}

/** Builds the `uni` and `bi` token columns for the given text fields. */
export function indexTokens(...fields: string[]): IndexTokens {
  const uni: string[] = [];
  const bi: string[] = [];
  for (const field of fields) {
    for (const run of splitRuns(field)) {
      if (run.han) {
        uni.push(...run.text);
        bi.push(...hanPairs(run.text));
      } else {
        uni.push(run.text);
        bi.push(run.text);
      }
    }
    // A private-use character is a token to unicode61 but never appears in a
    // query, so it keeps a phrase from spanning the end of one field and the
    // start of the next.
    bi.push(FIELD_BREAK);
  }
  return { uni: uni.join(' '), bi: bi.join(' ') };
}

function quote(token: string): string {
  return `"${token}"`;
}

/** Turns one whitespace-free search term into an FTS5 expression, or null. */
function termExpression(term: string): string | null {
  const runs = splitRuns(term);
  if (runs.length === 0) return null;

  const only = runs[0]!;
  if (runs.length === 1 && only.han && [...only.text].length === 1) {
    return `uni : ${quote(only.text)}`;
  }

  const parts: string[] = [];
  runs.forEach((run, index) => {
    const last = index === runs.length - 1;
    if (!run.han) {
      // A Latin or digit word matches as a prefix when it ends the term (c matches c1).
      parts.push(last ? `${quote(run.text)}*` : quote(run.text));
      return;
    }
    const pairs = hanPairs(run.text);
    if (pairs.length === 1 && [...run.text].length === 1) {
      // NOTE: a lone Han character inside a mixed term (a区) matches only at the
      // start of a Han run in the text, because its pair with the next text
      // character is unknown. This is exact for the usual A区 / C1驾照 forms.
      parts.push(`${quote(run.text)}*`);
      return;
    }
    for (const pair of pairs) parts.push(quote(pair));
  });
  return `bi : (${parts.join(' + ')})`;
}

/**
 * Builds an FTS5 MATCH expression from what a citizen typed. Terms separated
 * by spaces must all match. Returns null when the query has no letters or
 * digits at all, so the caller lists without a text condition.
 */
export function buildMatchQuery(query: string): string | null {
  const expressions = query
    .split(/\s+/u)
    .map((term) => termExpression(term))
    .filter((expression): expression is string => expression !== null);
  if (expressions.length === 0) return null;
  return expressions.join(' AND ');
}
