// A file in a message, in the widget: a picture inline (its preview; the full picture in a
// lightbox on click), any other file as a card that downloads it; an expired one as a note.
import { useState } from 'preact/hooks';
import { FileIcon } from '../shared/icons';
import { Lightbox } from '../shared/lightbox';
import type { Attachment } from '../shared/types';
import { fitWithin, formatSize } from '../shared/upload';
import type { ChatSession } from './chat_session';
import { blobUrl, useBlobUrl } from './file_blobs';
import type { Strings } from './i18n';

// The largest side of a picture in the conversation (widget.css's .picture img says the same).
const kPictureMaxPx = 220;

interface Props {
  attachment: Attachment;
  session: ChatSession;
  t: Strings;
}

export function AttachmentView({ attachment, session, t }: Props) {
  if (attachment.status === 'expired') {
    return (
      <p class="file-note" data-testid="widget-attachment-expired">
        {t.fileExpired}
      </p>
    );
  }
  if (attachment.status !== 'ready' || !attachment.url) {
    return <p class="file-note">{attachment.status === 'failed' ? t.fileFailed : t.filePending}</p>;
  }
  if (attachment.kind === 'image') return <InlinePicture attachment={attachment} session={session} t={t} />;
  return <FileCard attachment={attachment} session={session} t={t} />;
}

function InlinePicture({ attachment, session, t }: Props) {
  const fetchBlob = (path: string) => session.fileBlob(path);
  const preview = useBlobUrl(attachment.preview_url ?? attachment.url!, fetchBlob);
  const [open, setOpen] = useState(false);
  const full = useBlobUrl(open ? attachment.url! : null, fetchBlob);
  const name = attachment.file_name || t.picture;
  if (preview.failed) return <p class="file-note">{t.fileFailed}</p>;
  // The picture's box is its final size from the start (a canvas takes its size from width and
  // height), so the conversation does not move when the picture arrives.
  const size = fitWithin(kPictureMaxPx, attachment.width, attachment.height);
  return (
    <>
      <button type="button" class="picture" aria-label={t.openPicture(name)} onClick={() => setOpen(true)}>
        {preview.url ? (
          <img data-testid="widget-attachment-image" src={preview.url} alt={name} {...size} />
        ) : (
          <canvas class="picture-loading" aria-hidden="true" {...size} />
        )}
      </button>
      {open && (
        <Lightbox
          src={full.url ?? preview.url ?? ''}
          alt={name}
          closeLabel={t.closePicture}
          testId="widget-lightbox"
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

// Downloads through a blob: URL (the file needs the visitor token, a plain link cannot send it).
function FileCard({ attachment, session, t }: Props) {
  const [failed, setFailed] = useState(false);
  const download = async () => {
    try {
      const link = document.createElement('a');
      link.href = await blobUrl(attachment.url!, (path) => session.fileBlob(path));
      link.download = attachment.file_name || 'file';
      link.click();
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <button
      type="button"
      class="file-card"
      data-testid="widget-attachment-file"
      aria-label={t.download(attachment.file_name)}
      onClick={() => void download()}
    >
      <FileIcon />
      <span class="file-name">{attachment.file_name}</span>
      <span class="file-size">{failed ? t.fileFailed : formatSize(attachment.size)}</span>
    </button>
  );
}
