import { useId, useState } from 'react';
import type { BlockOf } from './blocks';
import { type UploadAnswer, uploadFile } from './upload-file';

/**
 * An image: the file goes straight from the browser to the storage plugin's presigned URL (the
 * route's action only announces and confirms it), then the block keeps its storage key.
 */
export function ImageFields({
  block,
  previewUrl,
  onChange,
  call,
}: {
  block: BlockOf<'image'>;
  previewUrl: string | null;
  onChange: (b: BlockOf<'image'>) => void;
  call: (form: FormData) => Promise<UploadAnswer>;
}) {
  const [status, setStatus] = useState<{ state: 'idle' | 'uploading' | 'error'; message?: string }>({ state: 'idle' });
  const [localUrl, setLocalUrl] = useState<string | null>(null);
  const statusId = useId();

  const upload = async (file: File) => {
    setStatus({ state: 'uploading' });
    try {
      const storageKey = await uploadFile(file, call);
      setLocalUrl(URL.createObjectURL(file));
      onChange({ ...block, storageKey, alt: block.alt || file.name.replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ') });
      setStatus({ state: 'idle' });
    } catch (error) {
      setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The upload failed.' });
    }
  };

  const shown = localUrl ?? previewUrl;
  return (
    <div className="image-fields">
      {shown === null ? (
        <p className="empty">No image yet.</p>
      ) : (
        <img className="image-fields__preview" src={shown} alt={block.alt} data-testid="image-preview" />
      )}
      <div className="field">
        <label htmlFor={`${block.id}-file`}>{block.storageKey === '' ? 'Upload an image' : 'Replace the image'}</label>
        <input
          id={`${block.id}-file`}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          aria-describedby={statusId}
          disabled={status.state === 'uploading'}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file !== undefined) void upload(file);
          }}
        />
        <p
          id={statusId}
          className={status.state === 'error' ? 'field__error' : 'field__hint'}
          role={status.state === 'error' ? 'alert' : undefined}
          aria-live="polite"
        >
          {status.state === 'uploading' ? 'Uploading…' : status.state === 'error' ? status.message : 'PNG, JPEG, GIF or WebP.'}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-alt`}>Alt text</label>
        <input id={`${block.id}-alt`} value={block.alt} maxLength={500} onChange={(e) => onChange({ ...block, alt: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${block.id}-caption`}>Caption (optional)</label>
        <input
          id={`${block.id}-caption`}
          value={block.caption ?? ''}
          maxLength={500}
          onChange={(e) => {
            const { caption: _caption, ...rest } = block;
            onChange(e.target.value === '' ? rest : { ...rest, caption: e.target.value });
          }}
        />
      </div>
    </div>
  );
}
