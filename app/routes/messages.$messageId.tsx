import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMailboxOfficer } from "~/access/guards.server";
import { Page } from "~/components/layout/Page";
import { MessageThread } from "~/components/messages/MessageThread";
import { useMessageErrorText } from "~/components/messages/MessageForm";
import { Alert } from "~/components/ui/Alert";
import { pageTitle } from "~/i18n/meta";
import { handleFormSchema } from "~/services/messages/forms";
import { withUnit } from "~/services/messages/links";
import { handleMessage, openThread } from "~/services/messages/mailbox.server";
import { failureOf } from "~/web/form-failure";
import { idParam, readWith, writeWith } from "~/web/frame.server";

export const handle = { i18n: ["cases", "messages"] };

/** A message and its thread, for the officers of the sending and the receiving unit (404 for anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return readWith(request, requireMailboxOfficer, async (reader) => ({ thread: await openThread(reader, idParam(params, "messageId")) }));
}

/** The receiving unit's handling: claim, release, hand over, mark handled, reopen. */
export async function action({ request, params }: ActionFunctionArgs) {
  return writeWith(request, requireMailboxOfficer, handleFormSchema, async (reader, input) => {
    await handleMessage(reader, idParam(params, "messageId"), input);
    return { ok: true as const, done: input.intent };
  });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messages:thread.title");

export default function MessagePage() {
  const { t } = useTranslation("messages");
  const { thread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = failureOf(result);
  const errorText = useMessageErrorText();
  const [params] = useSearchParams();
  const done = result && "done" in result ? result.done : null;
  return (
    <Page title={thread.subject}>
      <p className="mb-4">
        <Link to={withUnit("/messages", thread.unitQuery)}>{t("thread.back")}</Link>
      </p>
      {params.get("notice") === "sent" && !result ? (
        <Alert tone="success" focus>
          {t("thread.sent")}
        </Alert>
      ) : null}
      {failed ? <Alert tone="error">{errorText(failed.error)}</Alert> : null}
      {done ? (
        <Alert tone="success" focus>
          {t(`handling.done.${done}`)}
        </Alert>
      ) : null}
      <MessageThread thread={thread} />
    </Page>
  );
}
