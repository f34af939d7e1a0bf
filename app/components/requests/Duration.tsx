import { useTranslation } from "react-i18next";

/** Hours as "40 min", "5,5 tim" or "3,2 dygn", in the page's language. */
export function Duration({ hours }: { hours: number | null }) {
  const { t, i18n } = useTranslation("requests");
  if (hours === null) return <>{t("duration.none")}</>;
  const number = (value: number) => value.toLocaleString(i18n.language === "en" ? "en-GB" : "sv-SE", { maximumFractionDigits: 1 });
  if (hours < 1) return <>{t("duration.minutes", { count: Math.round(hours * 60) })}</>;
  if (hours < 48) return <>{t("duration.hours", { value: number(hours) })}</>;
  return <>{t("duration.days", { value: number(hours / 24) })}</>;
}
