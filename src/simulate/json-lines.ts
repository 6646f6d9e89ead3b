/**
 * JSON Lines as bytes: the reading thread cuts the decompressed text into batches of whole lines, counting
 * lines and records (non-blank lines) as it goes, without decoding or parsing them; whoever evaluates a
 * batch — this thread or a worker — decodes it and parses its records. A batch crosses to a worker as one
 * transferred buffer (no copy, no structured clone of objects), so that parsing, which costs as much as the
 * rest of the reading, is shared among the threads.
 *
 * Lines are cut as `node:readline` cuts them (`crlfDelay: Infinity`): at `\n`, at `\r\n`, and at a lone
 * `\r`; a record is a line whose text is not blank once trimmed (`String.prototype.trim`). Numbers of lines
 * and of records are those `readJsonLines` gives, so that errors name the same line and records keep the
 * same index. Browser-safe: bytes and `TextDecoder` only.
 */

/** Whole lines of a JSON Lines file: `line` is the number (from 1) of the first, `record` the index (from 0) of its first record. */
export interface LineBatch {
  readonly bytes: Uint8Array;
  readonly line: number;
  readonly record: number;
  /** Records in the batch (non-blank lines). */
  readonly records: number;
  /** Lines in the batch, blank ones included. */
  readonly lines: number;
}

const LF = 10;
const CR = 13;

// The byte order mark is kept, as `readline` keeps it (a record that starts with one is not JSON).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Whether the bytes of one line are blank once decoded and trimmed; an ASCII first byte that is not a space or a control says no at once. */
function blankBytes(bytes: Uint8Array, start: number, end: number): boolean {
  if (start === end) return true;
  const b = bytes[start] as number;
  if (b > 0x20 && b < 0x80) return false;
  return decoder.decode(bytes.subarray(start, end)).trim() === '';
}

/** Whether a decoded line is blank (the same answer as `blankBytes` on its bytes). */
export function blankLine(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x80) return false;
  return text.trim() === '';
}

/**
 * Counts the lines and records of `bytes[0, end)`, which ends at a line break (or at the end of the file):
 * `[lines, records]`. The line after the last break is counted only when it is not empty (`final`).
 */
function countLines(bytes: Uint8Array, end: number, final: boolean): [number, number] {
  let lines = 0;
  let records = 0;
  let start = 0;
  // Without any \r (the usual case), the line breaks are found by the native search for \n.
  const plain = bytes.indexOf(CR) < 0;
  for (;;) {
    let i: number;
    if (plain) {
      i = bytes.indexOf(LF, start);
      if (i < 0 || i >= end) i = end;
    } else {
      i = start;
      while (i < end && bytes[i] !== LF && bytes[i] !== CR) i += 1;
    }
    if (i === end) {
      if (final && i > start) {
        lines += 1;
        if (!blankBytes(bytes, start, i)) records += 1;
      }
      return [lines, records];
    }
    lines += 1;
    if (!blankBytes(bytes, start, i)) records += 1;
    start = bytes[i] === CR && i + 1 < end && bytes[i + 1] === LF ? i + 2 : i + 1;
  }
}

/**
 * Cuts a stream of byte chunks into batches of whole lines of about `batchBytes` bytes (a line longer than
 * that is one batch of its own). A `\r` at the end of a chunk waits for the next one, which may start with
 * its `\n`.
 */
export class LineBatcher {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private line = 1;
  private record = 0;

  constructor(private readonly batchBytes = 1 << 20) {}

  /** The batches completed by one more chunk. */
  push(chunk: Uint8Array): LineBatch[] {
    const out: LineBatch[] = [];
    if (chunk.length === 0) return out;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= this.batchBytes) {
      const joined = this.join();
      const cut = lastBreak(joined);
      if (cut < 0) {
        // No line ends yet: keep reading (a line longer than a batch).
        this.pending = [joined];
        break;
      }
      out.push(this.take(joined, cut + 1, false));
    }
    return out;
  }

  /** The last batch, at the end of the stream (none when nothing is left). */
  end(): LineBatch | undefined {
    if (this.pendingBytes === 0) return undefined;
    const joined = this.join();
    return this.take(joined, joined.length, true);
  }

  /** The total of records in the batches given so far. */
  get records(): number {
    return this.record;
  }

  private join(): Uint8Array {
    if (this.pending.length === 1) return this.pending[0] as Uint8Array;
    const joined = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const p of this.pending) {
      joined.set(p, at);
      at += p.length;
    }
    return joined;
  }

  /** The batch of `joined[0, end)`, keeping the rest for later. */
  private take(joined: Uint8Array, end: number, final: boolean): LineBatch {
    // A copy, so that the batch owns its whole buffer (it is transferred to a worker); a Node Buffer's own
    // `slice` would be a view of the stream's chunk.
    const bytes = Uint8Array.prototype.slice.call(joined, 0, end);
    const rest = joined.subarray(end);
    this.pending = rest.length === 0 ? [] : [rest];
    this.pendingBytes = rest.length;
    const [lines, records] = countLines(bytes, bytes.length, final);
    const batch: LineBatch = { bytes, line: this.line, record: this.record, records, lines };
    this.line += lines;
    this.record += records;
    return batch;
  }
}

/** The index after which the bytes end with whole lines: the last `\n`, or the last `\r` that is not the last byte; −1 when none. */
function lastBreak(bytes: Uint8Array): number {
  const lf = bytes.lastIndexOf(LF);
  // Not from −1: a negative start counts from the end, which would find a \r that is the only byte.
  const cr = bytes.length < 2 ? -1 : bytes.lastIndexOf(CR, bytes.length - 2);
  return Math.max(lf, cr);
}

/**
 * Calls `each(text, line, index)` for every record of a batch, in order: the text of the line (untrimmed, as
 * `readline` gives it), its line number and its record index.
 */
export function forEachRecord(batch: Pick<LineBatch, 'bytes' | 'line' | 'record'>, each: (text: string, line: number, index: number) => void): void {
  const text = decoder.decode(batch.bytes);
  let line = batch.line;
  let index = batch.record;
  let start = 0;
  const n = text.length;
  // The next \r at or after `start` (n when none): searched again only once passed, so that a text without
  // any is searched once.
  let cr = -1;
  while (start < n) {
    let lf = text.indexOf('\n', start);
    if (lf < 0) lf = n;
    if (cr < start) {
      cr = text.indexOf('\r', start);
      if (cr < 0) cr = n;
    }
    // A line ends at the first \n, or before it at a \r (alone, or the one of \r\n).
    const end = cr < lf ? cr : lf;
    const next = cr < lf ? (cr + 1 === lf ? lf + 1 : cr + 1) : lf + 1;
    const s = text.slice(start, end);
    if (!blankLine(s)) {
      each(s, line, index);
      index += 1;
    }
    line += 1;
    start = next;
  }
}
