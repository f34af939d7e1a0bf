import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A plain GET form, so switching language works without JavaScript. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const location = useLocation();
  const kept = [...new URLSearchParams(location.search)].filter(([name]) => name !== "lng");
  const other = t("language.otherCode");
  return (
    <form method="get" action={location.pathname} aria-label={t("language.formLabel")} className="no-print">
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="lng" value={other} lang={other} className="button button-secondary py-1.5">
        {t("language.other")}
      </button>
    </form>
  );
}
