import { useTranslation } from "react-i18next";

/** A client's name, or "Skyddad identitet" when the server withheld it. */
export function ClientName({ client }: { client: { name: string | null; personnummer?: string | null; protectedIdentity: boolean } }) {
  const { t } = useTranslation("cases");
  if (client.name === null) return <span className="font-semibold">{t("protectedIdentity")}</span>;
  return (
    <span>
      <span className="font-semibold">{client.name}</span>
      {client.personnummer ? <span className="ml-2 font-mono text-sm">{client.personnummer}</span> : null}
      {client.protectedIdentity ? <span className="ml-2 text-sm text-warning-800">({t("protectedIdentityVisible")})</span> : null}
    </span>
  );
}
