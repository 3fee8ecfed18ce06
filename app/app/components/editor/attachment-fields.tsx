import { useId, useState } from 'react';
import type { BlockOf } from './blocks';
import type { UploadAnswer } from './upload-file';
import { uploadFile } from './upload-file';

/** A file learners download: uploaded to storage through a presigned PUT, with an optional description. */
export function AttachmentFields({
  block,
  onChange,
  call,
}: {
  block: BlockOf<'attachment'>;
  onChange: (b: BlockOf<'attachment'>) => void;
  call: (form: FormData) => Promise<UploadAnswer>;
}) {
  const [status, setStatus] = useState<{ state: 'idle' | 'uploading' | 'error'; message?: string }>({ state: 'idle' });
  const statusId = useId();
  return (
    <div className="attachment-fields">
      <div className="field">
        <label htmlFor={`${block.id}-file`}>{block.storageKey === '' ? 'Upload a file' : 'Replace the file'}</label>
        <input
          id={`${block.id}-file`}
          type="file"
          aria-describedby={statusId}
          disabled={status.state === 'uploading'}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file === undefined) return;
            setStatus({ state: 'uploading' });
            try {
              const storageKey = await uploadFile(file, call);
              onChange({ ...block, storageKey, fileName: file.name.slice(0, 255) });
              setStatus({ state: 'idle' });
            } catch (error) {
              setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The upload failed.' });
            }
          }}
        />
        <p
          id={statusId}
          className={status.state === 'error' ? 'field__error' : 'field__hint'}
          role={status.state === 'error' ? 'alert' : undefined}
          aria-live="polite"
        >
          {status.state === 'uploading'
            ? 'Uploading…'
            : status.state === 'error'
              ? status.message
              : block.fileName === ''
                ? 'Any document learners download.'
                : `Attached: ${block.fileName}`}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-description`}>Description (optional)</label>
        <input
          id={`${block.id}-description`}
          value={block.description ?? ''}
          maxLength={500}
          onChange={(e) => {
            const { description: _description, ...rest } = block;
            onChange(e.target.value === '' ? rest : { ...rest, description: e.target.value });
          }}
        />
      </div>
    </div>
  );
}
