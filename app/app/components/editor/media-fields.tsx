import { parseMediaEmbedUrl } from '@mirai/sdk-plugin/media-blocks';
import { useId, useState } from 'react';
import type { BlockOf } from './blocks';
import { embedAddress } from './media-blocks';
import type { UploadAnswer } from './upload-file';
import { uploadFile } from './upload-file';

type MediaBlock = BlockOf<'media'>;
type Call = (form: FormData) => Promise<UploadAnswer>;
type Status = { state: 'idle' | 'uploading' | 'error'; message?: string };

function StatusLine({ id, status, hint }: { id: string; status: Status; hint: string }) {
  return (
    <p
      id={id}
      className={status.state === 'error' ? 'field__error' : 'field__hint'}
      role={status.state === 'error' ? 'alert' : undefined}
      aria-live="polite"
    >
      {status.state === 'uploading' ? 'Uploading…' : status.state === 'error' ? status.message : hint}
    </p>
  );
}

/** Runs an upload with its status line; `done` gets the storage key. */
function useUpload(call: Call) {
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const run = async (file: File, done: (storageKey: string) => void, contentType?: string, check?: (file: File) => Promise<string | null>) => {
    setStatus({ state: 'uploading' });
    try {
      const problem = check === undefined ? null : await check(file);
      if (problem !== null) throw new Error(problem);
      done(await uploadFile(file, call, contentType));
      setStatus({ state: 'idle' });
    } catch (error) {
      setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The upload failed.' });
    }
  };
  return { status, run };
}

/** The WebVTT signature, checked before uploading (the API checks it again). */
async function captionsProblem(file: File): Promise<string | null> {
  const head = await file.slice(0, 16).text();
  return /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(head) ? null : 'Captions must be a WebVTT file (it starts with "WEBVTT").';
}

function CaptionsFields({ block, onChange, call }: { block: MediaBlock; onChange: (b: MediaBlock) => void; call: Call }) {
  const { status, run } = useUpload(call);
  const statusId = useId();
  const captions = block.captions;
  return (
    <fieldset className="plain-fieldset media-fields__captions">
      <legend>Captions (WebVTT)</legend>
      <div className="field">
        <label htmlFor={`${block.id}-captions-file`}>{captions === undefined ? 'Upload captions' : 'Replace the captions'}</label>
        <input
          id={`${block.id}-captions-file`}
          type="file"
          accept=".vtt,text/vtt"
          aria-describedby={statusId}
          disabled={status.state === 'uploading'}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file !== undefined)
              void run(
                file,
                (storageKey) => onChange({ ...block, captions: { language: 'en', label: 'English', ...captions, storageKey } }),
                'text/vtt',
                captionsProblem,
              );
          }}
        />
        <StatusLine id={statusId} status={status} hint={captions === undefined ? 'A .vtt file.' : 'Captions uploaded.'} />
      </div>
      {captions === undefined ? null : (
        <>
          <div className="field">
            <label htmlFor={`${block.id}-captions-language`}>Captions language (e.g. en, fr-CA)</label>
            <input
              id={`${block.id}-captions-language`}
              value={captions.language}
              maxLength={35}
              onChange={(e) => onChange({ ...block, captions: { ...captions, language: e.target.value } })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${block.id}-captions-label`}>Captions label</label>
            <input
              id={`${block.id}-captions-label`}
              value={captions.label}
              maxLength={100}
              onChange={(e) => onChange({ ...block, captions: { ...captions, label: e.target.value } })}
            />
          </div>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              const { captions: _captions, ...rest } = block;
              onChange(rest);
            }}
          >
            Remove captions
          </button>
        </>
      )}
    </fieldset>
  );
}

/**
 * A video or audio block: an uploaded file (to storage through a presigned PUT, with WebVTT
 * captions for video) or a YouTube/Vimeo address, whose video id alone is kept; and a transcript.
 */
export function MediaFields({ block, onChange, call }: { block: MediaBlock; onChange: (b: MediaBlock) => void; call: Call }) {
  const { status, run } = useUpload(call);
  const [address, setAddress] = useState(block.source.from === 'embed' ? embedAddress(block.source) : '');
  const statusId = useId();
  const addressHintId = useId();
  const { source } = block;
  const embedValid = source.from === 'embed' && parseMediaEmbedUrl(address) !== null;

  return (
    <div className="media-fields">
      <div className="field">
        <label htmlFor={`${block.id}-title`}>Title</label>
        <input id={`${block.id}-title`} value={block.title} maxLength={300} onChange={(e) => onChange({ ...block, title: e.target.value })} />
      </div>
      <fieldset className="plain-fieldset">
        <legend>Recording</legend>
        <label className="choice">
          <input
            type="radio"
            name={`${block.id}-source`}
            checked={source.from === 'upload'}
            onChange={() => onChange({ ...block, source: { from: 'upload', storageKey: '' } })}
          />{' '}
          Upload a video or audio file
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${block.id}-source`}
            checked={source.from === 'embed'}
            onChange={() => {
              const { captions: _captions, ...rest } = block;
              onChange({ ...rest, kind: 'video', source: { from: 'embed', provider: 'youtube', videoId: '' } });
            }}
          />{' '}
          Embed a YouTube or Vimeo video
        </label>
      </fieldset>
      {source.from === 'upload' ? (
        <div className="field">
          <label htmlFor={`${block.id}-file`}>{source.storageKey === '' ? 'Upload the recording' : 'Replace the recording'}</label>
          <input
            id={`${block.id}-file`}
            type="file"
            accept="video/mp4,video/webm,audio/mpeg,audio/mp4,audio/ogg,audio/wav,audio/webm"
            aria-describedby={statusId}
            disabled={status.state === 'uploading'}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file === undefined) return;
              const kind: MediaBlock['kind'] = file.type.startsWith('audio/') ? 'audio' : 'video';
              void run(file, (storageKey) => {
                const next = {
                  ...block,
                  kind,
                  title: block.title || file.name.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' '),
                  source: { from: 'upload' as const, storageKey },
                };
                if (kind === 'audio') {
                  const { captions: _captions, ...rest } = next;
                  onChange(rest);
                } else onChange(next);
              });
            }}
          />
          <StatusLine
            id={statusId}
            status={status}
            hint={
              source.storageKey === '' ? 'MP4 or WebM video, MP3, M4A, OGG or WAV audio.' : `${block.kind === 'audio' ? 'Audio' : 'Video'} uploaded.`
            }
          />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${block.id}-embed`}>YouTube or Vimeo address</label>
          <input
            id={`${block.id}-embed`}
            type="url"
            value={address}
            aria-describedby={addressHintId}
            aria-invalid={address !== '' && !embedValid}
            onChange={(e) => {
              setAddress(e.target.value);
              const parsed = parseMediaEmbedUrl(e.target.value);
              onChange({ ...block, source: { from: 'embed', provider: parsed?.provider ?? 'youtube', videoId: parsed?.videoId ?? '' } });
            }}
          />
          <p id={addressHintId} className={address !== '' && !embedValid ? 'field__error' : 'field__hint'}>
            {address !== '' && !embedValid
              ? 'Only YouTube and Vimeo video addresses can be embedded.'
              : 'For example https://www.youtube.com/watch?v=…'}
          </p>
        </div>
      )}
      {source.from === 'upload' && source.storageKey !== '' && block.kind === 'video' ? (
        <CaptionsFields block={block} onChange={onChange} call={call} />
      ) : null}
      <div className="field">
        <label htmlFor={`${block.id}-transcript`}>Transcript</label>
        <textarea
          id={`${block.id}-transcript`}
          rows={5}
          value={block.transcript}
          maxLength={100_000}
          onChange={(e) => onChange({ ...block, transcript: e.target.value })}
        />
      </div>
    </div>
  );
}
