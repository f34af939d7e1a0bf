import type { TFunction } from "i18next";

/** "15 seconds", "2 minutes": how long a throttled sign-in must wait, from Retry-After's seconds. */
export function waitText(t: TFunction<"auth">, seconds: number): string {
  return seconds < 60 ? t("wait.seconds", { count: seconds }) : t("wait.minutes", { count: Math.ceil(seconds / 60) });
}
