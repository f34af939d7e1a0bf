import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { pageTitle } from "~/i18n/meta";
import { listDirectory } from "~/services/directory/directory.server";
import { loadAs } from "~/web/frame.server";

export const handle = { i18n: ["directory"] };

export async function loader({ request }: LoaderFunctionArgs) {
  return loadAs(request, requireStaff, async () => ({ organizations: await listDirectory() }));
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "directory:title");

export default function Directory() {
  const { t } = useTranslation("directory");
  const { organizations } = useLoaderData<typeof loader>();
  return (
    <Page title={t("title")}>
      <p className="mb-8 max-w-prose">{t("intro")}</p>
      <div className="space-y-8">
        {organizations.map((org) => (
          <section key={org.id} aria-labelledby={`org-${org.id}`}>
            <h2 id={`org-${org.id}`} className="text-xl font-semibold text-brand-800">
              {org.name}
            </h2>
            <p className="text-sm text-ink-muted">{t(`kinds.${org.kind}` as never)}</p>
            {org.units.length === 0 ? (
              <p>{t("noUnits")}</p>
            ) : (
              <table className="mt-2 w-full max-w-3xl border-collapse text-left">
                <caption className="sr-only">{t("units")}</caption>
                <thead>
                  <tr className="border-b-2 border-line">
                    <th scope="col" className="py-2 pr-4">
                      {t("units")}
                    </th>
                    <th scope="col" className="py-2">
                      {t("mailbox")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {org.units.map((unit) => (
                    <tr key={unit.id} className="border-b border-line">
                      <td className="py-2 pr-4">{unit.name}</td>
                      <td className="py-2 font-mono text-sm">{unit.mailbox}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
      </div>
    </Page>
  );
}
