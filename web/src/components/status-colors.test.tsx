import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LEAD_STATUSES } from '@/lib/leads-api';
import { renderWithProviders } from '@/test/render';
import { StatusChip } from './status-chip';
import { STATUS_COLORS, STATUS_LABELS, statusColor, statusLabel } from './status-colors';

describe('status colours', () => {
  it('has a label and a distinct colour per status, in each mode', () => {
    for (const status of LEAD_STATUSES) expect(STATUS_LABELS[status]).toBeTruthy();
    for (const mode of ['light', 'dark'] as const) {
      const colors = LEAD_STATUSES.map((s) => STATUS_COLORS[s][mode]);
      expect(new Set(colors).size).toBe(LEAD_STATUSES.length);
    }
  });

  it('reads statuses a newer server may send as themselves, in grey', () => {
    expect(statusLabel('lor_signed')).toBe('LOR signed');
    expect(statusLabel('escalated')).toBe('escalated');
    expect(statusColor('settled', 'dark')).toBe('#4ade80');
    expect(statusColor('escalated', 'light')).toBe('#6b7280');
  });

  it('draws a chip with the label', () => {
    renderWithProviders(<StatusChip status="inspection_scheduled" />);
    expect(screen.getByText('Inspection scheduled')).toBeInTheDocument();
  });
});
