// Files of the conversation as blob: URLs. They need the visitor token, which <img src> and a
// download link cannot send; each is fetched once per page (pictures re-render often) and kept
// for the page's life, as the conversation on screen is.
import { useEffect, useState } from 'preact/hooks';

const fetched = new Map<string, Promise<string>>();

export function blobUrl(path: string, fetchBlob: (path: string) => Promise<Blob>): Promise<string> {
  let url = fetched.get(path);
  if (!url) {
    url = fetchBlob(path).then((blob) => URL.createObjectURL(blob));
    // A failure is not kept: the next render may try again.
    url.catch(() => fetched.delete(path));
    fetched.set(path, url);
  }
  return url;
}

export interface FetchedFile {
  url: string | null; // the blob: URL once fetched
  failed: boolean;
}

// `path` (null: nothing yet) fetched for showing.
export function useBlobUrl(path: string | null, fetchBlob: (path: string) => Promise<Blob>): FetchedFile {
  const [file, setFile] = useState<FetchedFile>({ url: null, failed: false });
  useEffect(() => {
    if (!path) return;
    let current = true;
    blobUrl(path, fetchBlob).then(
      (url) => current && setFile({ url, failed: false }),
      () => current && setFile({ url: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [path]);
  return file;
}
