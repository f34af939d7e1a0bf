import { useTranslation } from "react-i18next";

type Client = { name: string | null; personnummer?: string | null; protectedIdentity: boolean };

/** The words a client's name may need, translated once by whoever draws many names (a list). */
export interface ClientNameWords {
  /** "Skyddad identitet": in place of a name the server withheld. */
  withheld: string;
  /** "(skyddad identitet)": beside a protected name the viewer may see. */
  visible: string;
}

/** The words of `ClientNameText`, from the "cases" translations. */
export function useClientNameWords(): ClientNameWords {
  const { t } = useTranslation("cases");
  return { withheld: t("protectedIdentity"), visible: `(${t("protectedIdentityVisible")})` };
}

/** A client's name, or "Skyddad identitet" when the server withheld it. */
export function ClientName({ client }: { client: Client }) {
  return <ClientNameText client={client} words={useClientNameWords()} />;
}

/** The same, with the words given: a list translates them once rather than once per line. */
export function ClientNameText({ client, words }: { client: Client; words: ClientNameWords }) {
  if (client.name === null) return <span className="font-semibold">{words.withheld}</span>;
  return (
    <span>
      <span className="font-semibold">{client.name}</span>
      {client.personnummer ? <span className="ml-2 font-mono text-sm">{client.personnummer}</span> : null}
      {client.protectedIdentity ? <span className="ml-2 text-sm text-warning-800">{words.visible}</span> : null}
    </span>
  );
}
