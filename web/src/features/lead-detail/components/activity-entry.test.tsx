import { cleanup, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '@/lib/leads-api';
import { ActivityEntryItem } from './activity-entry';

const ctx = {
  userLabel: (id: string) => ({ usr_admin: 'admin', usr_alex: 'alex', usr_bea: 'bea' })[id] ?? id,
};
const common = { id: 'act_1', leadId: 'lead_1', at: '2025-06-09T19:03:44.207Z', actor: 'usr_admin' };

function renderEntry(entry: Record<string, unknown>) {
  render(
    <ol>
      <ActivityEntryItem entry={{ ...common, ...entry } as ActivityEntry} ctx={ctx} />
    </ol>,
  );
  return screen.getAllByRole('listitem')[0]!;
}

describe('ActivityEntryItem', () => {
  it('created: the status it started at', () => {
    const item = renderEntry({ type: 'created', status: 'new' });
    expect(item).toHaveTextContent('admin created the lead at New');
    const time = item.querySelector('time');
    expect(time).toHaveAttribute('datetime', common.at);
    expect(time?.textContent).toMatch(/year/);
  });

  it('note: the text as written, line breaks kept', () => {
    const item = renderEntry({ type: 'note', text: 'Called Maria.\nShe will send the dec page.' });
    expect(item).toHaveTextContent('admin added a note');
    expect(within(item).getByText(/Called Maria\.\s+She will send/)).toHaveStyle({ whiteSpace: 'pre-wrap' });
  });

  it('document: whose upload was added, or rejected and why', () => {
    const base = { type: 'document', documentId: 'doc_1', fileName: 'LOR.pdf', category: 'lor', actor: 'system' };
    expect(renderEntry({ ...base, event: 'available', uploadedBy: 'usr_alex' })).toHaveTextContent(
      'alex added letter of representation LOR.pdf',
    );
    cleanup();
    const rejected = renderEntry({
      ...base,
      event: 'rejected',
      uploadedBy: 'usr_bea',
      reason: 'type not allowed: application/x-dosexec',
    });
    expect(rejected).toHaveTextContent('bea uploaded LOR.pdf, which was rejected');
    expect(rejected).toHaveTextContent('type not allowed: application/x-dosexec');
  });

  it('call: logged with its disposition, length and notes', () => {
    const item = renderEntry({
      type: 'call',
      event: 'logged',
      callId: 'call_1',
      direction: 'inbound',
      customerNumber: '+15125550177',
      startedAt: '2026-12-01T15:00:00Z',
      disposition: 'callback',
      durationSeconds: 270,
      notes: 'Asked about the roof.',
    });
    expect(item).toHaveTextContent('admin logged an inbound call from +15125550177');
    expect(item).toHaveTextContent('Call back · 4:30');
    expect(item).toHaveTextContent('Asked about the roof.');
  });

  it('document: expired by a lifecycle rule', () => {
    const base = { type: 'document', documentId: 'doc_1', fileName: 'LOR.pdf', category: 'lor', actor: 'system' };
    expect(renderEntry({ ...base, event: 'expired' })).toHaveTextContent(
      'removed the document LOR.pdf: its retention period ended',
    );
  });

  it('document: a rename or recategorisation, by whoever made it', () => {
    const base = { type: 'document', documentId: 'doc_1', fileName: 'LOR.pdf', category: 'lor' };
    const updated = renderEntry({
      ...base,
      event: 'updated',
      uploadedBy: 'usr_alex',
      changes: { category: { old: 'other', new: 'lor' } },
    });
    expect(updated).toHaveTextContent('admin changed the document LOR.pdf');
    expect(updated).toHaveTextContent(/Category:\s*Other\s*→\s*changed to\s*Letter of representation/);
  });

  it('status: old → new', () => {
    const item = renderEntry({ type: 'status', from: 'inspection_scheduled', to: 'lor_signed' });
    expect(item).toHaveTextContent('admin moved the lead Inspection scheduled');
    expect(item).toHaveTextContent('LOR signed');
    expect(item).toHaveTextContent(/Inspection scheduled\s*to\s*LOR signed/);
  });

  it('assignment: assigned, reassigned, unassigned, with usernames', () => {
    expect(renderEntry({ type: 'assignment', from: null, to: 'usr_alex' })).toHaveTextContent(
      'admin assigned the lead to alex',
    );
  });

  it('reassignment and unassignment', () => {
    const { unmount } = render(
      <ol>
        <ActivityEntryItem entry={{ ...common, type: 'assignment', from: 'usr_alex', to: 'usr_bea' } as ActivityEntry} ctx={ctx} />
        <ActivityEntryItem entry={{ ...common, id: 'act_2', type: 'assignment', from: 'usr_bea', to: null } as ActivityEntry} ctx={ctx} />
      </ol>,
    );
    const [first, second] = screen.getAllByRole('listitem');
    expect(first).toHaveTextContent('admin reassigned the lead from alex to bea');
    expect(second).toHaveTextContent('admin unassigned the lead (was bea)');
    unmount();
  });

  it('fields: each field old → new, money in dollars, none for absent', () => {
    const item = renderEntry({
      type: 'fields',
      changes: {
        'claim.deductibleCents': { old: 250000, new: 300000 },
        'claim.adjuster.email': { old: null, new: 'dale@example.com' },
        tags: { old: ['roof'], new: ['roof', 'hail-2025'] },
      },
    });
    expect(item).toHaveTextContent('admin changed 3 fields');
    const lines = within(item).getAllByRole('listitem');
    expect(lines[0]).toHaveTextContent('Deductible: $2,500.00→changed to$3,000.00');
    expect(lines[1]).toHaveTextContent('Adjuster email: none→changed todale@example.com');
    expect(lines[2]).toHaveTextContent('Tags: roof→changed toroof, hail-2025');
  });

  it('deadline: added, completed, updated with its changes, deleted', () => {
    const deadline = { id: 'dl_1', kind: 'reinspection', dueAt: '2025-06-18T14:00:00.000Z', note: 'With Dale.' };
    const item = renderEntry({ type: 'deadline', action: 'added', deadline });
    expect(item).toHaveTextContent('admin added a deadline');
    expect(item).toHaveTextContent('Reinspection due');
    expect(item).toHaveTextContent('With Dale.');
  });

  it('deadline updated shows old → new due date; completed and deleted have their verbs', () => {
    const deadline = { id: 'dl_1', kind: 'follow_up', dueAt: '2025-06-20T14:00:00.000Z' };
    render(
      <ol>
        <ActivityEntryItem
          entry={{ ...common, type: 'deadline', action: 'updated', deadline, changes: { dueAt: { old: '2025-06-18T14:00:00.000Z', new: '2025-06-20T14:00:00.000Z' } } } as ActivityEntry}
          ctx={ctx}
        />
        <ActivityEntryItem entry={{ ...common, id: 'a2', type: 'deadline', action: 'completed', deadline } as ActivityEntry} ctx={ctx} />
        <ActivityEntryItem entry={{ ...common, id: 'a3', type: 'deadline', action: 'deleted', deadline } as ActivityEntry} ctx={ctx} />
      </ol>,
    );
    const items = screen.getAllByRole('listitem').filter((li) => li.parentElement?.tagName === 'OL');
    expect(items[0]).toHaveTextContent('admin changed a deadline');
    expect(items[0]).toHaveTextContent(/Due: .*2025.*→.*2025/);
    expect(items[1]).toHaveTextContent('admin completed a deadline');
    expect(items[2]).toHaveTextContent('admin removed a deadline');
  });

  it('deleted and restored', () => {
    render(
      <ol>
        <ActivityEntryItem entry={{ ...common, type: 'deleted' } as ActivityEntry} ctx={ctx} />
        <ActivityEntryItem entry={{ ...common, id: 'a2', actor: 'usr_unknown_0123456789', type: 'restored' } as ActivityEntry} ctx={ctx} />
      </ol>,
    );
    const [deleted, restored] = screen.getAllByRole('listitem');
    expect(deleted).toHaveTextContent('admin deleted the lead');
    expect(restored).toHaveTextContent('usr_unknown_0123456789 restored the lead');
  });
});
