// Drag and drop without a mouse, and what a screen reader hears: the keyboard moves a picked-up
// card column by column (left and right arrows, skipping columns it may not go to), and every
// step is announced in words.
import {
  pointerWithin,
  rectIntersection,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type ScreenReaderInstructions,
} from '@dnd-kit/core';
import { statusLabel } from '@/components/status-colors';
import type { Lead, LeadStatus } from '@/lib/leads-api';

/** What a draggable card carries. */
export interface CardDragData {
  lead: Lead;
}

export function leadName(lead: Pick<Lead, 'firstName' | 'lastName'>): string {
  return `${lead.firstName} ${lead.lastName}`;
}

/** Where the pointer is, else (keyboard) the column the card overlaps most. */
export const boardCollisionDetection: CollisionDetection = (args) => {
  const hits = args.pointerCoordinates ? pointerWithin(args) : [];
  return hits.length > 0 ? hits : rectIntersection(args);
};

/** Left/right arrows: the card's centre to the centre of the next enabled column that way. */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return undefined;
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (!collisionRect) return undefined;
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = droppableContainers
    .getEnabled()
    .map((container) => droppableRects.get(container.id))
    .filter((rect): rect is NonNullable<typeof rect> => !!rect)
    .map((rect) => ({ rect, centre: rect.left + rect.width / 2 }));
  const right = event.code === 'ArrowRight';
  // The column the card is over now (the nearest centre), then the next one that way. Disabled
  // columns are not in the list, so a move it may not make is skipped.
  const sorted = [...columns].sort((a, b) => a.centre - b.centre);
  const distances = sorted.map((c) => Math.abs(c.centre - centre));
  const nearest = distances.indexOf(Math.min(...distances));
  const overIt = sorted[nearest] && Math.abs(sorted[nearest].centre - centre) <= sorted[nearest].rect.width / 2;
  const index = overIt
    ? nearest + (right ? 1 : -1)
    : right
      ? sorted.findIndex((c) => c.centre > centre)
      : sorted.map((c) => c.centre < centre).lastIndexOf(true);
  const target = index >= 0 ? sorted[index] : undefined;
  if (!target) return undefined;
  return { x: target.centre - collisionRect.width / 2, y: collisionRect.top };
};

export const SCREEN_READER_INSTRUCTIONS: ScreenReaderInstructions = {
  draggable:
    'Enter opens the lead. To move it to another stage, press Space to pick the card up, the left and right arrow keys to choose a column, and Space again to drop it; Escape cancels. The "Move to" button beside it does the same from a menu.',
};

function dragged(active: { data: { current?: unknown } }): Lead | null {
  const data = active.data.current as CardDragData | undefined;
  return data?.lead ?? null;
}

export function boardAnnouncements(canMove: (from: LeadStatus, to: LeadStatus) => boolean): Announcements {
  return {
    onDragStart({ active }) {
      const lead = dragged(active);
      return lead ? `Picked up ${leadName(lead)}, in ${statusLabel(lead.status)}.` : undefined;
    },
    onDragOver({ active, over }) {
      const lead = dragged(active);
      if (!lead) return undefined;
      if (!over) return `${leadName(lead)} is not over a column.`;
      const to = over.id as LeadStatus;
      if (to === lead.status) return `${leadName(lead)} is over its own column, ${statusLabel(to)}.`;
      return canMove(lead.status, to)
        ? `${leadName(lead)} is over ${statusLabel(to)}.`
        : `${leadName(lead)} cannot move to ${statusLabel(to)}.`;
    },
    onDragEnd({ active, over }) {
      const lead = dragged(active);
      if (!lead) return undefined;
      const to = over?.id as LeadStatus | undefined;
      if (!to || to === lead.status) return `${leadName(lead)} stays in ${statusLabel(lead.status)}.`;
      return canMove(lead.status, to)
        ? `${leadName(lead)} dropped in ${statusLabel(to)}. Saving.`
        : `${leadName(lead)} cannot move to ${statusLabel(to)}; it stays in ${statusLabel(lead.status)}.`;
    },
    onDragCancel({ active }) {
      const lead = dragged(active);
      return lead ? `Moving ${leadName(lead)} was cancelled; it stays in ${statusLabel(lead.status)}.` : undefined;
    },
  };
}
