/**
 * The statutes an officer may name when asking for information without the client's consent.
 * A fixed list, not free text, so that every such request names a provision that actually
 * allows disclosure between authorities; a written justification is always required too, and the
 * request is flagged to the requester, the receiver and the client. The stored reference (the
 * `reference` string) is also the audit basis: `legal:<reference>`.
 *
 * The list is reference data that the organisations' legal advisers should confirm before use.
 */
export interface Statute {
  reference: string;
  label: { sv: string; en: string };
}

export const statutes: readonly Statute[] = [
  {
    reference: "OSL 10 kap. 28 §",
    label: {
      sv: "Offentlighets- och sekretesslagen 10 kap. 28 §: uppgiftsskyldighet som följer av lag eller förordning",
      en: "Public Access to Information and Secrecy Act, ch. 10 s. 28: a duty to disclose laid down in an act or ordinance",
    },
  },
  {
    reference: "OSL 10 kap. 27 §",
    label: {
      sv: "Offentlighets- och sekretesslagen 10 kap. 27 §: intresset av att uppgiften lämnas har uppenbart företräde (generalklausulen)",
      en: "Public Access to Information and Secrecy Act, ch. 10 s. 27: the interest in disclosure clearly outweighs secrecy (general clause)",
    },
  },
  {
    reference: "SoL 11 kap. 11 §",
    label: {
      sv: "Socialtjänstlagen 11 kap. 11 §: uppgiftsskyldighet till socialnämnden i ärenden om ekonomiskt bistånd",
      en: "Social Services Act, ch. 11 s. 11: duty to inform the social welfare committee in income-support matters",
    },
  },
  {
    reference: "SFB 110 kap. 31 §",
    label: {
      sv: "Socialförsäkringsbalken 110 kap. 31 §: uppgiftsskyldighet till Försäkringskassan",
      en: "Social Insurance Code, ch. 110 s. 31: duty to inform Försäkringskassan",
    },
  },
];

export function statuteByReference(reference: string): Statute | undefined {
  return statutes.find((statute) => statute.reference === reference);
}
