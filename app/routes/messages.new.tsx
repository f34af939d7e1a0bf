import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMailboxOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { MessageForm } from "~/components/messages/MessageForm";
import { pageTitle } from "~/i18n/meta";
import { readMessageUpload } from "~/services/messages/attachments.server";
import { messageFormSchema } from "~/services/messages/forms";
import { unitQueryOf, withUnit } from "~/services/messages/links";
import { composeOptions, sendMessage } from "~/services/messages/send.server";
import { failureOf } from "~/web/form-failure";
import { readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases", "messages"] };

/**
 * Writing a message to another unit's functional mailbox: a general one, one about a case
 * (`?case=<caseId>`, from "Skriv meddelande" on the case) or a reply (`?replyTo=<messageId>`).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return readWith(request, requireMailboxOfficer, async (reader) => {
    const url = new URL(request.url);
    const options = await composeOptions(reader, { caseId: url.searchParams.get("case") ?? undefined, replyTo: url.searchParams.get("replyTo") ?? undefined });
    return { options };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return writeWith(
    request,
    requireMailboxOfficer,
    messageFormSchema,
    async (reader, input, _form, files) => {
      const { messageId } = await sendMessage(reader, input, files);
      return redirect(withUnit(`/messages/${messageId}?notice=sent`, unitQueryOf(reader.actor)));
    },
    { upload: readMessageUpload },
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages:new.title");

export default function NewMessage() {
  const { t } = useTranslation("messages");
  const { options } = useLoaderData<typeof loader>();
  const failed = failureOf(useActionData<typeof action>());
  const stay = options.mailboxes.query;
  const cancelTo = options.replyTo ? withUnit(`/messages/${options.replyTo.messageId}`, stay) : options.about ? `/cases/${options.about.caseId}` : withUnit("/messages", stay);
  return (
    <Page title={t(options.replyTo ? "new.replyTitle" : "new.title")}>
      <p className="mb-6 max-w-prose">{t("new.intro")}</p>
      <MessageForm key={failed ? JSON.stringify(failed.values) : "new"} options={options} failed={failed} cancelTo={cancelTo} />
    </Page>
  );
}
