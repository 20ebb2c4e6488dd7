import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { describe, expect, it } from 'vitest';
import { makeStore } from '@/app/store';
import type { Role } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import {
  allowedTargets,
  canMove,
  entersStageGate,
  missingDocumentLabel,
  moveKind,
  PIPELINE,
  stageGateRefusal,
  useStatusMoves,
} from './lead-detail-status-moves';

function wrapperFor(groups: Role[]) {
  const store = makeStore({
    tokenManager: new TokenManager({ locks: null }),
    auth: {
      status: 'authenticated',
      user: { sub: 'usr_1', username: 'u', email: null, groups },
      expiresAt: Date.now() + 3_600_000,
    },
  });
  return ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
}

describe('moveKind', () => {
  it('tells forward, back, lost, reopen, none and invalid apart', () => {
    expect(moveKind('new', 'qualified')).toBe('forward');
    expect(moveKind('new', 'settled')).toBe('forward');
    expect(moveKind('negotiating', 'contacted')).toBe('back');
    expect(moveKind('qualified', 'lost')).toBe('lost');
    expect(moveKind('settled', 'lost')).toBe('lost');
    expect(moveKind('lost', 'contacted')).toBe('reopen');
    expect(moveKind('lost', 'qualified')).toBe('invalid');
    expect(moveKind('lost', 'new')).toBe('invalid');
    expect(moveKind('contacted', 'contacted')).toBe('none');
  });
});

describe('canMove by role', () => {
  it('lets an agent move forward (one or several stages) and to lost, never back', () => {
    expect(canMove('new', 'contacted', false)).toBe(true);
    expect(canMove('contacted', 'lor_signed', false)).toBe(true);
    expect(canMove('claim_filed', 'lost', false)).toBe(true);
    expect(canMove('qualified', 'contacted', false)).toBe(false);
    expect(canMove('settled', 'negotiating', false)).toBe(false);
  });

  it('lets managers and admins move back too', () => {
    expect(canMove('qualified', 'contacted', true)).toBe(true);
    expect(canMove('settled', 'new', true)).toBe(true);
  });

  it('reopens a lost lead only to contacted, whoever asks', () => {
    for (const back of [false, true]) {
      expect(canMove('lost', 'contacted', back)).toBe(true);
      expect(canMove('lost', 'new', back)).toBe(false);
      expect(canMove('lost', 'negotiating', back)).toBe(false);
    }
  });

  it('offers no move to the same status', () => {
    expect(canMove('new', 'new', true)).toBe(false);
    expect(canMove('lost', 'lost', true)).toBe(false);
  });
});

describe('allowedTargets', () => {
  it('gives an agent the later stages and lost, in pipeline order', () => {
    expect(allowedTargets('lor_signed', false)).toEqual(['claim_filed', 'negotiating', 'settled', 'lost']);
    expect(allowedTargets('settled', false)).toEqual(['lost']);
  });

  it('gives a manager every other stage', () => {
    expect(allowedTargets('qualified', true)).toEqual(
      [...PIPELINE.filter((s) => s !== 'qualified'), 'lost'],
    );
  });

  it('gives a lost lead only the reopening', () => {
    expect(allowedTargets('lost', false)).toEqual(['contacted']);
    expect(allowedTargets('lost', true)).toEqual(['contacted']);
  });
});

describe('the stage gate', () => {
  it('applies to claim_filed and later', () => {
    expect(entersStageGate('lor_signed', 'claim_filed')).toBe(true);
    expect(entersStageGate('new', 'settled')).toBe(true);
    expect(entersStageGate('settled', 'negotiating')).toBe(true);
    expect(entersStageGate('new', 'lor_signed')).toBe(false);
    expect(entersStageGate('negotiating', 'negotiating')).toBe(false);
  });

  it('reads the refusal from a 409 problem with missingDocuments', () => {
    const error = {
      status: 409,
      data: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A lead enters "claim_filed" only with …; missing: a lor document.',
        missingDocuments: ['lor', 'policy or declarations_page'],
      },
    };
    expect(stageGateRefusal(error)).toEqual({
      detail: 'A lead enters "claim_filed" only with …; missing: a lor document.',
      missingDocuments: ['lor', 'policy or declarations_page'],
    });
    expect(missingDocumentLabel('lor')).toMatch(/letter of representation/);
    expect(missingDocumentLabel('policy or declarations_page')).toMatch(/declarations page/);
  });

  it('is not a 409 without missingDocuments, nor another status', () => {
    expect(stageGateRefusal({ status: 409, data: { title: 'Conflict', status: 409, detail: 'Only a manager…' } })).toBeNull();
    expect(stageGateRefusal({ status: 412, data: { title: 'x', status: 412, missingDocuments: ['lor'] } })).toBeNull();
    expect(stageGateRefusal(undefined)).toBeNull();
  });
});

describe('useStatusMoves', () => {
  it('offers agents no backward moves', () => {
    const { result } = renderHook(() => useStatusMoves(), { wrapper: wrapperFor(['agent']) });
    expect(result.current.canMoveBack).toBe(false);
    expect(result.current.canMove('qualified', 'new')).toBe(false);
    expect(result.current.targets('qualified')).toEqual([
      'inspection_scheduled',
      'lor_signed',
      'claim_filed',
      'negotiating',
      'settled',
      'lost',
    ]);
  });

  it('offers managers and admins backward moves', () => {
    for (const role of ['manager', 'admin'] as const) {
      const { result } = renderHook(() => useStatusMoves(), { wrapper: wrapperFor([role]) });
      expect(result.current.canMove('qualified', 'new')).toBe(true);
      expect(result.current.targets('lost')).toEqual(['contacted']);
    }
  });
});
