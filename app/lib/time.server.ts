/** The one clock of the server. Tests control it with Vitest's fake timers (`vi.setSystemTime`). */
export const now = (): Date => new Date();

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
