// Choosing a file in the widget: the paperclip (and, on phones, the camera) button, and the card
// of the chosen file: its picture or name and size, Send and Remove, the upload's progress, and
// why it did not go (with Try again when another try can help).
import { useRef } from 'preact/hooks';
import { CameraIcon, FileIcon, PaperclipIcon } from '../shared/icons';
import type { OutgoingFile } from '../shared/outgoing_file';
import { canRetry, formatSize, kAcceptedFiles, sentence, type FileLimits, type UploadProblem } from '../shared/upload';
import type { ChatSession } from './chat_session';
import type { Strings } from './i18n';

// A separate camera button only where there is one: touch screens (phones, tablets).
const hasCamera = (): boolean => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

export function AttachButtons({ session, t }: { session: ChatSession; t: Strings }) {
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const chosen = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) session.chooseFile(file);
    input.value = ''; // the same file again is a new choice
  };
  return (
    <>
      <button
        type="button"
        class="icon-button"
        data-testid="widget-attach"
        aria-label={t.attach}
        title={t.attach}
        onClick={() => picker.current?.click()}
      >
        <PaperclipIcon />
      </button>
      <input ref={picker} type="file" accept={kAcceptedFiles} hidden onChange={chosen} />
      {hasCamera() && (
        <>
          <button
            type="button"
            class="icon-button"
            data-testid="widget-camera"
            aria-label={t.camera}
            title={t.camera}
            onClick={() => camera.current?.click()}
          >
            <CameraIcon />
          </button>
          <input ref={camera} type="file" accept="image/*" capture="environment" hidden onChange={chosen} />
        </>
      )}
    </>
  );
}

// The problem in the customer's language: sizes from the config; a code the language translates;
// the server's own words otherwise.
export function problemText(problem: UploadProblem, file: OutgoingFile, limits: FileLimits | undefined, t: Strings) {
  const tooLarge = problem.code === 'too_large_image' || problem.code === 'too_large_file';
  if (tooLarge || (problem.code === 'payload_too_large' && limits)) {
    const limit = problem.limitBytes ?? (file.image ? limits!.max_image_bytes : limits!.max_file_bytes);
    return (file.image ? t.tooLargeImage : t.tooLargeFile)(formatSize(limit));
  }
  return t.fileErrors[problem.code] ?? (sentence(problem.message) || problem.code);
}

interface CardProps {
  outgoing: OutgoingFile;
  limits: FileLimits | undefined;
  session: ChatSession;
  t: Strings;
}

export function OutgoingFileCard({ outgoing, limits, session, t }: CardProps) {
  const uploading = outgoing.state === 'uploading';
  const problem = outgoing.problem;
  const percent = Math.round(outgoing.progress * 100);
  return (
    <div
      class="outgoing"
      role="group"
      data-testid="widget-attachment-preview"
      data-state={outgoing.state}
      aria-label={t.fileToSend}
    >
      <div class="outgoing-file">
        {outgoing.thumbnail ? (
          <img class="thumbnail" src={outgoing.thumbnail} alt={outgoing.file.name} />
        ) : (
          <FileIcon />
        )}
        <span class="file-name">{outgoing.file.name}</span>
        <span class="file-size">{formatSize(outgoing.file.size)}</span>
      </div>
      {uploading && (
        <progress data-testid="widget-upload-progress" max={100} value={percent} aria-label={t.uploading(percent)} />
      )}
      {problem && (
        <p class="upload-error" role="alert" data-testid="widget-upload-error" data-code={problem.code}>
          {problemText(problem, outgoing, limits, t)}
        </p>
      )}
      <div class="outgoing-actions">
        <button
          type="button"
          class="link"
          data-testid="widget-attachment-remove"
          disabled={uploading}
          onClick={() => session.forgetFile()}
        >
          {t.removeFile}
        </button>
        {problem && canRetry(problem) ? (
          <button type="button" data-testid="widget-upload-retry" onClick={() => void session.sendFile()}>
            {t.retryFile}
          </button>
        ) : (
          !problem && (
            <button
              type="button"
              data-testid="widget-attachment-send"
              disabled={uploading}
              onClick={() => void session.sendFile()}
            >
              {uploading ? t.uploading(percent) : t.sendFile}
            </button>
          )
        )}
      </div>
    </div>
  );
}
