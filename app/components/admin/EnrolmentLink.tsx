import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/Alert";

/** The one-time enrolment link, shown once to the administrator who made it. */
export function EnrolmentLink({ message, link }: { message: string; link: string }) {
  const { t } = useTranslation("directory");
  return (
    <Alert tone="success">
      <p>{message}</p>
      <label htmlFor="enrolment-link" className="mt-2 block">
        {t("admin.enrolmentLink")}
      </label>
      <input id="enrolment-link" readOnly value={link} className="mt-1 block w-full rounded border-2 border-line bg-surface px-2 py-1 font-mono text-sm text-ink" />
    </Alert>
  );
}
