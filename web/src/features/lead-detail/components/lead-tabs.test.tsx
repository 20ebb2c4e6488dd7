import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { LEAD_ID, makeLead } from '../test/fixtures';
import { LEAD_TABS, tabById, type LeadTab } from './lead-tabs';
import { LeadTabsPanel } from './lead-tabs-panel';
import type { LeadTabProps } from './lead-tab-types';

describe('the tab registry', () => {
  it('lists activity, calls, documents, notes and deadlines, with unique ids and no empty tabs', () => {
    expect(LEAD_TABS.map((t) => t.id)).toEqual(['activity', 'calls', 'documents', 'notes', 'deadlines']);
    expect(new Set(LEAD_TABS.map((t) => t.id)).size).toBe(LEAD_TABS.length);
    for (const tab of LEAD_TABS) {
      expect(tab.label).not.toBe('');
      expect(typeof tab.component).toBe('function');
    }
  });

  it('falls back to the first tab for a missing or unknown id', () => {
    expect(tabById('notes').id).toBe('notes');
    expect(tabById(null).id).toBe('activity');
    expect(tabById('documents').id).toBe('documents');
    expect(tabById('calls').id).toBe('calls');
    expect(tabById('transcripts').id).toBe('activity');
  });

  it('counts open deadlines', () => {
    const deadlines = LEAD_TABS.find((t) => t.id === 'deadlines')!;
    const lead = makeLead({
      deadlines: [
        { id: 'dl_1', kind: 'follow_up', dueAt: '2025-06-18T14:00:00.000Z' },
        { id: 'dl_2', kind: 'other', dueAt: '2025-06-10T14:00:00.000Z', doneAt: '2025-06-10T15:00:00.000Z' },
      ],
    });
    expect(deadlines.count?.(lead)).toBe(1);
  });
});

describe('LeadTabsPanel', () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  function renderPanel(tabs: readonly LeadTab[], path = `/leads/${LEAD_ID}`) {
    const tokenManager = new TokenManager({ locks: null });
    tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alex', sub: 'usr_alex', groups: ['agent'] }))!);
    return renderRoutes(
      [{ path: '/leads/:id', element: <LeadTabsPanel lead={makeLead()} readOnly={false} tabs={tabs} /> }],
      [path],
      { tokenManager, auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() } },
    );
  }

  function Documents({ lead }: LeadTabProps) {
    return <p>Documents of {lead.firstName}</p>;
  }
  function Calls() {
    return <p>No calls yet</p>;
  }

  it('shows a tab added to the list, and keeps the shown tab in the URL', async () => {
    const user = userEvent.setup();
    const tabs: LeadTab[] = [
      { id: 'documents', label: 'Documents', component: Documents },
      { id: 'calls', label: 'Calls', component: Calls },
    ];
    const { router } = renderPanel(tabs);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Documents', 'Calls']);
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Documents of Maria');
    await user.click(screen.getByRole('tab', { name: 'Calls' }));
    expect(screen.getByRole('tabpanel')).toHaveTextContent('No calls yet');
    expect(router.state.location.search).toBe('?tab=calls');
    expect(fetchMock.calls).toHaveLength(0);
  });

  it('opens the tab named in the URL', () => {
    renderPanel([
      { id: 'documents', label: 'Documents', component: Documents },
      { id: 'calls', label: 'Calls', component: Calls },
    ], `/leads/${LEAD_ID}?tab=calls`);
    expect(screen.getByRole('tab', { name: 'Calls' })).toHaveAttribute('aria-selected', 'true');
  });
});
