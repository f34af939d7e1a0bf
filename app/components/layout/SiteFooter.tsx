import { useTranslation } from "react-i18next";

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="mt-section border-t border-line bg-surface-muted">
      <div className="mx-auto max-w-page space-y-1 px-gutter py-6 text-sm text-ink-muted">
        <p>{t("footer.about")}</p>
        <p>{t("footer.privacy")}</p>
        <p>{t("footer.demo")}</p>
      </div>
    </footer>
  );
}
