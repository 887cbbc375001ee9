// Sending a file from the console's reply box: the attach button, and the card of the chosen
// file (its picture or name and size, Send and Remove, the upload's progress, why it did not go
// and Try again when another try can help). A file chosen by paste or drop arrives the same way.
import { useEffect, useRef, useState } from 'preact/hooks';
import { newClientId } from '../../shared/format';
import { FileIcon, PaperclipIcon } from '../../shared/icons';
import { outgoingFile, type OutgoingFile } from '../../shared/outgoing_file';
import type { Message } from '../../shared/types';
import {
  canRetry,
  formatSize,
  kAcceptedFiles,
  problemOf,
  sentence,
  type FileLimits,
  type UploadProblem,
} from '../../shared/upload';
import { api } from '../api';
import { useT, type Strings } from '../i18n';

// Each assistant's file limits, asked once per page: a file too large is refused before it is sent.
const limitsByAssistant = new Map<string, Promise<FileLimits | undefined>>();

function fileLimits(assistantId: string): Promise<FileLimits | undefined> {
  let limits = limitsByAssistant.get(assistantId);
  if (!limits) {
    limits = api.fileLimits(assistantId).catch(() => {
      limitsByAssistant.delete(assistantId); // the server still checks; ask again next time
      return undefined;
    });
    limitsByAssistant.set(assistantId, limits);
  }
  return limits;
}

// The file being sent from one conversation's composer, and what can be done with it.
export function useOutgoingFile(conversationId: string, assistantId: string, onSent: (message: Message) => void) {
  const [outgoing, setOutgoing] = useState<OutgoingFile | null>(null);
  const current = useRef<OutgoingFile | null>(null);
  current.current = outgoing;
  // The thumbnail's object URL lives as long as its card.
  useEffect(() => {
    const thumbnail = outgoing?.thumbnail;
    return () => {
      if (thumbnail) URL.revokeObjectURL(thumbnail);
    };
  }, [outgoing?.thumbnail]);
  const patch = (clientId: string, change: Partial<OutgoingFile>) =>
    setOutgoing((file) => (file?.clientId === clientId ? { ...file, ...change } : file));

  const choose = async (file: File) => {
    if (current.current?.state === 'uploading') return;
    const limits = await fileLimits(assistantId);
    setOutgoing(outgoingFile(file, newClientId(), limits));
  };
  const forget = () => setOutgoing(null);
  const send = async () => {
    const chosen = current.current;
    if (!chosen || chosen.state === 'uploading' || (chosen.problem && !canRetry(chosen.problem))) return;
    patch(chosen.clientId, { state: 'uploading', progress: 0, problem: null });
    try {
      const message = await api.upload(conversationId, chosen.file, chosen.clientId, (progress) =>
        patch(chosen.clientId, { progress }),
      );
      onSent(message);
      setOutgoing((file) => (file?.clientId === chosen.clientId ? null : file));
    } catch (error) {
      patch(chosen.clientId, { state: 'failed', problem: problemOf(error) });
    }
  };
  return { outgoing, choose, forget, send };
}

export function AttachButton({ disabled, onChoose }: { disabled: boolean; onChoose: (file: File) => void }) {
  const { t } = useT();
  const picker = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class="ghost attach"
        data-testid="console-attach"
        aria-label={t.attachFile}
        title={t.attachFile}
        disabled={disabled}
        onClick={() => picker.current?.click()}
      >
        <PaperclipIcon />
      </button>
      <input
        ref={picker}
        type="file"
        accept={kAcceptedFiles}
        hidden
        onChange={(event) => {
          const input = event.target as HTMLInputElement;
          const file = input.files?.[0];
          if (file) onChoose(file);
          input.value = ''; // the same file again is a new choice
        }}
      />
    </>
  );
}

// The reason in the agent's language: sizes from the limits; a code the language translates; the
// server's own words otherwise.
function problemText(problem: UploadProblem, t: Strings): string {
  if (problem.limitBytes) {
    return (problem.code === 'too_large_image' ? t.tooLargeImage : t.tooLargeFile)(formatSize(problem.limitBytes));
  }
  return t.fileErrors[problem.code] ?? (sentence(problem.message) || problem.code);
}

interface CardProps {
  outgoing: OutgoingFile;
  onSend: () => void;
  onRemove: () => void;
}

export function OutgoingFileCard({ outgoing, onSend, onRemove }: CardProps) {
  const { t } = useT();
  const uploading = outgoing.state === 'uploading';
  const problem = outgoing.problem;
  const percent = Math.round(outgoing.progress * 100);
  return (
    <div
      class="outgoing"
      role="group"
      data-testid="console-attachment-preview"
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
        <progress data-testid="console-upload-progress" max={100} value={percent} aria-label={t.uploading(percent)} />
      )}
      {problem && (
        <p class="upload-error" role="alert" data-testid="console-upload-error" data-code={problem.code}>
          {problemText(problem, t)}
        </p>
      )}
      <div class="outgoing-actions">
        <button
          type="button"
          class="ghost"
          data-testid="console-attachment-remove"
          disabled={uploading}
          onClick={onRemove}
        >
          {t.removeFile}
        </button>
        {problem && canRetry(problem) ? (
          <button type="button" class="primary" data-testid="console-upload-retry" onClick={onSend}>
            {t.retryFile}
          </button>
        ) : (
          !problem && (
            <button
              type="button"
              class="primary"
              data-testid="console-attachment-send"
              disabled={uploading}
              onClick={onSend}
            >
              {uploading ? t.uploading(percent) : t.sendFile}
            </button>
          )
        )}
      </div>
    </div>
  );
}
