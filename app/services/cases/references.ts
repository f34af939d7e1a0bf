/** Case references as people say them ("SAM-00012"): the number a case is known by in letters and calls. */
export const caseReference = (number: number) => `SAM-${String(number).padStart(5, "0")}`;
