/** The shapes exchanged with OpenFisca-France, and the gaps of a conversion. */

/** A value of one variable, by period (`"2026-11"`, `"2026"`, `"ETERNITY"`); `null` asks OpenFisca to compute it. */
export type OpenFiscaValues = Readonly<Record<string, number | string | boolean | null>>;

/** One entity of a situation: its variables, and for a group entity its roles (lists of individual ids). */
export type OpenFiscaEntity = Readonly<Record<string, OpenFiscaValues | readonly string[]>>;

/**
 * A situation as the OpenFisca-France web API `POST /calculate` accepts it: the individuals and the three
 * group entities, each by id.
 */
export interface OpenFiscaSituation {
  readonly individus: Readonly<Record<string, OpenFiscaEntity>>;
  readonly familles: Readonly<Record<string, OpenFiscaEntity>>;
  readonly foyers_fiscaux: Readonly<Record<string, OpenFiscaEntity>>;
  readonly menages: Readonly<Record<string, OpenFiscaEntity>>;
}

/**
 * Something a conversion could not carry over, or carried over only in part: where it is (a JSON path in
 * the source: `persons[0].carer`, `individus.p1.handicap`) and why, in French.
 */
export interface OpenFiscaGap {
  readonly path: string;
  readonly reason: string;
}
