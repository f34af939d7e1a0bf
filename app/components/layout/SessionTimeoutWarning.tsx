import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { SignOutForms } from "./SignOutForms";

const warnBeforeMs = 60_000;

/**
 * One minute before the idle deadline, a dialog offers to stay signed in; at the deadline the
 * page reloads, and the server (which decides) sends the person to sign in again.
 */
export function SessionTimeoutWarning({ idleExpiresAt, idleSecondsLeft }: { idleExpiresAt: string; idleSecondsLeft: number }) {
  const { t } = useTranslation("auth");
  const keepalive = useFetcher<{ idleExpiresAt: string; idleSecondsLeft: number }>();
  // The deadline itself identifies a new answer from the server; the seconds left count from now.
  const deadline = keepalive.data?.idleExpiresAt ?? idleExpiresAt;
  const secondsLeft = keepalive.data?.idleSecondsLeft ?? idleSecondsLeft;
  const [warning, setWarning] = useState(false);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    setWarning(false);
    const left = secondsLeft * 1000;
    const warn = setTimeout(() => setWarning(true), Math.max(0, left - warnBeforeMs));
    const expire = setTimeout(() => window.location.reload(), Math.max(0, left + 1_000));
    return () => {
      clearTimeout(warn);
      clearTimeout(expire);
    };
    // Every answer to "stay signed in" restarts the timers, even when the numbers look the same.
  }, [deadline, secondsLeft, keepalive.data]);

  useEffect(() => {
    if (warning) button.current?.focus();
  }, [warning]);

  if (!warning) return null;
  return (
    <div role="alertdialog" aria-modal="false" aria-labelledby="timeout-title" aria-describedby="timeout-body" className="no-print fixed inset-x-0 bottom-0 z-40 border-t-4 border-warning-800 bg-surface p-4 shadow-lg">
      <div className="mx-auto max-w-page">
        <h2 id="timeout-title" className="text-lg font-semibold">
          {t("session.warningTitle")}
        </h2>
        <p id="timeout-body" className="mb-3">
          {t("session.warningBody")}
        </p>
        <div className="flex flex-wrap gap-2">
          <keepalive.Form method="post" action="/session/keepalive">
            <button ref={button} type="submit" className="button">
              {t("session.continue")}
            </button>
          </keepalive.Form>
          <SignOutForms compact />
        </div>
      </div>
    </div>
  );
}
