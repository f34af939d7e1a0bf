import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { publicRoute } from "~/access/guards.server";
import { fixedT, localeFromMatches } from "~/i18n/meta";

export const handle = { i18n: ["home"] };

export async function loader() {
  await publicRoute();
  return null;
}

export const meta: MetaFunction = ({ matches }) => {
  const t = fixedT(localeFromMatches(matches));
  return [{ title: t("metaTitle", { ns: "home" }) }, { name: "description", content: t("metaDescription", { ns: "home" }) }];
};

const audiences = ["visitors", "staff", "clients"] as const;

export default function Home() {
  const { t } = useTranslation("home");
  return (
    <div className="mx-auto max-w-page px-gutter py-10">
      <h1 className="max-w-3xl text-4xl font-bold text-brand-800">{t("heading")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("lead")}</p>

      <section aria-labelledby="entry-heading" className="mt-section">
        <h2 id="entry-heading" className="text-2xl font-semibold text-brand-800">
          {t("entry.heading")}
        </h2>
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          <li className="rounded-lg border border-line p-5">
            <p className="font-semibold">{t("entry.staff")}</p>
            <Link to="/login" className="button mt-3">
              {t("entry.staffHint")}
            </Link>
          </li>
          <li className="rounded-lg border border-line p-5">
            <p className="font-semibold">{t("entry.client")}</p>
            <Link to="/me" className="button mt-3">
              {t("entry.clientHint")}
            </Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="audiences-heading" className="mt-section">
        <h2 id="audiences-heading" className="text-2xl font-semibold text-brand-800">
          {t("audiences.heading")}
        </h2>
        <div className="mt-4 grid gap-6 md:grid-cols-3">
          {audiences.map((audience) => (
            <article key={audience} className="rounded-lg bg-surface-muted p-5">
              <h3 className="text-lg font-semibold">{t(`audiences.${audience}.title`)}</h3>
              <p className="mt-2">{t(`audiences.${audience}.body`)}</p>
            </article>
          ))}
        </div>
      </section>
    </div>
  );
}
