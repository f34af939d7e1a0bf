import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { refusalText } from "~/i18n/meta";
import { useRequestId } from "~/lib/request-meta";
import { Page } from "./Page";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t("errors.notFound.title")}>
      <p className="mb-6 max-w-prose">{t("errors.notFound.body")}</p>
      <Link to="/" className="button">
        {t("errors.notFound.home")}
      </Link>
    </Page>
  );
}

/** A known failure: the translated text of its code (`errors.codes.*`), or the bare status. */
export function StatusErrorPage({ status, code }: { status: number; code?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  // 503: the service is briefly unavailable (the database down); the same page again is the way on.
  const again = status === 503;
  return (
    <Page title={t(again ? "errors.unavailable.title" : "errors.status.title")}>
      <p className="mb-6 max-w-prose">{refusalText(t, status, code)}</p>
      {again ? (
        <a href={`${location.pathname}${location.search}`} className="button">
          {t("errors.unavailable.retry")}
        </a>
      ) : (
        <Link to="/" className="button">
          {t("errors.unexpected.home")}
        </Link>
      )}
    </Page>
  );
}

/** Never shows the error itself: a translated message and the request id from the server log. */
export function UnexpectedErrorPage() {
  const { t } = useTranslation();
  const reference = useRequestId();
  return (
    <Page title={t("errors.unexpected.title")}>
      <p className="mb-4 max-w-prose">{t("errors.unexpected.body")}</p>
      {reference ? (
        <p className="mb-6">
          <span data-testid="error-reference">{t("errors.unexpected.reference", { reference })}</span>
          <br />
          <span className="text-sm text-ink-muted">{t("errors.unexpected.referenceHint")}</span>
        </p>
      ) : null}
      <a href="/" className="button">
        {t("errors.unexpected.home")}
      </a>
    </Page>
  );
}
