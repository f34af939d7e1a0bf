import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The links under a paged list: back to the first page (on a later page) and on to the next one
 * (when there is one: no dead link on the last page). `next` is the link value of the next page
 * (`?after=`), `paged` whether this page is a later one; `query` keeps the page's other
 * parameters ("unit=<id>", a filter). Nothing at all for a list that fits on one page.
 */
export function PageLinks({ path, next, paged, query = "", label }: { path: string; next: string | null; paged: boolean; query?: string; label?: string }) {
  const { t } = useTranslation();
  if (!next && !paged) return null;
  const withQuery = (extra: string) => `${path}${[query, extra].filter(Boolean).length ? `?${[query, extra].filter(Boolean).join("&")}` : ""}`;
  return (
    <nav aria-label={label ?? t("paging.label")} className="mt-4 flex flex-wrap gap-4">
      {paged ? <Link to={withQuery("")} className="underline">{t("paging.firstPage")}</Link> : null}
      {next ? <Link to={withQuery(`after=${encodeURIComponent(next)}`)} className="underline">{t("paging.nextPage")}</Link> : null}
    </nav>
  );
}
