import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPopulationMeta } from '../src/cli/simulate.js';

describe('the description beside a population (<population>.meta.json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nr-meta-'));
  const read = (json: unknown) => {
    writeFileSync(join(dir, 'p.meta.json'), JSON.stringify(json));
    return readPopulationMeta(join(dir, 'p.jsonl.gz'));
  };

  it('is read when valid, and absent is not an error', () => {
    expect(readPopulationMeta(join(dir, 'absent.jsonl.gz'))).toEqual({ success: true, meta: null });
    expect(read({ title: 'Poitiers', synthetic: true, source: 'générée', areas: { 'trois-cites': 'Trois-Cités' } })).toEqual({ success: true, meta: { title: 'Poitiers', synthetic: true, source: 'générée', areas: { 'trois-cites': 'Trois-Cités' } } });
  });

  it('names each faulty field in French, an unknown key included', () => {
    const r = read({ title: 1, synthetic: 'oui', source: '', couleur: 'bleu' });
    expect(r.success).toBe(false);
    const message = r.success ? '' : r.message;
    expect(message).toContain('title : titre : texte attendu');
    expect(message).toContain('synthetic : population synthétique ou non : true ou false attendu');
    expect(message).toContain('source : source : texte non vide attendu');
    expect(message).toContain('champ inconnu « couleur »');
    writeFileSync(join(dir, 'p.meta.json'), '{"title": "T", "__proto__": {}}');
    expect(readPopulationMeta(join(dir, 'p.jsonl.gz'))).toEqual({ success: false, message: expect.stringMatching(/illisible : .*__proto__/) });
    expect(read({ title: 'T', synthetic: true, source: 's', areas: { a: 3 } })).toEqual({ success: false, message: expect.stringContaining('areas.a : nom de quartier : texte attendu') });
  });
});
