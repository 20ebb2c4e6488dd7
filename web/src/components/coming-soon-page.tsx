// A placeholder for a page still to be built (replaced by the feature that owns it).
import ConstructionIcon from '@mui/icons-material/Construction';
import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';
import { PageHeader } from './page-header';

export interface ComingSoonPageProps {
  title: string;
  subtitle?: ReactNode;
  icon?: ReactNode;
  description?: ReactNode;
}

export function ComingSoonPage({ title, subtitle, icon, description }: ComingSoonPageProps) {
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <EmptyState
        icon={icon ?? <ConstructionIcon />}
        title="Coming soon"
        description={description ?? `${title} is being built. It will appear here in an upcoming release.`}
      />
    </>
  );
}
