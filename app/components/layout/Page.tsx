import type { ReactNode } from "react";

/** The content column of a page, with its one h1. */
export function Page({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mx-auto max-w-page px-gutter py-8">
      <h1 className="mb-4 text-3xl font-bold text-brand-800">{title}</h1>
      {children}
    </div>
  );
}
