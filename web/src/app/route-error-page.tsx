// What a route shows when it throws or its code cannot load (often: a new version was deployed
// and the old chunk names are gone, so a reload fixes it).
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { NotFoundView } from '@/components/not-found-view';
import { useDocumentTitle } from '@/hooks/use-document-title';

function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  );
}

export function RouteErrorPage({ fullPage = false }: { fullPage?: boolean }) {
  const error = useRouteError();
  useDocumentTitle('Something went wrong');
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundView />;
  const chunk = isChunkLoadError(error);
  return (
    <Box sx={fullPage ? { p: { xs: 2, sm: 6 }, maxWidth: 720, mx: 'auto' } : undefined}>
      <EmptyState
        icon={<ErrorOutlineIcon />}
        title={chunk ? 'A new version is available' : 'Something went wrong'}
        description={
          chunk
            ? 'Reload the page to get the latest version of the app.'
            : 'This page ran into a problem. Reloading usually helps; if it keeps happening, tell your administrator.'
        }
        action={
          <Button variant="contained" onClick={() => window.location.reload()}>
            Reload
          </Button>
        }
      />
    </Box>
  );
}
