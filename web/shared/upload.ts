// Sending a file to Baton: the request body is the file's bytes (name and client_id in the query),
// sent with XMLHttpRequest because fetch cannot report how much of the body has gone out.
import { ApiError } from './http';

// What a picker offers: pictures, PDF, Office and OpenDocument files, video, audio, zip, text.
export const kAcceptedFiles =
  'image/*,video/*,audio/*,application/pdf,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,' +
  '.zip,application/zip,.txt,.csv,text/plain,text/csv';

// The largest picture and other file the server takes (the widget's config says).
export interface FileLimits {
  max_image_bytes: number;
  max_file_bytes: number;
}

// Why a file did not go: refused here before sending (`too_large`), or the server's error code
// (payload_too_large, unsupported_media_type, file_infected, unavailable, ...; `network` when no
// answer came) with its own words for codes a screen has no translation of.
export interface UploadProblem {
  code: string;
  message: string;
  limitBytes?: number; // too_large: the largest file of its kind
}

// Worth another try with the same client_id: the file itself was not the problem.
export function canRetry(problem: UploadProblem): boolean {
  return problem.code === 'network' || problem.code === 'unavailable' || problem.code === 'rate_limited';
}

export function problemOf(error: unknown): UploadProblem {
  if (error instanceof ApiError) return { code: error.status === 0 ? 'network' : error.code, message: error.message };
  return { code: 'network', message: String(error) };
}

// The server's words ("the file is empty") as a sentence to show.
export function sentence(words: string): string {
  if (!words) return words;
  const capitalised = words[0].toUpperCase() + words.slice(1);
  return /[.!?。]$/.test(capitalised) ? capitalised : capitalised + '.';
}

// Whether a drag left `element` for somewhere outside it (not just for one of its children).
export const leftElement = (event: DragEvent): boolean =>
  !(event.currentTarget as Node).contains(event.relatedTarget as Node | null);

export const isImageType = (type: string): boolean => type.startsWith('image/');

export function uploadPath(path: string, file: File, clientId: string): string {
  const name = file.name || 'file';
  return `${path}?name=${encodeURIComponent(name)}&client_id=${encodeURIComponent(clientId)}`;
}

// POSTs `file` as the body; `onProgress` gets the fraction sent (0..1). Answers the JSON body of
// a 2xx; throws ApiError otherwise (status 0 when no answer came).
export function uploadFile<T>(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  withCredentials: boolean,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = withCredentials;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'the connection failed'));
    xhr.ontimeout = xhr.onerror;
    xhr.onload = () => {
      let body: { error?: { code: string; message: string } } | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const error = body?.error ?? { code: 'http_' + xhr.status, message: xhr.statusText };
      reject(new ApiError(xhr.status, error.code, error.message));
    };
    xhr.send(file);
  });
}

// "850 B", "12 kB", "3.4 MB": decimal units, as the server states its limits (20 MB = 20,000,000 bytes).
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}

// The size to show a picture at, within `max` pixels each way, from the dimensions the server
// stored: known before the picture loads, so the conversation does not jump when it does.
export function fitWithin(max: number, width?: number, height?: number): { width?: number; height?: number } {
  if (!width || !height) return {};
  const scale = Math.min(1, max / width, max / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

// The first file a paste or a drop carries, if any.
export function fileIn(data: DataTransfer | null): File | null {
  return data && data.files.length > 0 ? data.files[0] : null;
}

// Whether a drag carries files (its files stay hidden until the drop).
export const dragHasFiles = (data: DataTransfer | null): boolean => !!data && Array.from(data.types).includes('Files');
