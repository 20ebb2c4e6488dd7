// Sets the tab title while a page is shown.
import { useEffect } from 'react';

export const APP_NAME = 'Claim Connectors CRM';

export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}
