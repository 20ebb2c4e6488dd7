import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './confirm-dialog';
import { EmptyState } from './empty-state';
import { ProblemAlert } from './problem-alert';
import { useToast } from './toast-context';
import { ToastProvider } from './toast-provider';

describe('ProblemAlert', () => {
  const error = {
    status: 400,
    data: {
      title: 'Validation failed',
      status: 400,
      detail: 'One or more fields are invalid.',
      errors: [
        { field: 'email', message: 'is not an email address' },
        { field: 'claim.adjuster.phone', message: 'is not a phone number' },
      ],
    },
  };

  it("shows the problem's detail and the field messages no input shows", () => {
    render(<ProblemAlert error={error} shownFields={['email']} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('One or more fields are invalid.');
    expect(alert).toHaveTextContent('claim.adjuster.phone: is not a phone number');
    expect(alert).not.toHaveTextContent('is not an email address');
  });

  it('renders nothing without an error and offers a retry', async () => {
    const { container } = render(<ProblemAlert error={undefined} />);
    expect(container).toBeEmptyDOMElement();
    const onRetry = vi.fn();
    render(<ProblemAlert error={{ status: 'FETCH_ERROR', error: 'x' }} onRetry={onRetry} />);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalled();
  });
});

describe('EmptyState', () => {
  it('shows what there is and what to do', async () => {
    const onClick = vi.fn();
    render(<EmptyState title="No leads yet" description="Add your first lead." action={{ label: 'New lead', onClick }} />);
    expect(screen.getByRole('heading', { name: 'No leads yet' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New lead' }));
    expect(onClick).toHaveBeenCalled();
  });
});

describe('ConfirmDialog', () => {
  it('confirms and cancels', async () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        open
        title="Delete this lead?"
        description="It can be restored by an admin."
        confirmLabel="Delete"
        destructive
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Delete this lead?' })).toHaveAccessibleDescription(
      'It can be restored by an admin.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});

describe('useToast', () => {
  function Demo() {
    const toast = useToast();
    return (
      <>
        <button onClick={() => toast.success('Saved.')}>save</button>
        <button onClick={() => toast.error('Failed.', { action: { label: 'Retry', onClick: () => undefined } })}>
          fail
        </button>
      </>
    );
  }

  it('shows toasts one after another', async () => {
    const user = userEvent.setup();
    render(
      <ToastProvider>
        <Demo />
      </ToastProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'save' }));
    await user.click(screen.getByRole('button', { name: 'fail' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(screen.queryByText('Failed.')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(await screen.findByText('Failed.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
