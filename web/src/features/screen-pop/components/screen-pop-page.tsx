// Screen pop (/screen-pop?phone=…): the page a contact-center softphone opens for an incoming
// call. One lead with that number: straight to it (replacing this page in history). Several: a
// list to choose from. None: offer to create one, prefilled with the number. By contact
// (/screen-pop?contactId=…): the live call itself (live-call-page.tsx).
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import PhoneMissedIcon from '@mui/icons-material/PhoneMissedOutlined';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalkOutlined';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ButtonBaseActions } from '@mui/material/ButtonBase';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { formatDateTime, formatRelativeTime } from '@/components/deadlines-time';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { StatusChip } from '@/components/status-chip';
import { describeUser, useUserDirectory } from '@/hooks/use-user-directory';
import { useLookupLeadsByPhoneQuery, type Lead } from '@/lib/leads-api';
import { fieldError, problemFromError } from '@/lib/problem';
import { LiveCallPage } from './live-call-page';
import {
  formatAddress,
  formatPhone,
  lookupOutcome,
  newLeadPath,
  phoneFromParam,
} from '../screen-pop-logic';

/** A field to look a number up by hand (no number in the URL, or one that is not a number). */
function LookupForm({ initial }: { initial?: string }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const phone = value.trim();
    if (phone) navigate(`/screen-pop?${new URLSearchParams({ phone }).toString()}`);
  };
  return (
    <Box component="form" onSubmit={submit} sx={{ mt: 3 }} noValidate>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          label="Phone number"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          size="small"
          type="tel"
          autoComplete="off"
          placeholder="(512) 555-0134"
          sx={{ minWidth: 260 }}
        />
        <Button type="submit" variant="outlined" startIcon={<SearchIcon />} disabled={!value.trim()}>
          Look up
        </Button>
      </Stack>
    </Box>
  );
}

function LeadChoice({ lead, now }: { lead: Lead; now: Date }) {
  const directory = useUserDirectory();
  const assignee = describeUser(directory, lead.assignedTo);
  const address = formatAddress(lead.address);
  return (
    <ListItem disablePadding divider>
      <ListItemButton
        component={RouterLink}
        to={`/leads/${encodeURIComponent(lead.id)}`}
        sx={{ py: 1.5, alignItems: 'flex-start' }}
      >
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
            <Typography variant="subtitle1" component="span" sx={{ fontWeight: 600 }}>
              {lead.firstName} {lead.lastName}
            </Typography>
            <StatusChip status={lead.status} />
          </Stack>
          <Typography variant="body2" color={address ? 'text.primary' : 'text.secondary'} sx={{ mt: 0.5 }}>
            {address ?? 'No address'}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {lead.assignedTo ? `Assigned to ${assignee.me ? 'you' : assignee.label}` : 'Unassigned'} ·
            Updated{' '}
            <time dateTime={lead.updatedAt} title={formatDateTime(lead.updatedAt, now)}>
              {formatRelativeTime(lead.updatedAt, now)}
            </time>
          </Typography>
        </Box>
      </ListItemButton>
    </ListItem>
  );
}

export function ScreenPopPage() {
  const [searchParams] = useSearchParams();
  const contactId = searchParams.get('contactId')?.trim();
  return contactId ? <LiveCallPage contactId={contactId} /> : <PhonePopPage />;
}

function PhonePopPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const phone = phoneFromParam(searchParams.get('phone'));
  const shown = phone ? formatPhone(phone) : null;
  // Without a single digit it is no phone number: say so without asking the server.
  const digitless = !!phone && !/\d/.test(phone);
  const { currentData, error, isFetching, refetch } = useLookupLeadsByPhoneQuery(phone ?? '', {
    skip: !phone || digitless,
    refetchOnMountOrArgChange: true,
  });
  const outcome = currentData && !isFetching ? lookupOutcome(currentData.items) : null;
  const single = outcome?.kind === 'one' ? outcome.lead.id : null;
  const none = outcome?.kind === 'none';
  const createAction = useRef<ButtonBaseActions>(null);

  // The agent is on the phone: Enter creates the lead at once. (autoFocus does not reach a link.)
  useEffect(() => {
    if (none) createAction.current?.focusVisible();
  }, [none]);

  useEffect(() => {
    if (single) navigate(`/leads/${encodeURIComponent(single)}`, { replace: true });
  }, [single, navigate]);

  const header = (
    <PageHeader
      title="Incoming call"
      subtitle={shown && !digitless ? `From ${shown}` : undefined}
      documentTitle={shown ? `Incoming call ${shown}` : 'Incoming call'}
    />
  );

  if (!phone) {
    return (
      <>
        {header}
        <Card>
          <CardContent>
            <Typography variant="h6" component="h2">
              No phone number to look up
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1, maxWidth: 640 }}>
              This page finds the lead for an incoming call. The softphone opens it as{' '}
              <Box
                component="code"
                sx={{ px: 0.5, bgcolor: 'action.hover', borderRadius: 0.5, whiteSpace: 'nowrap' }}
              >
                /screen-pop?phone=+15125550134
              </Box>
              . Type a number to look it up yourself.
            </Typography>
            <LookupForm />
          </CardContent>
        </Card>
      </>
    );
  }

  if (error || digitless) {
    const info = problemFromError(error);
    const invalid = digitless
      ? 'is not a phone number'
      : info?.status === 400
        ? (fieldError(info, 'phone') ?? info.detail)
        : null;
    return (
      <>
        {header}
        {invalid ? (
          <Card>
            <CardContent>
              <Alert severity="warning" role="alert">
                {/^[a-z]/.test(invalid) ? `“${phone}” ${invalid}.` : invalid}
              </Alert>
              <LookupForm initial={phone} />
            </CardContent>
          </Card>
        ) : (
          <ProblemAlert error={error} title="The lookup failed" onRetry={refetch} />
        )}
      </>
    );
  }

  if (!outcome || outcome.kind === 'one') {
    return (
      <>
        {header}
        <Card role="status" aria-label={`Looking up ${shown}`} aria-busy="true">
          <CardContent>
            <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2 }}>
              <PhoneInTalkIcon color="primary" aria-hidden="true" />
              <Typography>
                {outcome?.kind === 'one' ? 'Opening the lead…' : `Looking up ${shown}…`}
              </Typography>
            </Stack>
            <Skeleton variant="text" width="50%" sx={{ fontSize: '1.25rem' }} />
            <Skeleton variant="text" width="70%" />
            <Skeleton variant="text" width="40%" />
          </CardContent>
        </Card>
      </>
    );
  }

  if (outcome.kind === 'none') {
    return (
      <>
        {header}
        <Card>
          <CardContent sx={{ py: 5, textAlign: 'center' }}>
            <Box
              aria-hidden="true"
              sx={{
                width: 56,
                height: 56,
                mx: 'auto',
                mb: 2,
                borderRadius: '50%',
                display: 'grid',
                placeItems: 'center',
                bgcolor: 'action.hover',
                color: 'primary.main',
              }}
            >
              <PhoneMissedIcon />
            </Box>
            <Typography variant="h5" component="h2">
              No lead with this number
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1, mb: 3 }}>
              None of the leads you can see has {shown} among its phones.
            </Typography>
            <Button
              component={RouterLink}
              to={newLeadPath(phone)}
              variant="contained"
              size="large"
              startIcon={<PersonAddIcon />}
              action={createAction}
              disableFocusRipple
            >
              Create a lead for {shown}
            </Button>
          </CardContent>
        </Card>
      </>
    );
  }

  const now = new Date();
  return (
    <>
      {header}
      <Card component="section" aria-labelledby="screen-pop-matches">
        <CardContent sx={{ pb: 0 }}>
          <Typography id="screen-pop-matches" variant="h6" component="h2">
            {outcome.leads.length} leads with this number
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Choose the caller’s lead. Most recently updated first.
          </Typography>
        </CardContent>
        <List aria-labelledby="screen-pop-matches">
          {outcome.leads.map((lead) => (
            <LeadChoice key={lead.id} lead={lead} now={now} />
          ))}
        </List>
        <CardContent sx={{ pt: 1 }}>
          <Button component={RouterLink} to={newLeadPath(phone)} startIcon={<PersonAddIcon />}>
            None of these: create a lead for {shown}
          </Button>
        </CardContent>
      </Card>
    </>
  );
}
