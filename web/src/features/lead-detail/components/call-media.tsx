// A call's recording and Contact Lens transcript together: the player (a short-lived,
// audited presigned URL it seeks in with ranged reads) with the analysis's sentiment,
// categories and summary, and under it the transcript following the playback.
import GraphicEqIcon from '@mui/icons-material/GraphicEq';
import SubjectIcon from '@mui/icons-material/Subject';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { problemFromError } from '@/lib/problem';
import { useCallRecordingUrlMutation, useGetCallTranscriptQuery, type LeadCall } from '../calls-api';
import { formatScore, scoreTone } from '../lib/transcript';
import { TranscriptView } from './transcript-view';

const ROLE_LABELS: Record<string, string> = { CUSTOMER: 'Customer', AGENT: 'Agent' };

function Sentiment({ scores }: { scores: Record<string, number> }) {
  const entries = Object.entries(scores).filter(([role]) => role in ROLE_LABELS);
  if (entries.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      <Typography variant="caption" color="text.secondary">
        Sentiment
      </Typography>
      {entries.map(([role, score]) => {
        const tone = scoreTone(score);
        return (
          <Chip
            key={role}
            size="small"
            variant="outlined"
            color={tone === 'default' ? 'default' : tone}
            label={`${ROLE_LABELS[role]} ${formatScore(score)}`}
          />
        );
      })}
    </Stack>
  );
}

function Panel({ call, withRecording, withTranscript }: { call: LeadCall; withRecording: boolean; withTranscript: boolean }) {
  const [fetchUrl, recording] = useCallRecordingUrlMutation();
  const transcript = useGetCallTranscriptQuery(call.id, { skip: !withTranscript });
  const audio = useRef<HTMLAudioElement | null>(null);
  const [positionMs, setPositionMs] = useState<number | null>(null);
  useEffect(() => {
    if (withRecording) void fetchUrl(call.id);
  }, [withRecording, call.id, fetchUrl]);
  const recordingProblem = problemFromError(recording.error);
  const transcriptProblem = problemFromError(transcript.error);
  const analysis = call.analysis;

  const seek = (ms: number) => {
    const player = audio.current;
    if (!player) return;
    player.currentTime = ms / 1000;
    void player.play().catch(() => undefined);
  };

  return (
    // Stacked, not in columns: the Calls tab sits in the lead page's side column, narrow on
    // every screen, so the player and the transcript each get its whole width.
    <Paper variant="outlined" sx={{ mt: 1.5, p: 2, bgcolor: 'background.default' }}>
      <Stack spacing={2}>
        <Box>
          <Stack spacing={1.5}>
            {withRecording ? (
              recording.data ? (
                <Box
                  component="audio"
                  ref={audio}
                  controls
                  src={recording.data.url}
                  preload="metadata"
                  onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
                  onSeeked={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
                  sx={{ width: '100%' }}
                  aria-label="Call recording"
                />
              ) : recordingProblem ? (
                <ProblemAlert error={recordingProblem} />
              ) : (
                <Skeleton variant="rounded" height={40} aria-label="Loading the recording" />
              )
            ) : null}
            {analysis ? (
              <>
                <Sentiment scores={analysis.sentiment ?? {}} />
                {analysis.categories && analysis.categories.length > 0 ? (
                  <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
                    <Typography variant="caption" color="text.secondary">
                      Categories
                    </Typography>
                    {analysis.categories.map((name) => (
                      <Chip key={name} size="small" color="secondary" variant="outlined" label={name} />
                    ))}
                  </Stack>
                ) : null}
                {analysis.summary ? (
                  <Box>
                    <Typography variant="caption" color="text.secondary">
                      Contact Lens summary
                    </Typography>
                    <Typography variant="body2">{analysis.summary}</Typography>
                  </Box>
                ) : null}
                <Typography variant="caption" color="text.secondary">
                  {analysis.redacted ? 'Transcript with personal data redacted' : 'Original transcript'}
                  {analysis.language ? ` · ${analysis.language}` : ''}
                </Typography>
              </>
            ) : null}
          </Stack>
        </Box>
        {withTranscript ? (
          <Box>
            {transcript.data ? (
              <TranscriptView
                turns={transcript.data.turns}
                positionMs={positionMs}
                onSeek={recording.data ? seek : undefined}
              />
            ) : transcriptProblem ? (
              <ProblemAlert error={transcriptProblem} />
            ) : (
              <Stack spacing={1} aria-label="Loading the transcript">
                {[0, 1, 2, 3].map((i) => (
                  <Skeleton key={i} variant="rounded" height={44} />
                ))}
              </Stack>
            )}
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function CallMedia({ call }: { call: LeadCall }) {
  const [open, setOpen] = useState(false);
  const hasRecording = Boolean(call.recording?.key) && call.recording?.status !== 'expired';
  const hasTranscript = Boolean(call.analysis) && call.analysis?.status !== 'expired';
  const expired = call.recording?.status === 'expired';
  if (!hasRecording && !hasTranscript) {
    return expired ? (
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        Recording deleted under the retention rules.
      </Typography>
    ) : null;
  }
  if (open) return <Panel call={call} withRecording={hasRecording} withTranscript={hasTranscript} />;
  return (
    <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
      {hasRecording ? (
        <Button size="small" startIcon={<GraphicEqIcon />} onClick={() => setOpen(true)}>
          {hasTranscript ? 'Play with transcript' : 'Play recording'}
        </Button>
      ) : (
        <Button size="small" startIcon={<SubjectIcon />} onClick={() => setOpen(true)}>
          Show transcript
        </Button>
      )}
      {expired && hasTranscript ? (
        <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
          Recording deleted under the retention rules.
        </Typography>
      ) : null}
    </Stack>
  );
}
