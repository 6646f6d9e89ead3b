/**
 * Reads the JSON body of a request, within bounds: a JSON media type, at most `maxBytes` bytes (checked on
 * `Content-Length` first, then while reading, for chunked bodies), received within `timeoutMs`, valid
 * UTF-8, and strict JSON (`parseJsonStrict`: no key written twice, no prototype key, at most 64 levels).
 * Returns data, never throws for what the caller sent.
 */
import { NonRecoursError } from '../errors.js';
import { parseJsonStrict } from '../json/parse.js';
import { problem, type Problem } from './problem.js';

/** Limits on a request body. */
export interface BodyLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** The body as JSON, or the problem to answer. */
export type BodyResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: Problem };

/** Nesting accepted in a body: a household nests 5 levels, an envelope one more. */
const MAX_DEPTH = 64;

/** `application/json` or any `+json` type, in UTF-8 (the only charset JSON allows, RFC 8259 §8.1). */
function mediaTypeProblem(contentType: string | null): Problem | undefined {
  if (contentType === null) return problem('UNSUPPORTED_MEDIA_TYPE', "En-tête Content-Type absent : envoyez « Content-Type: application/json ».");
  const [type = '', ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    return problem('UNSUPPORTED_MEDIA_TYPE', `Type de contenu « ${type.slice(0, 100)} » refusé : envoyez du JSON (« Content-Type: application/json »).`);
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return problem('UNSUPPORTED_MEDIA_TYPE', `Jeu de caractères « ${charset.slice(0, 40)} » refusé : le JSON s'envoie en UTF-8.`);
  }
  return undefined;
}

const tooLarge = (maxBytes: number): Problem => problem('BODY_TOO_LARGE', `Le corps de la requête dépasse ${maxBytes} octets.`);

type ReadResult = { readonly bytes: Uint8Array } | { readonly problem: Problem };

/** Reads the stream, stopping as soon as it exceeds `maxBytes`. */
async function readBounded(body: ReadableStream<Uint8Array>, maxBytes: number, timeout: Promise<Problem>): Promise<ReadResult> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (!('done' in next)) return { problem: next };
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) return { problem: tooLarge(maxBytes) };
      chunks.push(next.value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { bytes };
}

/** Reads and parses the JSON body of a request within its limits. */
export async function readJsonBody(request: Request, limits: BodyLimits): Promise<BodyResult> {
  const media = mediaTypeProblem(request.headers.get('content-type'));
  if (media !== undefined) return { ok: false, problem: media };
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limits.maxBytes) return { ok: false, problem: tooLarge(limits.maxBytes) };
  if (request.body === null) return { ok: false, problem: problem('JSON_INVALID', 'Corps de requête vide : envoyez un objet JSON.') };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Problem>((resolve) => {
    timer = setTimeout(() => resolve(problem('TIMEOUT', `Corps de la requête non reçu en ${limits.timeoutMs / 1000} s.`)), limits.timeoutMs);
  });
  let read: ReadResult;
  try {
    read = await readBounded(request.body, limits.maxBytes, timeout);
  } finally {
    clearTimeout(timer);
  }
  if ('problem' in read) return { ok: false, problem: read.problem };

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return { ok: false, problem: problem('JSON_INVALID', "Le corps de la requête n'est pas de l'UTF-8 valide.") };
  }
  try {
    return { ok: true, value: parseJsonStrict(text, 'corps', { maxDepth: MAX_DEPTH }) };
  } catch (e) {
    if (!(e instanceof NonRecoursError)) throw e;
    return { ok: false, problem: problem('JSON_INVALID', 'Le corps de la requête n\'est pas un JSON valide.', e.details.map((d) => ({ path: d.path, message: d.message }))) };
  }
}
