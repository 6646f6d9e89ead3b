import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachRecord, LineBatcher, type LineBatch } from '../src/simulate/json-lines.js';

/** What `readJsonLines` sees: each non-blank line with its number, as `readline` cuts them. */
async function byReadline(chunks: readonly Uint8Array[]): Promise<[number, string][]> {
  const out: [number, string][] = [];
  let n = 0;
  for await (const line of createInterface({ input: Readable.from(chunks.map((c) => Buffer.from(c))), crlfDelay: Infinity })) {
    n += 1;
    if (line.trim() !== '') out.push([n, line]);
  }
  return out;
}

/** The same through batches: each record with its line number, and its index checked against its rank. */
function byBatches(chunks: readonly Uint8Array[], batchBytes: number): { records: [number, string][]; batches: LineBatch[] } {
  const batcher = new LineBatcher(batchBytes);
  const batches = chunks.flatMap((c) => batcher.push(c));
  const last = batcher.end();
  if (last !== undefined) batches.push(last);
  const records: [number, string][] = [];
  for (const b of batches) {
    let count = 0;
    forEachRecord(b, (text, line, index) => {
      expect(index).toBe(records.length);
      records.push([line, text]);
      count += 1;
    });
    expect(count).toBe(b.records);
  }
  expect(batcher.records).toBe(records.length);
  return { records, batches };
}

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Cuts bytes at the given offsets (sorted, deduplicated), anywhere, even inside a character or between \r and \n. */
function cut(bytes: Uint8Array, at: readonly number[]): Uint8Array[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) out.push(bytes.slice(from, p));
    from = Math.max(from, p);
  }
  return out;
}

describe('JSON Lines in batches of bytes', () => {
  it('gives the records and line numbers readline gives, however the text is cut into chunks and batches', async () => {
    const piece = fc.constantFrom('{"a":1}', '{"b":"é"}', '\n', '\r', '\r\n', ' ', '\t', '\u00a0', '\u3000', '\u2028', '\ufeff', 'x', '{"c":[1,2,3]}');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.nat(400), { maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (pieces, at, batchBytes) => {
        const bytes = encode(pieces.join(''));
        const chunks = cut(bytes, at);
        const expected = await byReadline(chunks);
        expect(byBatches(chunks, batchBytes).records).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('waits for the next chunk after a chunk that is a lone \\r, even with batches of one byte (found by the property above)', async () => {
    const chunks = [encode('\r'), encode('\n\t{"a":1}')];
    expect(await byReadline(chunks)).toEqual([[2, '\t{"a":1}']]);
    expect(byBatches(chunks, 1).records).toEqual([[2, '\t{"a":1}']]);
  });

  it('keeps a byte order mark at the start of the file, as readline does (the record is then not JSON)', async () => {
    const chunks = [encode('\ufeff{"a":1}\n{"b":2}\n')];
    const { records } = byBatches(chunks, 4);
    expect(records).toEqual(await byReadline(chunks));
    expect(records[0]?.[1].charCodeAt(0)).toBe(0xfeff);
  });

  it('makes a line longer than a batch a batch of its own, and batches own their whole buffer (to be transferred)', () => {
    const long = `{"x":"${'y'.repeat(5000)}"}`;
    const { records, batches } = byBatches([encode(`${long}\n{"a":1}\n\n{"b":2}`)], 1024);
    expect(records).toEqual([
      [1, long],
      [2, '{"a":1}'],
      [4, '{"b":2}'],
    ]);
    for (const b of batches) expect(b.bytes.byteLength).toBe(b.bytes.buffer.byteLength);
  });

  it('copies the lines of a Node Buffer chunk (whose slice is a view) into a buffer of their own', () => {
    const pool = Buffer.from('{"a":1}\n{"b":2}\n{"c":');
    const chunk = pool.subarray(0, pool.length);
    const { batches } = byBatches([chunk, Buffer.from('3}\n')], 8);
    for (const b of batches) {
      expect(b.bytes.buffer).not.toBe(pool.buffer);
      expect(b.bytes.byteLength).toBe(b.bytes.buffer.byteLength);
    }
    expect(batches.map((b) => b.records)).toEqual([2, 1]);
  });
});
