/**
 * The compiled engine against the hand-written evaluator of bench/handwritten.ts (issue 14, item 2):
 * on generated households at two dates, (a) both must give the same status and amount for every
 * household and rule, (b) households/s of each and their ratio, (c) which rules take the engine's time.
 * Run with `npm run bench:handwritten` (BENCH_HOUSEHOLDS, BENCH_ROUNDS to change the size).
 *
 * The catalog is read from rules/ on disk (what the rule files say today), not from the bundled copy.
 * Half the households are complete, half are drawn as real files are (a few fields left out), and a
 * share of those is then perturbed (an age, a housing status, a tax notice, a month of income, a gross
 * pension left out; a recent separation; benefits added) so that undetermined results are exercised.
 * Both evaluators read the same prepared households: preparation is timed apart, once.
 */
import { evaluateCompact, parseHousehold, prepareHousehold, safeParseHousehold, type PreparedHousehold } from '../src/index.js';
import { compileCatalog as compileInternal, createEnv, evaluateRule, STATUSES, type CompiledCatalog, type Outcome } from '../src/engine/evaluator.js';
import { engineCents, evaluateBulkInto } from './engine-bulk.js';
import type { CompiledCatalog as PublicCompiled } from '../src/api.js';
import { loadCatalog, type Catalog } from '../src/rules/catalog.js';
import { readRuleTree } from '../src/node/read-rules.js';
import { Money } from '../src/money.js';
import { mixedPopulation, prng } from '../seeds/populations/generate.js';
import { evaluateHand, handParameters, HAND_RULES, HAND_RULE_COUNT } from './handwritten.js';

const DATES = ['2026-11-24', '2019-06-15'];
const N = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PROFILE_SAMPLE = Math.min(N, 20_000);
const RANDOM = Number(process.env.BENCH_RANDOM ?? Math.min(N, 50_000));

const input = readRuleTree('rules');
const catalog = loadCatalog(input);
// The same rule files, the ten rules only: the engine doing the same work as the hand-written code.
const subsetCatalog: Catalog = loadCatalog({ ...input, rules: input.rules.filter((r) => (HAND_RULES as readonly string[]).includes((r.json as { id?: string }).id ?? '')) });
const ruleIds = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));

type Json = Record<string, unknown>;

/** Leaves out or changes one or two fields of a raw household, deterministically. */
function perturb(h: Json, rnd: () => number): void {
  const persons = h.persons as Json[];
  const incomes = h.incomes as Json[];
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
  const n = 1 + Math.floor(rnd() * 2);
  for (let k = 0; k < n; k += 1) {
    switch (Math.floor(rnd() * 16)) {
      case 0: {
        const p = pick(persons);
        if (p !== undefined) delete p.birthDate;
        break;
      }
      case 1:
        delete (h.housing as Json).status;
        break;
      case 2:
        (h.housing as Json).status = pick(['hosted', 'hosted-free', 'hosted-paying', 'homeless', 'owner', 'institution']);
        break;
      case 3:
        delete h.taxReturns;
        break;
      case 4: {
        // A month of income missing, and incomes not said complete.
        const month = (pick(incomes) as Json | undefined)?.month;
        h.incomes = incomes.filter((r) => r.month !== month || r.person !== 'p1');
        h.incomesComplete = false;
        break;
      }
      case 5:
        for (const r of incomes) if (r.kind === 'pension' && rnd() < 0.5) delete r.grossAmount;
        break;
      case 6:
        delete (persons[0] as Json).nationality;
        break;
      case 7:
        delete (persons[0] as Json).activity;
        break;
      case 8:
        delete h.commune;
        break;
      case 9:
        delete h.couple;
        break;
      case 10: {
        // A recent separation (or one whose date is unknown).
        const months = [...new Set(incomes.map((r) => r.month as string))].sort();
        const m = months[months.length - 1 - Math.floor(rnd() * 14)] ?? months[0];
        h.couple = rnd() < 0.2 ? { status: 'separated' } : { status: 'separated', since: `${m}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` };
        break;
      }
      case 11: {
        // Benefits: RSA, ASPA, ASI, AAH, PPA or alimony paid on recent months, for the applicant or the partner.
        const kind = pick(['rsa', 'aspa', 'asi', 'aah', 'ppa', 'alimony-paid', 'housing-benefit', 'af', 'ars']) as string;
        const who = persons.some((p) => p.id === 'p2') && rnd() < 0.5 ? 'p2' : 'p1';
        const months = [...new Set(incomes.map((r) => r.month as string))].sort().slice(-1 - Math.floor(rnd() * 12));
        const amount = (50 + Math.floor(rnd() * 900)).toFixed(2);
        for (const month of months) incomes.push({ person: who, kind, month, amount });
        break;
      }
      case 12: {
        const p = persons[0] as Json;
        if (rnd() < 0.5) p.pregnant = rnd() < 0.5;
        else delete p.pregnant;
        p.unfitForWork = rnd() < 0.5;
        if (rnd() < 0.3) delete p.unfitForWork;
        p.disabilityRate = pick([0, 0.5, 0.8, 0.49]);
        if (rnd() < 0.3) delete p.disabilityRate;
        break;
      }
      case 13: {
        const p = pick(persons.filter((x) => x.role === 'child'));
        if (p !== undefined) p.custody = p.custody === 'shared' ? 'full' : 'shared';
        break;
      }
      case 14:
        (persons[0] as Json).activity = pick(['student', 'apprentice', 'work-study', 'retired', 'employed']);
        break;
      default: {
        (persons[0] as Json).nationality = 'other';
        if (rnd() < 0.7) (persons[0] as Json).residencePermitSince = `${2000 + Math.floor(rnd() * 26)}-0${1 + Math.floor(rnd() * 9)}-15`;
        else delete (persons[0] as Json).residencePermitSince;
      }
    }
  }
}

const KINDS = ['salary', 'self-employment', 'unemployment', 'daily-allowance', 'internship', 'pension', 'alimony-received', 'alimony-paid', 'family-benefits', 'af', 'complement-familial', 'asf', 'paje', 'ars', 'housing-benefit', 'rsa', 'ppa', 'aah', 'aeeh', 'aspa', 'asi', 'ass', 'other'];

/**
 * A household drawn field by field, off the generator's model: any income kind for anyone (children
 * and other persons too), months left out, unborn children, permits and separations dated after the
 * date, odd tax shares, communes of the three cities or elsewhere. Only for the agreement check.
 */
function randomHousehold(rnd: () => number, date: string, i: number): Json {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const maybe = (p: number): boolean => rnd() < p;
  const day = () => String(1 + Math.floor(rnd() * 28)).padStart(2, '0');
  const ym = (back: number) => {
    const idx = year * 12 + month - 1 - back;
    return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
  };
  const birth = (min: number, max: number) => `${year - min - Math.floor(rnd() * (max - min + 1))}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${day()}`;
  const person = (id: string, role: string, adult: boolean): Json => {
    const p: Json = { id, role };
    if (maybe(0.92)) p.birthDate = adult ? birth(17, 95) : birth(-1, 27);
    if (adult || maybe(0.2)) {
      if (maybe(0.9)) p.activity = pick(['employed', 'self-employed', 'unemployed', 'student', 'apprentice', 'work-study', 'civic-service', 'retired', 'inactive']);
      if (maybe(0.9)) p.nationality = pick(['fr', 'fr', 'eea', 'other']);
      if (p.nationality !== 'fr' && maybe(0.6)) p.residencePermitSince = `${year - 12 + Math.floor(rnd() * 13)}-${String(month).padStart(2, '0')}-${day()}`;
      if (maybe(0.7)) p.unfitForWork = maybe(0.2);
      if (maybe(0.7)) p.disabilityRate = pick([0, 0.3, 0.49, 0.5, 0.8]);
      if (maybe(0.6)) p.pregnant = maybe(0.1);
    }
    if (role === 'child' && maybe(0.9)) p.custody = maybe(0.3) ? 'shared' : 'full';
    return p;
  };
  const persons: Json[] = [person('a', 'applicant', true)];
  const partner = maybe(0.45);
  if (partner) persons.push(person('p', 'partner', true));
  const kids = pick([0, 0, 1, 1, 2, 3, 4, 6, 9]);
  for (let c = 0; c < kids; c += 1) persons.push(person(`c${c}`, 'child', false));
  if (maybe(0.15)) persons.push(person('o', 'other', true));
  const h: Json = { id: `aleatoire-${i}`, persons };
  if (maybe(0.9)) h.commune = pick(['86194', '44109', '41018', '44162', '75056']);
  if (partner) {
    if (maybe(0.9)) h.couple = { status: 'couple' };
  } else if (maybe(0.9)) {
    const status = pick(['single', 'separated', 'separated', 'widowed']);
    h.couple = status === 'single' || maybe(0.15) ? { status } : { status, since: `${ym(Math.floor(rnd() * 30) - 2)}-${day()}` };
  }
  const incomes: Json[] = [];
  for (const p of persons) {
    const adult = p.role === 'applicant' || p.role === 'partner';
    if (!adult && !maybe(0.1)) continue;
    const kinds = [pick(KINDS), ...(maybe(0.5) ? [pick(['salary', 'pension', 'unemployment'])] : []), ...(maybe(0.2) ? [pick(KINDS)] : [])];
    for (let back = 1; back <= 13; back += 1) {
      if (maybe(0.04)) continue;
      for (const kind of kinds) {
        if (maybe(0.15)) continue;
        const amount = maybe(0.05) ? '0.00' : (rnd() * pick([100, 800, 2000, 4000])).toFixed(2);
        const r: Json = { person: p.id, kind, month: ym(back), amount };
        if (kind === 'pension' && maybe(0.85)) r.grossAmount = (Number(amount) / 0.91).toFixed(2);
        incomes.push(r);
      }
    }
  }
  h.incomes = incomes;
  if (maybe(0.8)) h.incomesComplete = maybe(0.7);
  if (maybe(0.9)) {
    const shares = 1 + Math.floor(rnd() * 12) * 0.25;
    h.taxReturns = [year - 2, year - 1].filter(() => maybe(0.85)).map((y) => ({ year: y, referenceIncome: String(Math.floor(rnd() * pick([8000, 20000, 60000]))), shares }));
  }
  if (maybe(0.9)) h.housing = { status: pick(['tenant', 'social-tenant', 'owner', 'hosted', 'hosted-free', 'hosted-paying', 'homeless', 'institution']) };
  return h;
}

function randomPopulation(date: string, size: number): PreparedHousehold[] {
  const rnd = prng(Number(date.slice(0, 4)) * 97 + 5);
  const out: PreparedHousehold[] = [];
  let refused = 0;
  for (let i = 0; out.length < size && i < size * 3; i += 1) {
    const r = safeParseHousehold(randomHousehold(rnd, date, i));
    if (r.success) out.push(prepareHousehold(r.household));
    else refused += 1;
  }
  if (out.length < size) process.stderr.write(`foyers aléatoires : ${refused} refusés par le contrat du foyer\n`);
  return out;
}

function population(date: string): PreparedHousehold[] {
  const year = Number(date.slice(0, 4));
  const out: PreparedHousehold[] = [];
  const rnd = prng(year * 31 + 14);
  const half = Math.floor(N / 2);
  for (const raw of mixedPopulation(half, year, date, ruleIds, true)) out.push(prepareHousehold(parseHousehold(raw)));
  let refused = 0;
  for (const raw of mixedPopulation(N - half, year + 1000, date, ruleIds, false)) {
    if (rnd() < 0.4) {
      // A perturbation the household contract refuses (a partner said single…) is dropped.
      const changed = JSON.parse(JSON.stringify(raw)) as Json;
      perturb(changed, rnd);
      const r = safeParseHousehold(changed);
      if (r.success) {
        out.push(prepareHousehold(r.household));
        continue;
      }
      refused += 1;
    }
    out.push(prepareHousehold(parseHousehold(raw)));
  }
  if (refused > N / 20) process.stderr.write(`${refused} perturbations refusées par le contrat du foyer\n`);
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const fmt = (x: number): string => Math.round(x).toLocaleString('fr-FR');
let failed = false;

console.log(`non-recours — évaluateur compilé contre évaluateur écrit à la main (${HAND_RULE_COUNT} règles, ${N.toLocaleString('fr-FR')} foyers par date, ${ROUNDS} tours, Node ${process.version})`);
console.log(`  machine : 2 cœurs partagés avec d'autres travaux — les débits varient d'un passage à l'autre, le rapport moins.`);

for (const date of DATES) {
  process.stderr.write(`${date} : génération et préparation de ${N} foyers…\n`);
  let t0 = performance.now();
  const households = population(date);
  const prepMs = performance.now() - t0;
  const full = compileInternal(catalog, date);
  const subset = compileInternal(subsetCatalog, date);
  const P = handParameters(catalog, date);
  const index = HAND_RULES.map((id) => full.rules.findIndex((r) => r.rule.id === id));
  const subsetIndex = HAND_RULES.map((id) => subset.rules.findIndex((r) => r.rule.id === id));
  if (index.some((i) => i < 0) || subsetIndex.some((i) => i < 0)) throw new Error('règle absente du catalogue');

  // (a) Agreement on every household and rule, against the engine's bulk path on the whole catalog.
  const status = new Uint8Array(N * HAND_RULE_COUNT);
  const amount = new Float64Array(N * HAND_RULE_COUNT);
  const agreement = (list: readonly PreparedHousehold[]) => {
    const st = new Uint8Array(HAND_RULE_COUNT);
    const am = new Float64Array(HAND_RULE_COUNT);
    let mismatches = 0;
    const first: string[] = [];
    const byRule = new Map<string, number>();
    const counts = HAND_RULES.map(() => new Array<number>(STATUSES.length).fill(0));
    for (let i = 0; i < list.length; i += 1) {
      const h = list[i] as PreparedHousehold;
      evaluateHand(P, h, st, am, 0);
      const r = evaluateCompact(full as unknown as PublicCompiled, h);
      for (let k = 0; k < HAND_RULE_COUNT; k += 1) {
        const es = STATUSES.indexOf(r.statuses[index[k] as number] as (typeof STATUSES)[number]);
        const ea = engineCents(r.amounts[index[k] as number]);
        const hs = st[k] as number;
        const ha = am[k] as number;
        (counts[k] as number[])[hs] = ((counts[k] as number[])[hs] ?? 0) + 1;
        if (es === hs && ea === ha) continue;
        mismatches += 1;
        const id = HAND_RULES[k] as string;
        byRule.set(id, (byRule.get(id) ?? 0) + 1);
        if (first.length < 10) first.push(`    ${h.household.id ?? `#${i}`} ${id} : moteur ${STATUSES[es] ?? '?'} ${ea < 0 ? '—' : (ea / 100).toFixed(2)} ; à la main ${STATUSES[hs] ?? '?'} ${ha < 0 ? '—' : (ha / 100).toFixed(2)}`);
      }
    }
    return { mismatches, first, byRule, counts, n: list.length };
  };
  const generated = agreement(households);
  const random = agreement(randomPopulation(date, RANDOM));
  // (b) Timing: the same prepared households, rounds alternated, median.
  const out: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: 2 };
  const runEngine = (c: CompiledCatalog): number => {
    const t = performance.now();
    let sink = 0;
    for (let i = 0; i < N; i += 1) sink += evaluateCompact(c as unknown as PublicCompiled, households[i] as PreparedHousehold).statuses.length;
    if (sink < 0) console.log(sink);
    return performance.now() - t;
  };
  const runHand = (): number => {
    const t = performance.now();
    for (let i = 0; i < N; i += 1) evaluateHand(P, households[i] as PreparedHousehold, status, amount, i * HAND_RULE_COUNT);
    return performance.now() - t;
  };
  // The barometer's path (bench/engine-bulk.ts): status index and integer cents, as the hand-written code writes them.
  const bulkStatus = new Uint8Array(N * subset.rules.length);
  const bulkCents = new Float64Array(N * subset.rules.length);
  const runBulk = (c: CompiledCatalog): number => {
    const t = performance.now();
    evaluateBulkInto(c, households, bulkStatus, bulkCents);
    return performance.now() - t;
  };
  // The bulk path agrees with the public one (and so with the hand-written code) on every household and rule.
  runBulk(subset);
  let bulkMismatches = 0;
  for (let i = 0; i < N; i += 1) {
    const r = evaluateCompact(subset as unknown as PublicCompiled, households[i] as PreparedHousehold);
    for (let k = 0; k < subset.rules.length; k += 1) {
      const at = i * subset.rules.length + k;
      if (bulkStatus[at] !== STATUSES.indexOf(r.statuses[k] as (typeof STATUSES)[number]) || bulkCents[at] !== engineCents(r.amounts[k])) bulkMismatches += 1;
    }
  }
  runEngine(subset);
  runHand();
  const engineMs: number[] = [];
  const handMs: number[] = [];
  const bulkMs: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    engineMs.push(runEngine(subset));
    handMs.push(runHand());
    bulkMs.push(runBulk(subset));
  }
  const bulkRatio = median(bulkMs.map((e, r) => e / (handMs[r] as number)));
  if (bulkMismatches > 0) failed = true;
  const fullMs: number[] = [];
  runEngine(full);
  for (let r = 0; r < Math.max(3, Math.floor(ROUNDS / 2)); r += 1) fullMs.push(runEngine(full));
  const roundRatio = median(engineMs.map((e, r) => e / (handMs[r] as number)));
  const eRate = N / (median(engineMs) / 1000);
  const hRate = N / (median(handMs) / 1000);
  const fRate = N / (median(fullMs) / 1000);

  // (c) Profile: each rule alone over a sample (a fresh environment per household, so each rule pays for its own facts).
  const profile = (c: CompiledCatalog): { id: string; ms: number }[] => {
    const rows: { id: string; ms: number }[] = [];
    for (const cr of c.rules) {
      if (!cr.inForce) continue;
      for (let i = 0; i < 2_000; i += 1) evaluateRule(cr, createEnv(c, households[i % N] as PreparedHousehold, false), out);
      const t = performance.now();
      for (let i = 0; i < PROFILE_SAMPLE; i += 1) evaluateRule(cr, createEnv(c, households[i] as PreparedHousehold, false), out);
      rows.push({ id: cr.rule.id, ms: performance.now() - t });
    }
    t0 = performance.now();
    for (let i = 0; i < PROFILE_SAMPLE; i += 1) createEnv(c, households[i] as PreparedHousehold, false);
    const envMs = performance.now() - t0;
    return rows.map((r) => ({ id: r.id, ms: Math.max(0, r.ms - envMs) })).sort((a, b) => b.ms - a.ms);
  };
  const subsetProfile = profile(subset);
  const fullProfile = profile(full);
  const share = (rows: { id: string; ms: number }[], top: number): string => {
    const total = rows.reduce((a, r) => a + r.ms, 0) || 1;
    return rows
      .slice(0, top)
      .map((r) => `${r.id} ${((100 * r.ms) / total).toFixed(0)} % (${((1000 * r.ms) / PROFILE_SAMPLE).toFixed(2)} µs)`)
      .join(', ');
  };

  const inForce = P.inForce.filter(Boolean).length;
  console.log(`\n${date} — ${inForce} des ${HAND_RULE_COUNT} règles en vigueur ; préparation des foyers : ${fmt(N / (prepMs / 1000))} foyers/s (génération + validation + préparation, hors mesure)`);
  const report = (what: string, a: ReturnType<typeof agreement>) => {
    console.log(`  (a) accord, ${what} : ${(a.n * HAND_RULE_COUNT).toLocaleString('fr-FR')} comparaisons règle × foyer (statut et montant au centime), ${a.mismatches} désaccord${a.mismatches > 1 ? 's' : ''}`);
    if (a.mismatches > 0) {
      console.log(`      par règle : ${[...a.byRule].map(([id, c]) => `${id} ${c}`).join(', ')}`);
      console.log(`      premiers désaccords :\n${a.first.join('\n')}`);
      failed = true;
    }
    console.log(
      `      statuts : ${HAND_RULES.map((id, k) => `${id} ${(a.counts[k] as number[])
        .map((c, st) => (c > 0 ? `${STATUSES[st]?.slice(0, 5)} ${c}` : ''))
        .filter(Boolean)
        .join('/')}`).join(' ; ')}`,
    );
  };
  report('foyers générés', generated);
  report('foyers aléatoires hors modèle', random);
  console.log(`  (b) moteur, ces ${HAND_RULE_COUNT} règles seules : ${fmt(eRate)} foyers/s (médiane ${median(engineMs).toFixed(0)} ms)`);
  console.log(`      écrit à la main                  : ${fmt(hRate)} foyers/s (médiane ${median(handMs).toFixed(0)} ms)`);
  console.log(`      rapport moteur / à la main : ${(hRate / eRate).toFixed(1)} × (médiane des rapports tour par tour : ${roundRatio.toFixed(1)} ×) ; moteur sur tout le catalogue (${full.rules.filter((r) => r.inForce).length} règles en vigueur) : ${fmt(fRate)} foyers/s`);
  console.log(`      chemin du baromètre (nextEnv, evaluateRuleExact, statut et centimes entiers) : ${fmt(N / (median(bulkMs) / 1000))} foyers/s ; rapport / à la main ${bulkRatio.toFixed(2)} × (médiane des rapports tour par tour) ; ${bulkMismatches} désaccord${bulkMismatches > 1 ? 's' : ''} avec evaluateCompact`);
  console.log(`      tours (ms) moteur ${engineMs.map((x) => x.toFixed(0)).join(' ')} ; à la main ${handMs.map((x) => x.toFixed(0)).join(' ')} ; chemin du baromètre ${bulkMs.map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`  (c) temps du moteur par règle (chaque règle seule, ${PROFILE_SAMPLE.toLocaleString('fr-FR')} foyers, µs par foyer) :`);
  console.log(`      ces ${HAND_RULE_COUNT} règles : ${share(subsetProfile, 6)}`);
  console.log(`      tout le catalogue : ${share(fullProfile, 8)}`);
}

if (failed) process.exitCode = 1;
