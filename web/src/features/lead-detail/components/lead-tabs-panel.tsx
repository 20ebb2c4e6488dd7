// The tab strip and the shown tab's panel, from the registry in lead-tabs.tsx. The shown tab is
// in the URL (`?tab=`), so a link or a reload opens the same tab.
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import type { Lead } from '@/lib/leads-api';
import { LEAD_TABS, tabById, type LeadTab } from './lead-tabs';

export function LeadTabsPanel({
  lead,
  readOnly,
  tabs = LEAD_TABS,
}: {
  lead: Lead;
  readOnly: boolean;
  tabs?: readonly LeadTab[];
}) {
  const [params, setParams] = useSearchParams();
  const current = tabById(params.get('tab'), tabs);
  const baseId = useId();
  const Panel = current.component;

  const select = (id: string) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id === tabs[0]?.id) next.delete('tab');
        else next.set('tab', id);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  };

  return (
    <Card
      component="section"
      aria-label="Lead history and follow-up"
      sx={{ display: 'flex', flexDirection: 'column', maxHeight: { lg: 'calc(100dvh - 112px)' } }}
    >
      <Tabs
        value={current.id}
        onChange={(_e, id: string) => select(id)}
        aria-label="Lead sections"
        variant="scrollable"
        scrollButtons="auto"
        sx={{ px: 1, borderBottom: 1, borderColor: 'divider', flexShrink: 0 }}
      >
        {tabs.map((tab) => {
          const count = tab.count?.(lead);
          return (
            <Tab
              key={tab.id}
              value={tab.id}
              id={`${baseId}-tab-${tab.id}`}
              aria-controls={`${baseId}-panel-${tab.id}`}
              label={
                count ? (
                  <Badge
                    badgeContent={count}
                    color="primary"
                    sx={{ '& .MuiBadge-badge': { position: 'static', transform: 'none', ml: 1 } }}
                  >
                    {tab.label}
                  </Badge>
                ) : (
                  tab.label
                )
              }
              aria-label={count ? `${tab.label} (${count})` : undefined}
            />
          );
        })}
      </Tabs>
      <Box
        role="tabpanel"
        id={`${baseId}-panel-${current.id}`}
        aria-labelledby={`${baseId}-tab-${current.id}`}
        tabIndex={0}
        sx={{ p: { xs: 2, sm: 2.5 }, overflowY: 'auto', minHeight: 0, outline: 'none', '&:focus-visible': { boxShadow: (t) => `inset 0 0 0 2px ${t.palette.primary.main}` } }}
      >
        <Panel lead={lead} readOnly={readOnly} />
      </Box>
    </Card>
  );
}
