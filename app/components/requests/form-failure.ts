import { useTranslation } from "react-i18next";

import { failureOf, typedList, typedValues, type FormFailure } from "~/web/form-failure";

/** The request forms' refusals are the route frame's (app/web/form-failure.ts); `details` carries a refused answer's per-item errors. */
export type RequestFormFailure = FormFailure;
export { failureOf, typedList, typedValues };

/** Translates an error code: "request.<key>" from requests:errors, any other from errors.codes. */
export function useRequestErrorText(): (code: string) => string {
  const { t } = useTranslation("requests");
  const { t: tc } = useTranslation();
  return (code) => {
    const fallback = tc("errors.status.title");
    const common = tc(`errors.codes.${code}` as never, { defaultValue: fallback });
    return code.startsWith("request.") ? t(`errors.${code}` as never, { defaultValue: common }) : common;
  };
}
