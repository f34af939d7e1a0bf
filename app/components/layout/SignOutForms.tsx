import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Sign out here, or everywhere: two plain POST forms to /logout. */
export function SignOutForms({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation("auth");
  return (
    <div className="flex flex-wrap gap-2">
      <Form method="post" action="/logout" reloadDocument>
        <button type="submit" className={`button ${compact ? "button-secondary py-1.5" : ""}`}>
          {t("signOut.button")}
        </button>
      </Form>
      {compact ? null : (
        <Form method="post" action="/logout" reloadDocument>
          <input type="hidden" name="scope" value="everywhere" />
          <button type="submit" className="button button-secondary">
            {t("signOut.everywhere")}
          </button>
        </Form>
      )}
    </div>
  );
}
