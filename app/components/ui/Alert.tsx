import type { ReactNode } from "react";

const tones = {
  error: "border-danger-700 text-danger-700",
  success: "border-success-700 text-success-700",
  info: "border-brand-700 text-ink",
} as const;

/** A message box; errors are announced at once (role=alert), the others politely. */
export function Alert({ tone, children }: { tone: keyof typeof tones; children: ReactNode }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`mb-6 max-w-prose border-l-4 bg-surface-muted p-4 font-semibold ${tones[tone]}`}>
      {children}
    </div>
  );
}
