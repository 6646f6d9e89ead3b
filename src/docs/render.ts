import { FACTS } from '../facts/definitions.js';
import { PERSON_FACTS } from '../facts/person.js';
import { LABELS, vocabularyLabels } from '../household/enums.js';
import { Money } from '../money.js';
import type { AmountAst, ConditionAst, ExprAst, MemberFilterAst, ValueAst } from '../rules/ast.js';
import type { Catalog, Rule } from '../rules/catalog.js';
import type { Parameter } from '../rules/parameters.js';
import type { NamedValue, ValueBody } from '../rules/values.js';
import { AMOUNT_KINDS, ARITHMETIC } from '../rules/grammar.js';
import { EPCI_NAMES } from '../catalog/territories.generated.js';
import { frenchDate, frenchNumber, OPERATOR_WORDS, PERIOD_WORDS } from '../report/format.js';

/** One generated documentation file. */
export interface DocFile {
  readonly path: string;
  readonly content: string;
}

const KIND_WORDS: Readonly<Record<Rule['kind'], string>> = { aid: 'aide', tariff: 'tarif', service: 'service' };
const AMOUNT_WORDS: Readonly<Record<AmountAst['kind'], string>> = Object.fromEntries(Object.entries(AMOUNT_KINDS).map(([k, a]) => [k, a.words])) as Record<AmountAst['kind'], string>;

function paramLink(id: string, catalog: Catalog): string {
  const p = catalog.parameters.get(id);
  return p === undefined ? `\`${id}\`` : `${p.label} (\`${id}\`${p.illustrative ? ', **valeur illustrative**' : ''})`;
}

function factLabel(id: string, params: Readonly<Record<string, unknown>>, catalog?: Catalog): string {
  const named = FACTS.has(id) ? undefined : catalog?.values.get(id);
  if (named !== undefined) return `${named.label} (\`${id}\`)`;
  const person = PERSON_FACTS.get(id);
  if (person !== undefined && Object.keys(params).length === 0) return person.label.toLowerCase();
  const def = FACTS.get(id);
  const shown = Object.entries(params)
    .map(([k, v]) => `${k} = ${v !== null && typeof v === 'object' && 'param' in v ? `paramètre \`${String((v as { param: unknown }).param)}\`` : JSON.stringify(v)}`)
    .join(', ');
  return `${def?.label ?? id}${shown === '' ? '' : ` (${shown})`}`;
}

function num(m: Money): string {
  return frenchNumber(m);
}

function describeFilter(w: MemberFilterAst): string {
  const parts = Object.entries(w).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return parts.length === 0 ? ' du foyer' : ` du foyer (${parts.join(', ')})`;
}

/** A French reading of an amount expression. */
export function describeExpr(e: ExprAst, catalog: Catalog): string {
  switch (e.kind) {
    case 'number':
      return num(e.value);
    case 'param':
      return paramLink(e.id, catalog);
    case 'fact':
      return factLabel(e.fact, e.params, catalog);
    case 'sum':
    case 'product':
    case 'min':
    case 'max':
    case 'difference':
    case 'quotient':
      return ARITHMETIC[e.kind].words(e.args.map((a) => describeExpr(a, catalog)));
    case 'round':
      return `${describeExpr(e.arg, catalog)} arrondi à ${e.decimals} décimale${e.decimals > 1 ? 's' : ''}`;
    case 'perPerson':
      return e.aggregate === 'count'
        ? `nombre de personnes${describeFilter(e.where)}`
        : `${e.aggregate === 'sum' ? 'somme' : e.aggregate === 'min' ? 'plus petite valeur' : 'plus grande valeur'}, parmi les personnes${describeFilter(e.where)}, de ${describeExpr(e.of as ExprAst, catalog)}`;
    case 'choose':
      return `(${e.cases.map((c) => `si ${describeConditions(c.when, catalog, 0).map((l) => l.replace(/^- /, '')).join(' ')} : ${describeExpr(c.value, catalog)}`).join(' ; sinon ')} ; sinon : ${describeExpr(e.otherwise, catalog)})`;
    default:
      return `selon ${factLabel(e.fact, e.params, catalog)} : ${e.brackets
        .map((b) => `${b.inclusive ? "jusqu'à" : 'moins de'} ${b.limit instanceof Money ? num(b.limit) : paramLink(b.limit.param, catalog)} → ${describeExpr(b.value, catalog)}`)
        .join(' ; ')}${e.otherwise === undefined ? ' ; au-delà → 0' : ` ; au-delà → ${describeExpr(e.otherwise, catalog)}`}`;
  }
}

function describeValue(v: ValueAst, catalog: Catalog, fact?: string): string {
  if (v.kind === 'param') return paramLink(v.id, catalog);
  if (v.kind === 'expr') return describeExpr(v.expr, catalog);
  if (v.kind === 'fact') return factLabel(v.fact, v.params, catalog);
  // The fact's own vocabulary names `other` (« autre nationalité », « autre revenu »…).
  const values = fact === undefined ? undefined : (FACTS.get(fact)?.enum ?? PERSON_FACTS.get(fact)?.enum);
  const labels = (values === undefined ? undefined : vocabularyLabels(values)) ?? LABELS;
  const word = (x: string) => labels[x] ?? LABELS[x] ?? x;
  const raw = v.raw;
  if (Array.isArray(raw)) return raw.map((x) => (typeof x === 'string' ? word(x) : String(x))).join(', ');
  if (typeof raw === 'boolean') return raw ? 'oui' : 'non';
  if (typeof raw === 'string') return word(raw);
  return String(raw);
}

/** The conditions as a nested French list. */
export function describeConditions(c: ConditionAst, catalog: Catalog, depth = 0): string[] {
  const indent = '  '.repeat(depth);
  if (c.kind === 'perPerson') {
    return [`${indent}- ${c.label} (${c.aggregate === 'any' ? 'au moins une' : 'chacune des'} personnes${describeFilter(c.where)}) :`, ...describeConditions(c.condition, catalog, depth + 1)];
  }
  if (c.kind === 'leaf') {
    return [`${indent}- ${c.label} — *${factLabel(c.fact, c.params, catalog)} ${OPERATOR_WORDS[c.operator]} ${describeValue(c.value, catalog, c.fact)}*`];
  }
  const head = c.kind === 'all' ? 'toutes les conditions suivantes' : c.kind === 'any' ? "au moins l'une des conditions suivantes" : 'ne pas remplir la condition suivante';
  const children = c.kind === 'not' ? [c.child] : c.children;
  const lines = depth === 0 && c.kind === 'all' && c.label === undefined ? [] : [`${indent}- ${c.label !== undefined ? `${c.label} (${head})` : head} :`];
  const childDepth = lines.length === 0 ? depth : depth + 1;
  for (const ch of children) lines.push(...describeConditions(ch, catalog, childDepth));
  return lines;
}

/** The amount in French, with its rounding. */
export function describeAmount(a: AmountAst, catalog: Catalog): string[] {
  const r = `arrondi à ${a.rounding.decimals} décimale${a.rounding.decimals > 1 ? 's' : ''} (${a.rounding.mode === 'down' ? 'par défaut' : a.rounding.mode === 'up' ? 'par excès' : 'au plus proche'})`;
  const per = a.per === undefined ? '' : `, multiplié par ${factLabel(a.per.fact, a.per.params, catalog)}`;
  const max = a.maximum ? "jusqu'à " : '';
  const period = PERIOD_WORDS[a.period];
  const min = [...(a.minimum === undefined ? [] : [`- Rien n'est versé en dessous de ${describeExpr(a.minimum, catalog)}.`]), ...(a.note === undefined ? [] : [`- Note : ${a.note}`])];
  switch (a.kind) {
    case 'fixed':
    case 'brackets':
      return [`- Montant : ${max}${describeExpr(a.value, catalog)} ${period}${per} ; ${r}.`, ...min];
    case 'rate':
      return [
        `- Prix : ${describeExpr(a.base, catalog)} × ${describeExpr(a.rate, catalog)} ${period}${per} ; ${r}.`,
        ...(a.floor === undefined ? [] : [`- Ressources prises au moins égales à ${describeExpr(a.floor, catalog)} (plancher).`]),
        ...(a.ceiling === undefined ? [] : [`- Ressources prises au plus égales à ${describeExpr(a.ceiling, catalog)} (plafond).`]),
        ...min,
      ];
    case 'differential':
      return [`- Montant différentiel : ${describeExpr(a.ceiling, catalog)} − ${describeExpr(a.resources, catalog)}, ${period}${per} ; nul si négatif ; ${r}.`, ...min];
    case 'reduction':
      return [`- Réduction de ${describeExpr(a.percent, catalog)} %${a.of === undefined ? '' : ` de ${describeExpr(a.of, catalog)}`} ${period}${per} ; ${r}.`, ...min];
    default:
      return [
        '- Selon le cas (le premier qui s\'applique) :',
        ...a.cases.flatMap((c) => {
          const when = describeConditions(c.when, catalog, 0);
          const head = when.length === 1 ? [`  - si ${(when[0] as string).replace(/^- /, '')} :`] : ['  - si :', ...when.map((l) => `      ${l}`)];
          return [...head, ...describeAmount(c.amount, catalog).map((l) => `    ${l}`)];
        }),
      ];
  }
}

function territoryParts(t: { readonly communes?: readonly string[] | undefined; readonly departements?: readonly string[] | undefined; readonly epcis?: readonly string[] | undefined }): string[] {
  return [
    ...(t.communes ?? []).map((c) => `commune ${c}`),
    ...(t.departements ?? []).map((d) => `département ${d}`),
    ...(t.epcis ?? []).map((e) => `${EPCI_NAMES[e] ?? 'EPCI'} (SIREN ${e})`),
  ];
}

function territory(rule: Rule): string {
  const t = rule.territory;
  const inside = t.national === true ? 'France entière' : territoryParts(t).join(', ');
  return `${inside}${t.except === undefined ? '' : `, sauf ${territoryParts(t.except).join(', ')}`}`;
}

function paramTable(p: Parameter): string[] {
  const rows = p.values.map((v) => `| ${frenchDate(v.from)} | ${v.value === null ? '*(fin)*' : v.value instanceof Money ? `${num(v.value)}${p.unit === undefined ? '' : ` ${p.unit}`}` : `\`${JSON.stringify(v.raw)}\``} |`);
  const sources = p.sources.map((s) => `${s.title}${s.section === undefined ? '' : `, ${s.section}`}${s.href === undefined ? '' : ` (<${s.href}>)`}${s.from === undefined ? '' : ` — depuis le ${frenchDate(s.from)}`}`);
  return [
    `#### ${p.label} — \`${p.id}\`${p.illustrative ? ' — ⚠ valeur illustrative' : ''}`,
    '',
    ...(p.description === undefined ? [] : [p.description, '']),
    '| à partir du | valeur |',
    '| --- | --- |',
    ...rows,
    '',
    `Sources : ${sources.join(' ; ')}${p.lastChecked === undefined ? '' : ` (vérifié le ${frenchDate(p.lastChecked)})`}`,
    '',
  ];
}

function namedValueSection(v: NamedValue, catalog: Catalog): string[] {
  const body = (b: ValueBody): string[] => (b.kind === 'formula' ? [`= ${describeExpr(b.expr, catalog)}`] : describeConditions(b.condition, catalog, 0));
  const versions = v.versions.length === 1 && v.versions[0]?.from === null
    ? body((v.versions[0] as { body: ValueBody }).body)
    : v.versions.flatMap((ver) => [`- à partir du ${frenchDate(ver.from ?? '')} :`, ...body(ver.body).map((l) => `  ${l}`)]);
  return [
    `#### ${v.label} — \`${v.id}\`${v.unit === undefined ? '' : ` (${v.unit})`}${v.illustrative ? ' — ⚠ valeur illustrative' : ''}`,
    '',
    ...(v.description === undefined ? [] : [v.description, '']),
    ...versions,
    '',
    ...(v.notModeled.length === 0 ? [] : [`Non modélisé : ${v.notModeled.join(' ; ')}.`, '']),
    `Sources : ${v.sources.map((s) => `${s.title}${s.section === undefined ? '' : `, ${s.section}`}`).join(' ; ')}`,
    '',
  ];
}

/** The page of one rule, in Markdown. */
export function renderRulePage(rule: Rule, catalog: Catalog): string {
  const lines: string[] = [`# ${rule.title}`, ''];
  lines.push(`\`${rule.id}\` — ${KIND_WORDS[rule.kind]} — ${rule.institution.name}${rule.group === undefined ? '' : ` — groupe \`${rule.group}\``}`, '');
  if (rule.description !== undefined) lines.push(rule.description, '');
  lines.push(`- Territoire : ${territory(rule)}`);
  lines.push(`- En vigueur : ${rule.validity.until === null ? `depuis le ${frenchDate(rule.validity.from)}` : `du ${frenchDate(rule.validity.from)} au ${frenchDate(rule.validity.until)} (exclu)`}`);
  if ((rule.illustrative ?? []).length > 0) lines.push(`- ⚠ **Valeurs illustratives** (aucun texte officiel ne les donne) : ${(rule.illustrative ?? []).map((x) => `\`${x}\``).join(', ')}`);
  lines.push('', '## Conditions', '', ...describeConditions(rule.conditions, catalog), '');
  lines.push('## Montant', '', ...(rule.amount === null ? ['Pas de montant calculé.'] : describeAmount(rule.amount, catalog)), '');
  if (rule.values.length > 0) {
    lines.push('## Valeurs nommées', '', 'Chaque grandeur que le texte nomme est définie une fois (dossier `values/`) et partagée par les règles qui la lisent.', '');
    for (const id of rule.values) {
      const v = catalog.values.get(id);
      if (v !== undefined) lines.push(...namedValueSection(v, catalog));
    }
  }
  if (rule.parameters.length > 0) {
    lines.push('## Paramètres', '');
    for (const id of rule.parameters) {
      const p = catalog.parameters.get(id);
      if (p !== undefined) lines.push(...paramTable(p));
    }
  }
  if ((rule.notModeled ?? []).length > 0) lines.push('## Non vérifié par le calcul', '', ...(rule.notModeled ?? []).map((n) => `- ${n}`), '');
  if (rule.apply !== undefined) {
    lines.push('## Demander', '', `- Où : ${rule.apply.where}`, `- Pièces : ${rule.apply.documents.join(' ; ')}`);
    if (rule.apply.url !== undefined) lines.push(`- En ligne : <${rule.apply.url}>`);
    lines.push('');
  }
  lines.push('## Sources', '', ...rule.sources.map((s) => `- ${s.title}${s.section === undefined ? '' : `, ${s.section}`}${s.href === undefined ? '' : ` (<${s.href}>)`}`), '');
  return `${lines.join('\n')}\n`;
}

/** Every page: an index table and one page per rule. */
export function renderCatalogDocs(catalog: Catalog): DocFile[] {
  const index = [
    '# Catalogue des droits, aides et tarifs',
    '',
    `${catalog.rules.length} dispositifs. ⚠ signale des valeurs illustratives (non officielles).`,
    '',
    '| dispositif | type | territoire | en vigueur | montant |',
    '| --- | --- | --- | --- | --- |',
    ...catalog.rules.map(
      (r) =>
        `| [${r.title}](${r.id}.md)${(r.illustrative ?? []).length > 0 ? ' ⚠' : ''} | ${KIND_WORDS[r.kind]} | ${territory(r)} | ${r.validity.until === null ? `depuis le ${frenchDate(r.validity.from)}` : `${frenchDate(r.validity.from)} → ${frenchDate(r.validity.until)}`} | ${r.amount === null ? '—' : `${AMOUNT_WORDS[r.amount.kind]}, ${PERIOD_WORDS[r.amount.period]}`} |`,
    ),
    '',
  ].join('\n');
  return [{ path: 'index.md', content: index }, ...catalog.rules.map((r) => ({ path: `${r.id}.md`, content: renderRulePage(r, catalog) }))];
}
