// "Move to…": the card's stages as a menu, so every move works without dragging. Only the moves
// the user may make are offered (agents get no backward moves).
import DriveFileMoveIcon from '@mui/icons-material/DriveFileMoveOutlined';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import { useId, useState, type MouseEvent } from 'react';
import { statusLabel } from '@/components/status-colors';
import { moveKind } from '@/hooks/lead-detail-status-moves';
import type { Lead, LeadStatus } from '@/lib/leads-api';
import { leadName } from '../lib/board-dnd';

export function moveLabel(from: LeadStatus, to: LeadStatus): string {
  switch (moveKind(from, to)) {
    case 'lost':
      return 'Mark lost';
    case 'reopen':
      return 'Reopen (to Contacted)';
    case 'back':
      return `Move back to ${statusLabel(to)}`;
    default:
      return `Move to ${statusLabel(to)}`;
  }
}

export interface MoveMenuProps {
  lead: Lead;
  targets: readonly LeadStatus[];
  onMove: (lead: Lead, to: LeadStatus) => void;
  disabled?: boolean;
}

export function MoveMenu({ lead, targets, onMove, disabled }: MoveMenuProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const name = leadName(lead);
  if (targets.length === 0) return null;
  return (
    <>
      <Tooltip title="Move to…">
        <span>
          <IconButton
            size="small"
            aria-label={`Move ${name} to…`}
            aria-haspopup="menu"
            aria-controls={anchor ? menuId : undefined}
            aria-expanded={anchor ? 'true' : undefined}
            disabled={disabled}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e: MouseEvent<HTMLElement>) => setAnchor(e.currentTarget)}
            sx={{ position: 'relative', zIndex: 1 }}
          >
            <DriveFileMoveIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-label': `Move ${name}`, dense: true } }}
      >
        <ListSubheader sx={{ lineHeight: 2.5 }}>Now: {statusLabel(lead.status)}</ListSubheader>
        {targets.map((to) => (
          <MenuItem
            key={to}
            onClick={() => {
              setAnchor(null);
              onMove(lead, to);
            }}
          >
            <ListItemText>{moveLabel(lead.status, to)}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
