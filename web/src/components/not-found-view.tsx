// The 404 page: unknown routes, and pages the user's role may not see (never a 403, as the API).
import SearchOffIcon from '@mui/icons-material/SearchOff';
import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from './empty-state';
import { PageHeader } from './page-header';

export function NotFoundView() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={<SearchOffIcon />}
        title="There is nothing here"
        description="The address may be mistyped, or the page may have moved. Check the link, or go back to the dashboard."
        action={
          <Button component={RouterLink} to="/" variant="contained">
            Go to the dashboard
          </Button>
        }
      />
    </>
  );
}
