// A file in a message, in the console (from a web or LINE customer, or an agent): a picture
// inline (its preview; full size in a lightbox), video and voice played in place, any other file
// as a download card; pending, failed and expired ones as a note. The URLs go with the session
// cookie, so plain <img src> and links work.
import { useState } from 'preact/hooks';
import { FileIcon } from '../../shared/icons';
import { Lightbox } from '../../shared/lightbox';
import type { Attachment } from '../../shared/types';
import { fitWithin, formatSize } from '../../shared/upload';
import { useT } from '../i18n';

// The largest side of a picture in the conversation (console.css's .attachment img says the same).
const kPictureMaxPx = 240;

export function AttachmentView({ attachment }: { attachment: Attachment }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  if (attachment.status === 'pending') return <span class="attachment note">{t.attachmentPending}</span>;
  if (attachment.status === 'expired') {
    return (
      <span class="attachment note" data-testid="console-attachment-expired">
        {t.attachmentExpired}
      </span>
    );
  }
  if (attachment.status === 'failed' || !attachment.url) {
    return <span class="attachment note">{t.attachmentFailed}</span>;
  }
  const name = attachment.file_name || t.attachmentKind[attachment.kind];
  return (
    <span class="attachment" data-testid="console-attachment" data-kind={attachment.kind}>
      {attachment.kind === 'image' ? (
        <>
          <button type="button" class="picture" aria-label={t.openPicture(name)} onClick={() => setOpen(true)}>
            <img
              data-testid="console-attachment-image"
              src={attachment.preview_url ?? attachment.url}
              alt={name}
              {...fitWithin(kPictureMaxPx, attachment.width, attachment.height)}
              loading="lazy"
            />
          </button>
          {open && (
            <Lightbox
              src={attachment.url}
              alt={name}
              closeLabel={t.closePicture}
              testId="console-lightbox"
              onClose={() => setOpen(false)}
            />
          )}
        </>
      ) : attachment.kind === 'video' ? (
        <video controls preload="metadata" src={attachment.url} />
      ) : attachment.kind === 'audio' ? (
        <audio controls preload="metadata" src={attachment.url} />
      ) : (
        <a
          class="file-card"
          href={attachment.url}
          download={name}
          data-testid="console-attachment-file"
          aria-label={t.downloadFile(name)}
        >
          <FileIcon />
          <span class="file-name">{name}</span>
          <span class="file-size">{formatSize(attachment.size)}</span>
        </a>
      )}
    </span>
  );
}
