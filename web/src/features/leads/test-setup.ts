// Shared by this feature's component tests: a userEvent without the per-click pointer-events
// style walk (slow under MUI in jsdom), and patience for machines under load.
import { configure } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

configure({ asyncUtilTimeout: 5000 });

export function setupUser() {
  return userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
}
