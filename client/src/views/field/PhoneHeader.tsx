import type { ReactNode } from 'react';

/** The phone pages' header: title and a status slot (the app shell above holds the menu, language and sign-out). */
export function PhoneHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="field-header">
      <h1>{title}</h1>
      {children}
    </header>
  );
}
