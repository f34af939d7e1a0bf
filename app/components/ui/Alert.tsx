import { useEffect, useRef, type ReactNode } from "react";

const tones = {
  error: "border-danger-700 text-danger-700",
  success: "border-success-700 text-success-700",
  info: "border-brand-700 text-ink",
} as const;

/**
 * A message box; errors are announced at once (role=alert), the others politely. `focus` moves the
 * keyboard focus to it when it appears (the confirmation after a form that led to a new page), so
 * that focus does not fall back to the start of the page.
 */
export function Alert({ tone, children, focus = false }: { tone: keyof typeof tones; children: ReactNode; focus?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) box.current?.focus();
  }, [focus]);
  return (
    <div ref={box} tabIndex={focus ? -1 : undefined} role={tone === "error" ? "alert" : "status"} className={`mb-6 max-w-prose border-l-4 bg-surface-muted p-4 font-semibold ${tones[tone]}`}>
      {children}
    </div>
  );
}
